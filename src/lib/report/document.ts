/**
 * The lägesbild as files for the Typst compiler: one fixed template (template.ts) that lays out
 * `data.json`, and the SVG figures it includes. All wording and numbers are decided here, in
 * TypeScript and tested; the template only places them. Text from the input travels as JSON
 * strings, which Typst prints as text and never evaluates as markup or code, so a summary that
 * contains "#" or "]" is printed as written.
 */

import { AREA_CLASS_LABELS, PLACE_CATEGORY_LABELS } from '../layers/labels';
import { MEASURE_STATUS_LABELS } from '../measures/status';
import { PLACE_CATEGORIES, type AreaClass, type PlaceCategory } from '../geo/schema';
import { STATUS_LABELS } from '../analysis';
import { indicatorChartSvg } from './charts/indicator-chart';
import { EXAMPLE_MARK, indicatorProblems, indicatorTable, type IndicatorTable } from './indicators';
import { areaMapSvg, placesMapSvg, scenesMapSvg } from './maps/report-maps';
import type { CollaborationArea, DrugSceneSection, ReportInput, ReportLayer, ReportMeasure, WorkForm } from './model';
import { sceneParagraphs } from './scene-paragraph';
import { metres } from './swedish';
import { LAGESBILD_TEMPLATE } from './template';

/** Typst main source plus the files it reads by path from the root, e.g. "figures/omradet.svg". */
export interface TypstDocument {
	main: string;
	files: Record<string, string>;
}

/** The input cannot make a document: every problem, in Swedish, naming the bad value. */
export class ReportInputError extends Error {
	constructor(readonly problems: string[]) {
		super(`Lägesbilden kan inte skapas: ${problems.join(' ')}`);
		this.name = 'ReportInputError';
	}
}

interface Figure {
	file: string;
	caption: string;
}

const WORK_FORM_TEXT: Record<WorkForm, string> = {
	'special-measures': 'Pågår/finns behov av särskilda åtgärder – ingår i åtgärdsplanen',
	'line-work': 'Arbete sker i linjeverksamhet'
};

/** "Källa: …", and what the drawing's precision is when the geometry is approximate. */
function layerCredit(layer: ReportLayer): string {
	const approximate = layer.approximate ? ` Ungefärlig geometri: ${layer.precision}` : '';
	return `${layer.title}: ${layer.source}${approximate}`;
}

const dayMonthYear = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Stockholm' });
/** "30 november 2023" (noon, so no time zone moves the day). */
const calendarDate = (date: string) => dayMonthYear.format(new Date(`${date}T12:00:00Z`));
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const paragraphs = (body: string) => body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);

function problemsOf(input: ReportInput): string[] {
	const problems: string[] = [];
	if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) problems.push(`Året ${JSON.stringify(input.year)} är inte ett årtal.`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.asOf)) problems.push(`Datumet ${JSON.stringify(input.asOf)} ska skrivas ÅÅÅÅ-MM-DD.`);
	problems.push(...input.indicators.flatMap(indicatorProblems));
	const measureIds = new Set(input.measures.map((m) => m.id));
	for (const area of input.collaborationAreas) {
		for (const item of area.priorities) {
			for (const id of item.measureIds.filter((id) => !measureIds.has(id))) {
				problems.push(`Samverkansområdet "${area.title}": prioriteringen "${item.text}" pekar på åtgärden ${JSON.stringify(id)}, som inte finns bland åtgärderna.`);
			}
		}
	}
	const scenes = input.drugScenes;
	if (scenes) {
		const { fromYear, toYear } = scenes.comparison;
		const ids = (layer: ReportLayer) => layer.features.features.map((f) => String(f.properties?.['id']));
		const compared = new Set(scenes.comparison.scenes.map((s) => s.id));
		const missing = [...ids(scenes.from), ...ids(scenes.to)].filter((id) => !compared.has(id));
		if (missing.length) problems.push(`Analysen av ${fromYear} och ${toYear} saknar scenerna ${missing.join(', ')}: analysera samma lager som dokumentet ritar.`);
	}
	return problems;
}

function tableOf(header: string[], rows: string[][]): IndicatorTable {
	return { header, rows };
}

function areaSection(input: ReportInput, figures: Record<string, string>) {
	figures['figures/omradet.svg'] = areaMapSvg(input);
	const classOf = new Map<string, string>();
	for (const feature of input.areaClasses?.features.features ?? []) {
		const label = AREA_CLASS_LABELS[feature.properties?.['areaClass'] as AreaClass];
		for (const district of (feature.properties?.['districts'] as string[] | undefined) ?? []) {
			classOf.set(district, classOf.has(district) ? `${classOf.get(district)}, ${feature.properties?.['name']}: ${label}` : `${feature.properties?.['name']}: ${label}`);
		}
	}
	const credits = [input.districts, input.areaClasses].flatMap((layer) => (layer ? [layerCredit(layer)] : []));
	return {
		figure: {
			file: '/figures/omradet.svg',
			caption: `Stadsdelarna i Järva stadsdelsområde och lokalpolisområde Järva${input.areaClasses ? ' med polisens områdesklassning' : ''}. Källa: ${credits.join(' ')}`
		} satisfies Figure,
		table: tableOf(
			['Stadsdel', 'Del', 'Polisens klassning'],
			input.districts.features.features.map((f) => [
				String(f.properties?.['name'] ?? ''),
				String(f.properties?.['part'] ?? ''),
				classOf.get(String(f.properties?.['name'])) ?? '–'
			])
		)
	};
}

function indicatorSections(input: ReportInput, figures: Record<string, string>) {
	return input.indicators.map((series, i) => {
		const file = `figures/indikator-${i + 1}.svg`;
		figures[file] = indicatorChartSvg(series);
		const scale = series.scale ? ` Skala: ${series.scale.levels.join(', ')}.` : '';
		return {
			title: series.title,
			example: series.example ? EXAMPLE_MARK : null,
			note: series.note ?? null,
			figure: {
				file: `/${file}`,
				caption: `${series.title} (${series.unit}).${scale}${series.example ? ` ${EXAMPLE_MARK}.` : ''} Källa: ${sentence(series.source)}`
			} satisfies Figure,
			table: indicatorTable(series)
		};
	});
}

function sceneSection(section: DrugSceneSection, input: ReportInput, figures: Record<string, string>) {
	const { comparison } = section;
	figures['figures/drogscener.svg'] = scenesMapSvg(section, input.districts, input.context);
	const precisionOf = (layer: ReportLayer) => {
		const values = layer.features.features.map((f) => f.properties?.['precisionMeters']).filter((m): m is number => typeof m === 'number');
		return values.length ? Math.max(...values) : null;
	};
	const byId = new Map(comparison.scenes.map((s) => [s.id, s]));
	const moves = comparison.relations.filter((r) => r.type === 'displacement');
	const continued = new Map(comparison.relations.filter((r) => r.type === 'same').flatMap((r) => r.to.map((id) => [id, r] as const)));
	const rows = comparison.scenes
		.filter((s) => !(s.year === comparison.toYear && continued.has(s.id)))
		.map((scene) => {
			const persisted = scene.status === 'persisted';
			const note = moves
				.filter((r) => r.from.includes(scene.id) || r.to.includes(scene.id))
				.map((r) => {
					const other = byId.get(r.from.includes(scene.id) ? r.to[0]! : r.from[0]!)!;
					return `${r.from.includes(scene.id) ? 'möjligen flyttad till' : 'möjligen flyttad från'} ${other.name}, ${metres(r.distance)}`;
				});
			return [
				scene.name,
				scene.district ?? '–',
				scene.year === comparison.fromYear ? 'ja' : '–',
				scene.year === comparison.toYear || persisted ? 'ja' : '–',
				STATUS_LABELS[scene.status],
				note.join('; ') || '–'
			];
		});
	return {
		fromYear: comparison.fromYear,
		toYear: comparison.toYear,
		paragraphs: sceneParagraphs(comparison, {
			displacementRadius: section.displacementRadius,
			precision: { from: precisionOf(section.from), to: precisionOf(section.to) }
		}),
		figure: {
			file: '/figures/drogscener.svg',
			caption: `Öppna drogscener ${comparison.fromYear} (streckade, skrafferade) och ${comparison.toYear} (heldragna) i lokalpolisområde Järva; streckad linje: möjlig förflyttning. Källa: ${layerCredit(section.from)} ${layerCredit(section.to)}`
		} satisfies Figure,
		table: tableOf(['Plats', 'Stadsdel', String(comparison.fromYear), String(comparison.toYear), 'Status', 'Anmärkning'], rows)
	};
}

function placeSection(places: ReportLayer, input: ReportInput, figures: Record<string, string>) {
	figures['figures/otrygga-platser.svg'] = placesMapSvg(places, input.districts, input.context);
	const example = places.features.features.some((f) => f.properties?.['example'] === true);
	const count = new Map<string, number>();
	for (const f of places.features.features) {
		const key = `${f.properties?.['category']}\u0000${f.properties?.['district']}`;
		count.set(key, (count.get(key) ?? 0) + 1);
	}
	const present = PLACE_CATEGORIES.filter((c) => places.features.features.some((f) => f.properties?.['category'] === c));
	const districts = [...new Set(places.features.features.map((f) => String(f.properties?.['district'] ?? '–')))];
	return {
		example: example ? 'Exempel – påhittade platser' : null,
		figure: {
			file: '/figures/otrygga-platser.svg',
			caption: `Otrygga platser efter kategori.${example ? ' Exempel – påhittade platser.' : ''} Källa: ${layerCredit(places)}`
		} satisfies Figure,
		table: tableOf(
			['Stadsdel', ...present.map((c) => PLACE_CATEGORY_LABELS[c as PlaceCategory])],
			districts.map((d) => [d, ...present.map((c) => String(count.get(`${c}\u0000${d}`) ?? 0))])
		)
	};
}

function collaborationSection(area: CollaborationArea, measures: Map<string, ReportMeasure>) {
	const status = (m: ReportMeasure) => MEASURE_STATUS_LABELS[m.status].sv.toLowerCase();
	return {
		title: area.title,
		section: area.section,
		example: area.example ? 'Exempel – demotext med teamets egna ord' : null,
		description: paragraphs(area.description),
		collaborators: area.collaborators,
		goals: area.goals,
		workForm: area.workForms.length ? area.workForms.map((w) => WORK_FORM_TEXT[w]).join('; ') : 'Anges inte',
		comment: paragraphs(area.comment),
		results: area.results,
		prioritiesYear: area.prioritiesYear,
		priorities: area.priorities.map((item) => ({
			text: item.text,
			links: [
				...item.measureIds.map((id) => `Åtgärd: ${measures.get(id)!.title} (${status(measures.get(id)!)})`),
				...item.places.map((place) => `Plats: ${place}`)
			].join(' · ')
		}))
	};
}

function measureTable(measures: ReportMeasure[]): IndicatorTable {
	return tableOf(
		['Åtgärd', 'Status', 'Ansvarig', 'Klar senast', 'Plats'],
		measures.map((m) => [
			m.example ? `${m.title} (exempel)` : m.title,
			MEASURE_STATUS_LABELS[m.status].sv,
			m.owner,
			m.dueDate,
			m.place ?? '–'
		])
	);
}

/**
 * Everything the compiler needs for "Lägesbild Järva {år}": the template, data.json and the
 * figures. Throws `ReportInputError` listing every problem when the input cannot make a document.
 *
 * @example
 * const document = buildReport(input);
 * compilePdf(document); // in src/lib/server/report
 */
export function buildReport(input: ReportInput): TypstDocument {
	const problems = problemsOf(input);
	if (problems.length) throw new ReportInputError(problems);
	const figures: Record<string, string> = {};
	const measures = new Map(input.measures.map((m) => [m.id, m]));
	const data = {
		title: `Lägesbild Järva ${input.year}`,
		year: input.year,
		reader: input.reader,
		asOf: calendarDate(input.asOf),
		summary: input.summary.map((s) => ({ title: s.title, paragraphs: paragraphs(s.body) })),
		sources: input.sources.map((s) => (s.note ? `${s.name} – ${s.note}` : s.name)),
		area: areaSection(input, figures),
		indicators: indicatorSections(input, figures),
		scenes: input.drugScenes ? sceneSection(input.drugScenes, input, figures) : null,
		places: input.insecurePlaces ? placeSection(input.insecurePlaces, input, figures) : null,
		collaboration: input.collaborationAreas.map((area) => collaborationSection(area, measures)),
		measures: input.measures.length ? measureTable(input.measures) : null
	};
	return { main: LAGESBILD_TEMPLATE, files: { 'data.json': JSON.stringify(data, null, 1), ...figures } };
}
