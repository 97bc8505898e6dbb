/**
 * "Veckans lägesbild" of one ISO week as files for the Typst compiler (the yearly lägesbild's
 * machinery: compile-pdf.ts, the shipped Noto Sans, SvgMap for the map): the week's map (district
 * outlines, hot and cold cells, the reports, the focus places numbered), the hot spots, the counts
 * per category and district against the four weeks before, the week's focus places with their
 * measures, and last week's follow-up. Every word and number is decided here; the template only
 * places them, and text from the data travels as JSON strings (never evaluated as markup).
 *
 * Honest: invented demo reports are marked "Exempel – påhittade händelser" on the first page and
 * on the map; every source and licence is named. Pure: the caller gathers the data.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { spotLabel } from '../analysis/hotspots-text';
import type { WeekComparison } from '../analysis/week-comparison';
import { changeText, weekTitle } from '../weekly/format';
import { EXAMPLE_LABEL } from '../reports/categories';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../measures/status';
import { FOLLOW_UP_LABELS, type FocusPlace } from '../weekly/focus';
import { theme } from '../map/theme';
import { labelPoints } from '../map/label-points';
import type { ReportInput, ReportLayer } from './model';
import { SvgMap } from './maps/svg-map';
import type { TypstDocument } from './document';

export interface WeekHotCell {
	id: string;
	district: string | null;
	count: number;
	neighbourhoodCount: number;
	z: number;
	pFdr: number;
	class: 'hot' | 'cold' | 'none';
	confidence: 90 | 95 | 99 | null;
	bin: number;
	geometry: Polygon;
}

export interface WeekReportInput {
	week: string;
	/** The reader's organisation: whose edition this is. */
	reader: string;
	/** Whether the reader sees every organisation's reports (else only its own: said on page one). */
	seesAll: boolean;
	/** Any report shown is an invented demo report. */
	examples: boolean;
	reports: [number, number][];
	/** The significant cells (hot or cold). */
	cells: WeekHotCell[];
	cellSize: number;
	fdr: boolean;
	comparison: WeekComparison;
	categoryLabels: Record<string, string>;
	focusPlaces: FocusPlace[];
	followUp: FocusPlace[];
	districts: ReportLayer<Polygon | MultiPolygon>;
	context?: ReportInput['context'];
}

export const BIN_COLOURS: Record<number, string> = { [-3]: '#2166ac', [-2]: '#67a9cf', [-1]: '#d1e5f0', 1: '#fddbc7', 2: '#ef8a62', 3: '#b2182b' };
const FOCUS_COLOUR = '#6a1b9a';
export const REPORTS_SOURCE = 'Partnernas rapporter i Lägeskartan (veckans lägesbild)';

const decimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });
const fixed2 = new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export { weekTitle, changeText };

const licencesOf = (...layers: (ReportLayer | undefined)[]) => [
	...new Set(layers.flatMap((l) => l?.features.features.map((f) => f.properties?.['licence']) ?? []).filter((l): l is string => typeof l === 'string' && l.length > 0))
];

/** The week's map as SVG: the same figure in the PDF and on the print page. */
export function weekMapSvg(input: Pick<WeekReportInput, 'districts' | 'context' | 'cells' | 'reports' | 'focusPlaces' | 'examples'>, width = 480): string {
	const map = new SvgMap([input.districts.features], width);
	if (input.context?.water) map.areas(input.context.water.features, { fill: theme.water, stroke: 'none' });
	if (input.context?.streets) map.lines(input.context.streets.features, { stroke: theme.streetCasing, strokeWidth: 0.6 });
	map.areas(
		{ type: 'FeatureCollection', features: input.cells.filter((c) => c.bin !== 0).map((c) => ({ type: 'Feature', properties: { bin: c.bin }, geometry: c.geometry })) },
		(f) => ({ fill: BIN_COLOURS[Number(f.properties?.['bin'])] ?? '#ffffff', fillOpacity: 0.75, stroke: '#555555', strokeWidth: 0.4 })
	);
	map.areas(input.districts.features, { stroke: theme.district.line, strokeWidth: 0.9 });
	for (const point of labelPoints(input.districts.features).features) {
		map.label(point.geometry.coordinates, String(point.properties?.['name'] ?? ''), { bold: true, centred: true, colour: theme.district.label, size: 8 });
	}
	map.points({ type: 'FeatureCollection', features: input.reports.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } })) }, () => ({ fill: '#1d2b44', stroke: '#ffffff', radius: 2 }));
	map.points(
		{ type: 'FeatureCollection', features: input.focusPlaces.map((f) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: f.position } })) },
		() => ({ fill: FOCUS_COLOUR, stroke: '#ffffff', radius: 5 })
	);
	input.focusPlaces.forEach((f, i) => map.label(f.position, `${i + 1}`, { bold: true, colour: FOCUS_COLOUR, size: 10 }));
	if (input.examples) map.note(EXAMPLE_LABEL);
	const hotSeen = [...new Set(input.cells.map((c) => c.bin).filter((b) => b !== 0))].sort((a, b) => b - a);
	map.legend([
		{ label: 'Rapport', point: { fill: '#1d2b44', stroke: '#ffffff', radius: 2.5 } },
		{ label: 'Fokusplats (nummer som i listan)', point: { fill: FOCUS_COLOUR, stroke: '#ffffff', radius: 4 } },
		...hotSeen.map((bin) => ({ label: spotLabel(bin > 0 ? 'hot' : 'cold', ([90, 95, 99] as const)[Math.abs(bin) - 1]!), area: { fill: BIN_COLOURS[bin], fillOpacity: 0.75, stroke: '#555555', strokeWidth: 0.4 } })),
		{ label: 'Stadsdelsgräns', area: { stroke: theme.district.line, strokeWidth: 0.9, fill: 'none' } }
	]);
	return map.finish([...licencesOf(input.districts, input.context?.water, input.context?.streets), input.examples ? `rapporter: ${EXAMPLE_LABEL.toLowerCase()}` : 'rapporter: partnerna i Lägeskartan']);
}

const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const pText = (p: number) => (p < 0.0001 ? '< 0,0001' : new Intl.NumberFormat('sv-SE', { minimumFractionDigits: 4, maximumFractionDigits: 4 }).format(p));

function focusRows(places: FocusPlace[], withFollowUp: boolean): string[][] {
	return places.map((f, i) => [
		String(i + 1),
		f.name,
		f.ownerOrganisationName,
		f.text + (f.carriedFrom ? ' (fortsätter från förra veckan)' : ''),
		f.measures.length ? f.measures.map((m) => `${m.title} – ${m.ownerOrganisationName}, ${(MEASURE_STATUS_LABELS[m.status as MeasureStatus]?.sv ?? m.status).toLowerCase()}, senast ${m.dueDate}`).join('; ') : 'Inga',
		...(withFollowUp ? [f.followUp ? `${FOLLOW_UP_LABELS[f.followUp.outcome]}${f.followUp.note ? `: ${f.followUp.note}` : ''} (${f.followUp.by})` : 'Inte uppföljd'] : [])
	]);
}

/** The document's data, every string final. */
export function weekReportData(input: WeekReportInput) {
	const title = `Veckans lägesbild – ${weekTitle(input.week)}`;
	const cmp = input.comparison;
	const hot = input.cells.filter((c) => c.class !== 'none').sort((a, b) => b.z - a.z);
	return {
		title,
		reader: input.reader,
		example: input.examples ? `${EXAMPLE_LABEL}: rapporterna i den här utgåvan är skapade av demolägets skript för att visa hur veckans lägesbild fungerar. De har aldrig hänt.` : null,
		scope: input.seesAll ? null : `Utgåvan bygger bara på ${input.reader}s egna rapporter och de fokusplatser organisationen äger; stadsdelsförvaltningen och polisen ser alla rapporter.`,
		total: `${cmp.total.current} rapporter vecka ${Number(input.week.slice(6))}, mot i snitt ${decimal.format(cmp.total.baselineMean)} veckorna ${cmp.baselineWeeks[0]}–${cmp.baselineWeeks.at(-1)} (${changeText(cmp.total)}).`,
		map: { file: 'figures/karta.svg', caption: `Veckans rapporter, heta och kalla områden (Getis-Ord Gi* på rutor à ${input.cellSize} m${input.fdr ? ', korrigerat för många rutor (FDR)' : ''}) och veckans fokusplatser.` },
		hot: {
			intro: hot.length
				? `${hot.length} ${hot.length === 1 ? 'ruta sticker' : 'rutor sticker'} ut den här veckan${hot.length > 15 ? ' (de 15 starkaste listas)' : ''}. z mäter hur mycket fler (eller färre) rapporter rutan och dess grannar har än snittet; p efter korrigering för att många rutor prövas.`
				: 'Inga rutor sticker ut den här veckan.',
			table: { header: ['Ruta', 'Stadsdel', 'Område', 'Rapporter (ruta/grannskap)', 'z', 'p (FDR)'], rows: hot.slice(0, 15).map((c) => [c.id, c.district ?? 'utanför stadsdelarna', spotLabel(c.class as 'hot' | 'cold', c.confidence!), `${c.count} / ${c.neighbourhoodCount}`, fixed2.format(c.z), pText(c.pFdr)]) }
		},
		categories: {
			header: ['Kategori', 'Veckan', 'Snitt 4 v.', 'Förändring'],
			rows: cmp.byCategory.filter((c) => c.reading !== 'none').map((c) => [input.categoryLabels[c.category] ?? c.category, String(c.current), decimal.format(c.baselineMean), changeText(c)])
		},
		districts: {
			header: ['Stadsdel', 'Veckan', 'Snitt 4 v.', 'Förändring'],
			rows: cmp.byDistrict.filter((c) => c.reading !== 'none').map((c) => [c.district, String(c.current), decimal.format(c.baselineMean), changeText(c)])
		},
		smallNote: '* Få rapporter: förändringen kan lika gärna vara slump.',
		focus: input.focusPlaces.length ? { header: ['Nr', 'Plats', 'Ansvarig', 'Vad', 'Åtgärder'], rows: focusRows(input.focusPlaces, false) } : null,
		followUp: input.followUp.length ? { header: ['Nr', 'Plats', 'Ansvarig', 'Vad', 'Åtgärder', 'Uppföljning'], rows: focusRows(input.followUp, true) } : null,
		sources: [
			`${REPORTS_SOURCE}${input.examples ? ` – ${EXAMPLE_LABEL.toLowerCase()}` : ''}.`,
			sentence(`${input.districts.title}: ${input.districts.source}`),
			...(input.context?.streets ? [sentence(`${input.context.streets.title}: ${input.context.streets.source}`)] : []),
			...(input.context?.water ? [sentence(`${input.context.water.title}: ${input.context.water.source}`)] : []),
			'Heta områden: Getis-Ord Gi* (avståndsband rutans diagonal), Benjamini–Hochberg för många rutor; se Lägeskartans sida Veckan.'
		]
	};
}

export const WEEK_TEMPLATE = String.raw`
#let data = json("/data.json")
#let ink = rgb("#24221f")
#let muted = rgb("#5d584f")
#let example-red = rgb("#b00020")
#set document(title: data.title, author: "Lägeskartan", date: none)
#set text(font: "Noto Sans", lang: "sv", region: "se", size: 9.5pt, fill: ink, fallback: false, hyphenate: false)
#set par(leading: 0.6em, spacing: 0.9em)
#set page(paper: "a4", margin: (x: 1.8cm, top: 1.8cm, bottom: 2cm), footer: context {
  set text(size: 8pt, fill: muted)
  data.title + " · utgåva för " + data.reader
  h(1fr)
  counter(page).display()
})
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 12pt)
#set table(stroke: 0.5pt + rgb("#b8b2a7"), inset: (x: 4pt, y: 3pt))
#show table: set text(size: 8.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#let data-table(t, widths: auto) = table(columns: if widths == auto { t.header.len() } else { widths }, table.header(..t.header), ..t.rows.flatten())

= #data.title
#if data.example != none { block(inset: 6pt, stroke: 1pt + example-red, text(fill: example-red, weight: "bold", data.example)) }
#if data.scope != none { par(data.scope) }
#par(data.total)
#figure(image(data.map.file, height: 15.5cm), caption: data.map.caption)

== Heta och kalla områden
#par(data.hot.intro)
#if data.hot.table.rows.len() > 0 { data-table(data.hot.table) }

== Rapporter per kategori och stadsdel
#grid(columns: (1.15fr, 1fr), gutter: 10pt, data-table(data.categories, widths: (1fr, auto, auto, auto)), data-table(data.districts, widths: (1fr, auto, auto, auto)))
#text(size: 8pt, fill: muted, data.smallNote)

== Veckans fokusplatser
#if data.focus == none [Inga fokusplatser är satta för veckan.] else { data-table(data.focus, widths: (auto, 1fr, auto, 1.4fr, 1.6fr)) }

== Uppföljning av förra veckans fokusplatser
#if data.followUp == none [Förra veckan hade inga fokusplatser.] else { data-table(data.followUp, widths: (auto, 1fr, auto, 1.2fr, 1.4fr, 1fr)) }

== Källor
#list(..data.sources)
`;

export function buildWeekReport(input: WeekReportInput): TypstDocument {
	return { main: WEEK_TEMPLATE, files: { 'data.json': JSON.stringify(weekReportData(input)), 'figures/karta.svg': weekMapSvg(input) } };
}
