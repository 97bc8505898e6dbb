/**
 * What the OGC API – Features service offers one viewer: a collection per layer they may see (through
 * their LayerView, the same rule as the app: a hidden layer is absent and a 404 by id), the measures
 * they may see (MeasureStore.list), the safety walks' findings (every account sees every walk) and
 * the weekly lägesbild's reports (ReportStore.list: the reporter's own, or all for the operating
 * organisation and the police — the same rule as the week page).
 *
 * A layer's features are prepared once per revision (bbox and time of each) and kept; measures,
 * findings and reports are read per request (their visibility is per viewer).
 */
import type { Feature, Geometry } from 'geojson';
import { bbox as turfBbox, booleanIntersects, bboxPolygon } from '@turf/turf';
import { findingCategory, SEVERITIES } from '$lib/inventory/categories';
import { MEASURE_STATUS_LABELS } from '$lib/measures/status';
import type { LayerView } from '../layer-view';
import type { Services } from '../services';
import { NotFoundError } from '../errors';
import { meets, type ItemsQuery } from './query';

export const MEASURES_COLLECTION = 'lageskartan_atgarder';
export const FINDINGS_COLLECTION = 'lageskartan_fynd';
export const REPORTS_COLLECTION = 'lageskartan_rapporter';

type Box = [number, number, number, number];

export interface Prepared {
	feature: Feature & { id: string };
	bbox: Box;
	/** The feature's time as [start, end] ms, or null when it has none. */
	time: [number, number] | null;
}

export interface CollectionInfo {
	id: string;
	title: string;
	description: string;
	/** CRS84 [west, south, east, north], or null for an empty collection. */
	bbox: Box | null;
	/** ISO [start, end] of the features' times, or null when the collection has none. */
	interval: [string | null, string | null] | null;
	itemType: 'feature';
}

export interface Collection extends CollectionInfo {
	features: Prepared[];
	byId: Map<string, Prepared>;
	/** Property names a filter may use (those with text, number or true/false values). */
	properties: string[];
}

const yearSpan = (year: number): [number, number] => [Date.UTC(year, 0, 1), Date.UTC(year + 1, 0, 1) - 1];
const daySpan = (date: string): [number, number] => {
	const start = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
	return [start, start + 86_400_000 - 1];
};

function prepare(feature: Feature & { id: string }, time: [number, number] | null): Prepared {
	return { feature, bbox: (feature.geometry ? turfBbox(feature) : [0, 0, 0, 0]) as Box, time };
}

function summarise(features: Prepared[]): Pick<Collection, 'bbox' | 'interval' | 'properties' | 'byId'> {
	let box: Box | null = null;
	let start = Infinity;
	let end = -Infinity;
	const properties = new Set<string>();
	for (const p of features) {
		if (p.feature.geometry) box = box ? [Math.min(box[0], p.bbox[0]), Math.min(box[1], p.bbox[1]), Math.max(box[2], p.bbox[2]), Math.max(box[3], p.bbox[3])] : [...p.bbox];
		if (p.time) (start = Math.min(start, p.time[0])), (end = Math.max(end, p.time[1]));
		for (const [k, v] of Object.entries(p.feature.properties ?? {})) if (['string', 'number', 'boolean'].includes(typeof v)) properties.add(k);
	}
	return {
		bbox: box,
		interval: Number.isFinite(start) ? [new Date(start).toISOString(), new Date(end).toISOString()] : null,
		properties: [...properties].sort(),
		byId: new Map(features.map((p) => [p.feature.id, p]))
	};
}

/** Prepared layer features by `${id}@${etag}` (a layer's revision): a handful of layers, each kept until it changes. */
const layerCache = new Map<string, Omit<Collection, keyof CollectionInfo> & Pick<Collection, 'bbox' | 'interval'>>();

function layerCollection(layers: LayerView, id: string): Collection {
	const body = layers.served(id);
	const summary = body.summary;
	const key = `${id}@${body.etag}`;
	let cached = layerCache.get(key);
	if (!cached) {
		const collection = JSON.parse(body.json) as { features: (Feature & { version?: number })[] };
		const features = collection.features.map((f) => {
			const props = f.properties ?? {};
			const year = typeof props.year === 'number' ? props.year : summary.year;
			return prepare({ type: 'Feature', id: String(props.id), geometry: f.geometry, properties: props }, year ? yearSpan(year) : null);
		});
		cached = { features, ...summarise(features) };
		for (const old of layerCache.keys()) if (old.startsWith(`${id}@`)) layerCache.delete(old);
		layerCache.set(key, cached);
	}
	return { ...infoOf(summary), ...cached, bbox: cached.bbox, interval: cached.interval };
}

function infoOf(summary: { id: string; title: string; source: string; precision: string; bbox: Box | null; year: number | null; approximate: boolean }): CollectionInfo {
	return {
		id: summary.id,
		title: summary.title,
		description: `Källa: ${summary.source} Precision: ${summary.precision}${summary.approximate ? ' Geometrin är ungefärlig.' : ''}`,
		bbox: summary.bbox,
		interval: summary.year ? [new Date(yearSpan(summary.year)[0]).toISOString(), new Date(yearSpan(summary.year)[1]).toISOString()] : null,
		itemType: 'feature'
	};
}

async function measuresCollection(services: Services, layers: LayerView): Promise<Collection> {
	const features = (await services.measures.list({ status: 'all' }, layers))
		.filter((m) => m.position)
		.map((m) =>
			prepare(
				{
					type: 'Feature',
					id: m.id,
					geometry: { type: 'Point', coordinates: m.position! } as Geometry,
					properties: {
						id: m.id,
						title: m.title,
						description: m.description,
						status: m.status,
						statusLabel: MEASURE_STATUS_LABELS[m.status].sv,
						owner: m.ownerOrganisationName,
						ownerId: m.ownerOrganisationId,
						dueDate: m.dueDate,
						overdue: m.overdue,
						origin: m.origin?.kind ?? null,
						originId: m.origin?.id ?? null,
						positionRounded: m.place !== null && 'hidden' in m.place ? m.place.positionRounded : false,
						updatedAt: m.updatedAt
					}
				},
				daySpan(m.dueDate)
			)
		);
	return {
		id: MEASURES_COLLECTION,
		title: 'Åtgärder',
		description:
			'Åtgärder från platssamverkan och trygghetsinventeringar som ditt konto får se, med läge. Tid: klart senast (datum). En åtgärd vid en plats i ett lager du inte ser har ingen exakt position (ansvarig organisation får den avrundad till ca 100 m).',
		itemType: 'feature',
		features,
		...summarise(features)
	};
}

async function findingsCollection(services: Services, layers: LayerView): Promise<Collection> {
	const features: Prepared[] = [];
	for (const walk of await services.inventories.list()) {
		if (walk.findingCount === 0) continue;
		const inventory = await services.inventories.get(walk.id, layers);
		for (const f of inventory.findings) {
			const at = Date.parse(f.recordedAt);
			features.push(
				prepare(
					{
						type: 'Feature',
						id: f.id,
						geometry: { type: 'Point', coordinates: f.position },
						properties: {
							id: f.id,
							inventoryId: walk.id,
							inventoryTitle: walk.title,
							category: f.category,
							categoryLabel: findingCategory(f.category).sv,
							severity: f.severity,
							severityLabel: SEVERITIES[f.severity].sv,
							note: f.note,
							recordedAt: f.recordedAt,
							organisationId: f.organisationId,
							measureId: f.measureId,
							placeFeatureId: f.placeFeatureId
						}
					},
					[at, at]
				)
			);
		}
	}
	return {
		id: FINDINGS_COLLECTION,
		title: 'Fynd från trygghetsinventeringar',
		description: 'Det som registrerats under trygghetsvandringar (kategori, allvar, anteckning), med mobilens GPS-position eller utpekad plats. Tid: när fyndet registrerades.',
		itemType: 'feature',
		features,
		...summarise(features)
	};
}

async function reportsCollection(services: Services, layers: LayerView): Promise<Collection> {
	const features = (await services.reports.list({}, layers.viewer)).map((r) =>
		prepare(
			{
				type: 'Feature',
				id: r.id,
				geometry: { type: 'Point', coordinates: r.position },
				properties: {
					id: r.id,
					category: r.category,
					categoryLabel: r.categoryLabel,
					date: r.date,
					time: r.time,
					endDate: r.endDate,
					week: r.week,
					placeName: r.placeName,
					district: r.district,
					text: r.text,
					organisationId: r.organisationId,
					organisation: r.organisationName,
					example: r.example
				}
			},
			[daySpan(r.date)[0], daySpan(r.endDate ?? r.date)[1]]
		)
	);
	return {
		id: REPORTS_COLLECTION,
		title: 'Rapporter till veckans lägesbild',
		description:
			'Händelser och iakttagelser som partnerna rapporterat (kategori, när, var, kort text, rapporterande organisation), de som ditt konto får se: den egna organisationens, eller alla för stadsdelsförvaltningen och polisen. Läget är en punkt som rapportören valt. Tid: händelsens dag eller period. Egenskapen example är sann för påhittade exempel (demoläget).',
		itemType: 'feature',
		features,
		...summarise(features)
	};
}

/** The collections the viewer may see, in the order the layer panel lists the layers; measures, findings and reports last. */
export async function collectionsFor(services: Services, layers: LayerView): Promise<CollectionInfo[]> {
	return [
		...layers.list().map((summary) => {
			const full = layerCollection(layers, summary.id);
			return { ...infoOf(summary), interval: full.interval ?? infoOf(summary).interval };
		}),
		strip(await measuresCollection(services, layers)),
		strip(await findingsCollection(services, layers)),
		strip(await reportsCollection(services, layers))
	];
}

const strip = ({ id, title, description, bbox, interval, itemType }: Collection): CollectionInfo => ({ id, title, description, bbox, interval, itemType });

/** One collection with its features; @throws NotFoundError (404) for an unknown id and for a layer the viewer may not see alike. */
export async function collectionFor(services: Services, layers: LayerView, id: string): Promise<Collection> {
	if (id === MEASURES_COLLECTION) return measuresCollection(services, layers);
	if (id === FINDINGS_COLLECTION) return findingsCollection(services, layers);
	if (id === REPORTS_COLLECTION) return reportsCollection(services, layers);
	if (!layers.sees(id)) throw new NotFoundError(`Samlingen ”${id.slice(0, 80)}” finns inte (eller så får ditt konto inte se den). Se /ogc/collections för dem du kan läsa.`);
	return layerCollection(layers, id);
}

/** The features the query selects, in stored order, before paging. */
export function select(collection: Collection, query: ItemsQuery): Prepared[] {
	const box = query.bbox;
	const polygon = box ? bboxPolygon(box) : null;
	return collection.features.filter((p) => {
		if (box) {
			if (!p.feature.geometry) return false;
			const [w, s, e, n] = p.bbox;
			if (w > box[2] || e < box[0] || s > box[3] || n < box[1]) return false;
			const inside = w >= box[0] && e <= box[2] && s >= box[1] && n <= box[3];
			if (!inside && !booleanIntersects(p.feature, polygon!)) return false;
		}
		if (query.datetime && (!p.time || !meets(query.datetime, p.time[0], p.time[1]))) return false;
		for (const [name, value] of query.filters) {
			const actual = p.feature.properties?.[name];
			if (actual === undefined || actual === null || String(actual) !== value) return false;
		}
		return true;
	});
}
