/**
 * "Lägesbild Järva {year}" for one reader: the `ReportInput` built from the stores as that
 * account sees them, and the PDF made from it.
 *
 * What the reader may not see is left out by the rules the rest of the app uses, not by a new
 * one: layers through the reader's LayerView (auth/access.ts canSeeLayer), measures through the
 * measure store (a place on a hidden layer has no name). A property owner's edition therefore has
 * no drug-scene section, chart or sentence, as the scenes do not exist for them on the map.
 *
 * The drug-scene comparison is the analysis API's own (analysis-service.ts `scenesReport`, its
 * defaults: radius 1000 m, tolerance from each layer's precision), so the paragraph agrees with
 * what GET /api/analysis/scenes answers.
 *
 * Cost: building the figures (Plot, SVG maps) and compiling with Typst are synchronous, ~0.5–1.5 s
 * of the event loop for the whole document. `lagesbildPdf` therefore runs one build at a time, lets
 * other requests through between its steps, and keeps the last few PDFs keyed by a hash of the
 * input itself – the data's revision and the reader's visibility in one – so the same edition
 * asked again (or by a colleague who sees the same) is served without compiling.
 */
import { createHash } from 'node:crypto';
import type { FeatureCollection, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import type { LayerSummary } from '$lib/layers/catalog';
import { stockholmDate } from '$lib/dates';
import { buildReport, ReportInputError } from '$lib/report/document';
import { LARGER_AREAS, pointCountIndicator, sceneCountIndicator } from '$lib/report/computed-indicators';
import { mapContext } from '$lib/report/context';
import { DEMO_SOURCES } from '$lib/report/demo/lagesbild-2023';
import type { IndicatorSeries, ReportInput, ReportLayer, ReportMeasure } from '$lib/report/model';
import { scenesReport } from '../analysis-service';
import type { LayerView } from '../layer-view';
import type { FeatureStore } from '../db/feature-store';
import type { Services } from '../services';
import type { MeasureStore } from '../measures/measure-store';
import { NotFoundError, RefusedInputError } from '../errors';
import type { ReportSummaryStore } from './summary-store';
import type { IndicatorStore, StoredIndicator } from './indicator-store';
import type { PlanStore } from './plan-store';
import type { InventoryStore } from '../inventories/inventory-store';
import type { ReportStore } from '../reports/report-store';
import { compilePdf } from './compile-pdf';

/** The displacement radius of the document's comparison: the analysis API's default. */
export const REPORT_DISPLACEMENT_RADIUS = 1000;

export function reportLayer<G extends Polygon | MultiPolygon | Point>(layers: LayerView, layer: LayerSummary): ReportLayer<G> {
	const { title, source, precision, approximate } = layer;
	return { title, source, precision, approximate, features: layers.features(layer.id) as FeatureCollection<G> };
}

/** The public background of the maps, read once (bundled: `node build` needs no geodata folder). */
let context: Promise<NonNullable<ReportInput['context']>> | undefined;
const contextFiles = import.meta.glob(['/geodata/osm/ways.geojson', '/geodata/stockholm/water.geojson'], { query: '?raw', import: 'default' }) as Record<
	string,
	() => Promise<string>
>;
export function mapBackground(): Promise<NonNullable<ReportInput['context']>> {
	context ??= Promise.all([contextFiles['/geodata/osm/ways.geojson']!(), contextFiles['/geodata/stockholm/water.geojson']!()]).then(([ways, water]) =>
		mapContext(JSON.parse(ways) as FeatureCollection<LineString | MultiLineString>, JSON.parse(water) as FeatureCollection<Polygon | MultiPolygon>)
	);
	return context;
}

export interface LagesbildStores {
	layers: LayerView;
	indicators: IndicatorStore;
	plan: PlanStore;
	/** For the date of the data (the latest change of the layers shown). */
	features: Pick<FeatureStore, 'lastChange'>;
	measures: MeasureStore;
	summaries: ReportSummaryStore;
	/** The safety walks' findings (every account sees every walk). */
	inventories: Pick<InventoryStore, 'list' | 'get'>;
	/** The weekly lägesbild's reports, as the reader may see them. */
	reports: Pick<ReportStore, 'list'>;
}

/** The stores as `layers`' viewer sees them. */
export const lagesbildStores = (
	layers: LayerView,
	services: Pick<Services, 'layers' | 'measures' | 'reportSummaries' | 'indicators' | 'plan' | 'inventories' | 'reports'>
): LagesbildStores => ({
	layers,
	features: services.layers.store,
	measures: services.measures,
	inventories: services.inventories,
	reports: services.reports,
	summaries: services.reportSummaries,
	indicators: services.indicators,
	plan: services.plan
});

/** The districts layer the reader sees. @throws NotFoundError without one. */
export function districtLayer(layers: LayerView): LayerSummary {
	const districts = layers.list().find((l) => l.kind === 'district');
	if (!districts) throw new NotFoundError('Lägesbilden behöver stadsdelarnas lager, och ditt konto ser inget sådant lager.');
	return districts;
}

/** The areas an indicator's value may be for: the districts' names, then the larger areas. */
export function indicatorAreas(layers: LayerView): string[] {
	const names = layers.features(districtLayer(layers).id).features.map((f) => String(f.properties?.['name'] ?? '')).filter(Boolean);
	return [...names.sort((a, b) => a.localeCompare(b, 'sv')), ...LARGER_AREAS];
}

/**
 * Every indicator the reader may see, imported and computed from the app's own data (open drug
 * scenes per district and year for those who see the scenes; measures per district and the year
 * they were made; the walks' findings and the weekly reports per district and year), with values
 * up to `upTo` (the edition's year) when given. Insecure places are not counted per year: the
 * layer holds the places as they are now, without the year each was found.
 */
export async function indicatorsFor(stores: LagesbildStores, upTo = Infinity): Promise<(IndicatorSeries & Partial<StoredIndicator>)[]> {
	const { layers } = stores;
	const sceneLayers = layers
		.list()
		.filter((l) => l.kind === 'drug-scene' && l.year !== null && l.year <= upTo)
		.sort((a, b) => a.year! - b.year!);
	const computed: IndicatorSeries[] = [];
	if (sceneLayers.length) computed.push(sceneCountIndicator(sceneLayers.map((l) => ({ year: l.year!, layer: reportLayer<Polygon | MultiPolygon>(layers, l) }))));
	const placed = (await stores.measures.list({ status: 'all' }, layers))
		.flatMap((m) => (m.position ? [{ year: yearOf(m.createdAt), position: m.position }] : []))
		.filter((m) => m.year <= upTo);
	if (placed.length) {
		computed.push(
			pointCountIndicator(
				{ id: 'atgarder-per-stadsdel', title: 'Åtgärder per stadsdel', unit: 'antal', source: 'Lägeskartan, räknat ur åtgärderna med plats (året åtgärden skapades)' },
				layers.features(districtLayer(layers).id) as FeatureCollection<Polygon | MultiPolygon>,
				placed
			)
		);
	}
	const walks = (await stores.inventories.list()).filter((walk) => walk.findingCount > 0);
	const findings = (await Promise.all(walks.map(async (walk) => (await stores.inventories.get(walk.id, layers)).findings)))
		.flat()
		.map((f) => ({ year: yearOf(f.recordedAt), position: f.position }))
		.filter((f) => f.year <= upTo);
	if (findings.length) {
		computed.push(
			pointCountIndicator(
				{ id: 'fynd-per-stadsdel', title: 'Fynd från trygghetsinventeringar per stadsdel', unit: 'antal', source: 'Lägeskartan, räknat ur trygghetsvandringarnas fynd (året fyndet registrerades)' },
				layers.features(districtLayer(layers).id) as FeatureCollection<Polygon | MultiPolygon>,
				findings
			)
		);
	}
	const reports = (await stores.reports.list({}, layers.viewer)).filter((r) => Number(r.date.slice(0, 4)) <= upTo);
	if (reports.length) {
		// Invented demo reports make an invented count: the chart says so (EXAMPLE_MARK), as any example does.
		const invented = reports.some((r) => r.example);
		computed.push({
			...pointCountIndicator(
				{
					id: 'rapporter-per-stadsdel',
					title: 'Rapporter till veckans lägesbild per stadsdel',
					unit: 'antal',
					source: `Lägeskartan, räknat ur partnernas rapporter som du får se (händelsens år)${invented ? '; demolägets rapporter är påhittade exempel' : ''}`
				},
				layers.features(districtLayer(layers).id) as FeatureCollection<Polygon | MultiPolygon>,
				reports.map((r) => ({ year: Number(r.date.slice(0, 4)), position: r.position }))
			),
			example: invented
		});
	}
	const imported = (await stores.indicators.list())
		.map((i) => ({ ...i, values: i.values.filter((v) => v.year <= upTo) }))
		.filter((i) => i.values.length > 0);
	return [...computed, ...imported];
}

const yearOf = (iso: string) => Number(stockholmDate(new Date(iso)).slice(0, 4));

/** The years a reader can make an edition for: the scene years they see, saved summaries, 2023 and this year. */
export async function editionYears(stores: LagesbildStores, now = new Date()): Promise<number[]> {
	const sceneYears = stores.layers
		.list()
		.filter((l) => l.kind === 'drug-scene' && l.year !== null)
		.map((l) => l.year!);
	const thisYear = Number(stockholmDate(now).slice(0, 4));
	const saved = await stores.summaries.years();
	const first = Math.min(2023, ...sceneYears, ...saved);
	const last = Math.max(thisYear, ...saved);
	return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * Whether a measure belongs in the edition's appendix: still open, or due in the edition's year
 * or the next (what the year did and what it leaves for the next).
 */
const inEdition = (year: number) => (m: { open: boolean; dueDate: string }) => m.open || m.dueDate.startsWith(`${year}-`) || m.dueDate.startsWith(`${year + 1}-`);

/** The edition's input as this reader sees the stores. @throws NotFoundError without a district layer. */
export async function lagesbildInput(year: number, stores: LagesbildStores): Promise<ReportInput> {
	const { layers } = stores;
	const listed = layers.list();
	const ofKind = (kind: string) => listed.filter((l) => l.kind === kind);
	const districts = districtLayer(layers);
	const areaClasses = ofKind('area-class')[0];
	const places = ofKind('insecure-place').find((l) => l.id === 'otrygga-platser') ?? ofKind('insecure-place')[0];

	// The scenes: every year up to the edition's, the last two compared
	const sceneLayers = ofKind('drug-scene')
		.filter((l) => l.year !== null && l.year <= year)
		.sort((a, b) => a.year! - b.year!);
	const [from, to] = sceneLayers.slice(-2).map((l) => ({ year: l.year!, layer: reportLayer<Polygon | MultiPolygon>(layers, l) }));
	const drugScenes =
		from && to
			? {
					from: from.layer,
					to: to.layer,
					comparison: scenesReport(layers, { from: from.year, to: to.year, radius: REPORT_DISPLACEMENT_RADIUS, tolerance: 'precision' }),
					displacementRadius: REPORT_DISPLACEMENT_RADIUS
				}
			: null;

	const plan = await stores.plan.list(year, layers);
	const linked = new Set(plan.flatMap((a) => a.priorities.flatMap((p) => p.measures.map((m) => m.id))));
	// the appendix: the year's measures, and every measure the plan links to
	const editionMeasures = (await stores.measures.list({ status: 'all' }, layers)).filter((m) => inEdition(year)(m) || linked.has(m.id));
	const measures: ReportMeasure[] = [...editionMeasures]
		.sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title, 'sv') || a.id.localeCompare(b.id))
		.map((m) => ({
			id: m.id,
			title: m.title,
			status: m.status,
			owner: m.ownerOrganisationName,
			dueDate: m.dueDate,
			place: m.place && 'name' in m.place && m.place.name ? m.place.name : undefined,
			example: false
		}));

	const summary = await stores.summaries.get(year);
	const insecurePlaces = places ? reportLayer<Point>(layers, places) : null;
	const shown = [districts, areaClasses, places, ...sceneLayers].filter((l): l is LayerSummary => Boolean(l));
	// the data's date: the latest change of anything the edition shows (the document reads no clock)
	const changes = [
		stores.features.lastChange(shown.map((l) => l.id)) ?? '',
		...editionMeasures.map((m) => m.updatedAt),
		summary.updatedAt ?? '',
		...plan.map((a) => a.updatedAt ?? '')
	].filter(Boolean);
	const latest = changes.reduce((a, b) => (a > b ? a : b), '');

	return {
		year,
		reader: layers.viewer.organisation.name,
		asOf: latest ? stockholmDate(new Date(latest)) : `${year}-12-31`,
		summary: summary.sections,
		sources: DEMO_SOURCES,
		districts: reportLayer(layers, districts),
		areaClasses: areaClasses ? reportLayer(layers, areaClasses) : null,
		// the document prints what the series says, not where it is stored
		indicators: (await indicatorsFor(stores, year)).map(({ id, title, unit, scale, source, example, origin, note, values }) => ({ id, title, unit, scale, source, example, origin, ...(note ? { note } : {}), values })),
		drugScenes,
		insecurePlaces,
		collaborationAreas: plan.map((a) => ({
			id: a.id,
			title: a.title,
			section: a.section,
			description: a.description,
			collaborators: a.collaborators,
			goals: a.goals,
			workForms: a.workForms,
			comment: a.comment,
			results: a.results,
			prioritiesYear: a.prioritiesYear,
			priorities: a.priorities.map((p) => ({ text: p.text, measureIds: p.measures.map((m) => m.id), places: p.places.map((place) => place.name) })),
			example: a.example
		})),
		measures,
		context: await mapBackground()
	};
}

// The PDF: one build at a time, the last few kept

const KEEP = 6;
const made = new Map<string, Buffer>();
const building = new Map<string, Promise<Buffer>>();
let queue: Promise<unknown> = Promise.resolve();
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface MadePdf {
	pdf: Buffer;
	/** Served from the cache (no build). */
	cached: boolean;
	/** Milliseconds spent building the figures and compiling (0 when cached). */
	buildMs: number;
	compileMs: number;
}

/** A hash of everything the document shows: the same input is the same PDF (the pipeline is reproducible). */
export const inputKey = (input: ReportInput) => createHash('sha256').update(JSON.stringify(input)).digest('base64url');

/**
 * The edition's PDF. @throws RefusedInputError (422) when the data cannot make a document (the
 * builder names every problem).
 */
export async function lagesbildPdf(input: ReportInput): Promise<MadePdf> {
	const key = inputKey(input);
	const kept = made.get(key);
	if (kept) {
		made.delete(key);
		made.set(key, kept); // most recently used last
		return { pdf: kept, cached: true, buildMs: 0, compileMs: 0 };
	}
	let timing = { buildMs: 0, compileMs: 0 };
	const job =
		building.get(key) ??
		queue.then(async () => {
			await yieldToOthers();
			let started = performance.now();
			let document;
			try {
				document = buildReport(input);
			} catch (err) {
				if (err instanceof ReportInputError) throw new RefusedInputError(err.message, { problems: err.problems });
				throw err;
			}
			timing.buildMs = Math.round(performance.now() - started);
			await yieldToOthers();
			started = performance.now();
			const pdf = compilePdf(document);
			timing.compileMs = Math.round(performance.now() - started);
			made.set(key, pdf);
			while (made.size > KEEP) made.delete(made.keys().next().value!);
			return pdf;
		});
	if (!building.has(key)) {
		building.set(key, job);
		queue = job.catch(() => undefined).finally(() => building.delete(key));
	} else timing = { buildMs: 0, compileMs: 0 };
	return { pdf: await job, cached: false, ...timing };
}

/** ASCII file name and the Swedish one for browsers that read `filename*`. */
export function pdfDisposition(year: number): string {
	return `attachment; filename="lagesbild-jarva-${year}.pdf"; filename*=UTF-8''${encodeURIComponent(`Lägesbild Järva ${year}.pdf`)}`;
}
