/**
 * A trygghetsinventering as the API hands it out and takes it in: the types the server answers
 * with and the pages read, and the valibot schemas both check input against (the form on the
 * device, the endpoint on the server). No I/O.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import * as v from 'valibot';
import { geometrySchema } from '$lib/geo/geometry';
import { DISTRICTS, PLACE_CATEGORIES, type PlaceCategory } from '$lib/geo/schema';
import { FINDING_CATEGORY_IDS, MAX_NOTE_LENGTH, type FindingCategoryId, type Severity } from './categories';
import { calendarDate, formatValue, isInStockholm, isLonLat, stockholmPosition, timestamp, type LonLat } from './fields';
import type { WalkPlan } from './route';

export type InventoryArea =
	| { kind: 'district'; name: string; geometry: Polygon | MultiPolygon }
	| { kind: 'polygon'; geometry: Polygon };

export interface Stop {
	id: string;
	name: string;
	/** [lon, lat] */
	position: LonLat;
}

/** The layer object a stop was taken from: the server hides the stop from those who may not see its layer. */
export interface StopSource {
	layerId: string;
	featureId: string;
}

/**
 * A stop as the server answers: its number on the walk (its place in the list), the object it was
 * taken from, and `restricted` when an organisation taking part may not see that object's layer
 * (then everyone's sheet, field mode and report show it as "Stopp N – plats enligt samordnaren").
 */
export interface PlannedStop extends Stop {
	number?: number;
	source?: StopSource;
	restricted?: { organisations: { id: string; name: string }[] };
}

/** A stop the account may not see: where it comes in the walk, nothing else. */
export interface WithheldStop {
	id: string;
	number: number;
}

/** The planned walk: planWalk's answer, each leg with its line, streets and warnings (draw it with routeLines). */
export type WalkRoute = WalkPlan;

export interface FindingPhoto {
	id: string;
	mime: string;
	width: number | null;
	height: number | null;
}

export interface Finding {
	/** The device's clientId. */
	id: string;
	inventoryId: string;
	category: FindingCategoryId;
	severity: Severity;
	note: string;
	position: LonLat;
	/** The stop of the walk it belongs to (the nearest when recorded, or one chosen), or null. */
	stopId: string | null;
	photos: FindingPhoto[];
	measureId: string | null;
	/** The insecure place (layer otrygga-platser) the finding joined or became. */
	placeFeatureId: string | null;
	/** The organisation that recorded it: it and the walk's owner change and follow it up. */
	organisationId: string;
	version: number;
	/** When the device recorded it. */
	recordedAt: string;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

export interface Inventory {
	id: string;
	title: string;
	area: InventoryArea;
	startsAt: string;
	/** The organisations taking part (the owner always one): they plan the walk and record findings. */
	organisationIds: string[];
	organisations: { id: string; name: string }[];
	/** The organisation that planned the walk: only it changes who takes part. */
	owner: { id: string; name: string };
	/** What the asking account's organisation may do (a läsare writes nothing whatever this says). */
	rights: { owner: boolean; takesPart: boolean };
	purpose: string;
	/** The stops this account may see, in the walk's order, each with its number (the same for everyone). */
	stops: PlannedStop[];
	/** Stops this account may not see: only their numbers (printed "Stopp N – plats enligt samordnaren"). */
	withheldStops?: WithheldStop[];
	hiddenStops?: number;
	/** Over the stops every participant may see, in the walk's order. */
	route: WalkRoute | null;
	/** "Undvik trappor": the route leaves steps out (walks with wheelchairs or prams). */
	avoidSteps: boolean;
	findings: Finding[];
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

export interface InventorySummary {
	id: string;
	title: string;
	area: { kind: 'district'; name: string } | { kind: 'polygon' };
	startsAt: string;
	organisationIds: string[];
	purpose: string;
	stopCount: number;
	findingCount: number;
	version: number;
}

/** The insecure-places layer findings feed. */
export const PLACES_LAYER = 'otrygga-platser';

/** More stops than a group walks in an evening; keeps the route quick to plan. */
export const MAX_STOPS = 30;

const text = (what: string, min: number, max: number) =>
	v.pipe(
		v.string(`${what} ska vara text`),
		v.trim(),
		v.minLength(min, (issue) => `${what} ${formatValue(issue.input)} är för kort: skriv minst ${min} tecken`),
		v.maxLength(max, (issue) => `${what} har ${issue.received} tecken; högst ${max} får plats`)
	);

const title = text('Rubriken', 3, 200);
const purpose = v.optional(
	v.pipe(
		v.string('Syftet ska vara text'),
		v.trim(),
		v.maxLength(2000, (issue) => `Syftet har ${issue.received} tecken; högst 2000 får plats`)
	),
	''
);
const startsAt = timestamp('Starttiden');
const version = v.pipe(v.number('Ange baseVersion som ett heltal'), v.integer('Ange baseVersion som ett heltal'), v.minValue(1, 'baseVersion börjar på 1'));

/**
 * A valid polygon (validateGeometry, as for every geometry the server takes) with every corner
 * inside Stockholm: an area drawn by mistake over the sea or with lon/lat swapped is refused.
 */
const polygonGeometry = v.pipe(
	geometrySchema<Polygon>(['Polygon']),
	v.check(
		(polygon) => polygon.coordinates.every((ring) => ring.every((position) => isInStockholm(position as LonLat))),
		'Området har hörn utanför Stockholm; rita det kring platsen som ska inventeras'
	)
);

export const AreaInput = v.variant(
	'kind',
	[
		v.object({
			kind: v.literal('district'),
			name: v.picklist(DISTRICTS, (issue) => `Okänd stadsdel ${formatValue(issue.input)}: välj en av ${DISTRICTS.join(', ')}`)
		}),
		v.object({ kind: v.literal('polygon'), geometry: polygonGeometry })
	],
	(issue) => `Området ska vara { kind: "district", name } eller { kind: "polygon", geometry }, inte ${formatValue(issue.input)}`
);

export const InventoryInput = v.object({
	title,
	area: AreaInput,
	startsAt,
	organisationIds: v.pipe(
		v.array(v.pipe(v.string('Ett organisations-id ska vara text'), v.nonEmpty('Ett organisations-id är tomt')), 'organisationIds ska vara en lista'),
		v.minLength(1, 'Välj minst en deltagande organisation'),
		v.maxLength(20, 'Högst 20 organisationer'),
		v.check((ids) => new Set(ids).size === ids.length, 'Samma organisation finns flera gånger')
	),
	purpose
});
export type InventoryInput = v.InferOutput<typeof InventoryInput>;

export const StopInput = v.object({
	id: v.pipe(v.string('Stoppets id ska vara text'), v.nonEmpty('Ett stopp saknar id'), v.maxLength(100, 'Ett stopps id är längre än 100 tecken')),
	name: text('Stoppets namn', 1, 120),
	position: stockholmPosition
});

/** A walk's stops: at most MAX_STOPS, each id once. `shape` names the fields in the message. */
export function stopList<TStop extends v.GenericSchema<unknown, { id: string }>>(stop: TStop, shape: string) {
	return v.pipe(
		v.array(stop, `stops ska vara en lista med ${shape}`),
		v.maxLength(MAX_STOPS, (issue) => `Rundan har ${issue.received} stopp; högst ${MAX_STOPS} går att planera`),
		v.check((stops) => new Set(stops.map((s) => s.id)).size === stops.length, 'Två stopp har samma id')
	);
}

export const InventoryPatch = v.object({
	baseVersion: version,
	title: v.optional(title),
	purpose: v.optional(purpose),
	startsAt: v.optional(startsAt),
	stops: v.optional(stopList(StopInput, '{ id, name, position }')),
	avoidSteps: v.optional(v.boolean('avoidSteps ska vara true eller false'))
});
export type InventoryPatch = v.InferOutput<typeof InventoryPatch>;

export const FindingPatch = v.object({
	baseVersion: version,
	category: v.optional(v.picklist(FINDING_CATEGORY_IDS, (issue) => `Okänd kategori ${formatValue(issue.input)}`)),
	severity: v.optional(v.picklist([1, 2, 3] as const, (issue) => `Ogiltig allvarlighetsgrad ${formatValue(issue.input)}: välj 1, 2 eller 3`)),
	note: v.optional(
		v.pipe(
			v.string('Anteckningen ska vara text'),
			v.trim(),
			v.maxLength(MAX_NOTE_LENGTH, (issue) => `Anteckningen har ${issue.received} tecken; högst ${MAX_NOTE_LENGTH} får plats`)
		)
	),
	position: v.optional(stockholmPosition),
	/** Another stop of the walk, or null for none. */
	stopId: v.optional(v.nullable(v.pipe(v.string('stopId ska vara text'), v.nonEmpty('stopId är tomt'), v.maxLength(100, 'stopId är längre än 100 tecken'))))
});
export type FindingPatch = v.InferOutput<typeof FindingPatch>;

export const FindingMeasureInput = v.object({
	title: text('Rubriken', 3, 200),
	ownerOrganisationId: v.pipe(v.string('Ange vilken organisation som äger åtgärden'), v.trim(), v.nonEmpty('Ange vilken organisation som äger åtgärden')),
	dueDate: calendarDate('Slutdatumet'),
	description: v.optional(v.pipe(v.string('Beskrivningen ska vara text'), v.trim(), v.maxLength(4000, 'Beskrivningen får ha högst 4000 tecken')))
});
export type FindingMeasureInput = v.InferOutput<typeof FindingMeasureInput>;

export const FindingPlaceInput = v.object({
	/** An existing insecure place to join; without it a new place is made. */
	featureId: v.optional(v.pipe(v.string('featureId ska vara text'), v.nonEmpty('featureId är tomt'))),
	name: v.optional(text('Platsens namn', 2, 120)),
	category: v.optional(v.picklist(PLACE_CATEGORIES, (issue) => `Okänd platskategori ${formatValue(issue.input)}: välj en av ${PLACE_CATEGORIES.join(', ')}`))
});
export type FindingPlaceInput = v.InferOutput<typeof FindingPlaceInput>;

/**
 * The kind of insecure place a finding most likely is, from the lägesbild's four (figure 8):
 * garages and parking, stairwells, and otherwise the way to and from home.
 */
export function placeCategoryFor(category: FindingCategoryId): PlaceCategory {
	if (category === 'parkering-garage') return 'parking';
	if (category === 'entreer-trapphus') return 'stairwell-refuse-room';
	return 'way-home';
}

/**
 * The stops in walking order, numbered from 1 as the field sheet prints them: the number the
 * server gave (a stop's place in the walk's list, the same for every viewer), else the place in
 * the list given.
 *
 * @example
 * numberedStops(inventory.stops).map((s) => `${s.number}. ${s.name}`);
 */
export function numberedStops<T extends Stop & { number?: number }>(stops: readonly T[]): (T & { number: number })[] {
	return stops.map((stop, index) => ({ ...stop, number: stop.number ?? index + 1 })).sort((a, b) => a.number - b.number);
}

/** What the sheet, field mode and report call a stop whose place not everyone on the walk may see. */
export const withheldName = (number: number) => `Stopp ${number} – plats enligt samordnaren`;

/** A stop as shown to everyone on the walk: without name or position when not every participant may see it. */
export interface SharedStop {
	id: string;
	number: number;
	name: string;
	/** Null when withheld. */
	position: LonLat | null;
	withheld: boolean;
}

/**
 * The walk's stops as the field sheet, field mode and report show them – one list for everyone
 * taking part: a stop some participant may not see (`restricted`), and one this account may not
 * see (`withheldStops`), are "Stopp N – plats enligt samordnaren" without name or position.
 *
 * @example
 * sharedStops(inventory).map((s) => `${s.number}. ${s.name}`); // ['1. Husby centrum', '2. Stopp 2 – plats enligt samordnaren', …]
 */
export function sharedStops(inventory: { stops: readonly PlannedStop[]; withheldStops?: readonly WithheldStop[] }): SharedStop[] {
	const shown = numberedStops(inventory.stops).map((stop): SharedStop =>
		stop.restricted
			? { id: stop.id, number: stop.number, name: withheldName(stop.number), position: null, withheld: true }
			: { id: stop.id, number: stop.number, name: stop.name, position: stop.position, withheld: false }
	);
	const withheld = (inventory.withheldStops ?? []).map((stop): SharedStop => ({ id: stop.id, number: stop.number, name: withheldName(stop.number), position: null, withheld: true }));
	return [...shown, ...withheld].sort((a, b) => a.number - b.number);
}

/** "Vid stopp 2 (Borgågatan)", or the withheld name, for a finding's stop; null when it has none (or it is gone). */
export function stopLabel(stops: readonly SharedStop[], stopId: string | null): string | null {
	const stop = stopId ? stops.find((s) => s.id === stopId) : undefined;
	if (!stop) return null;
	return stop.withheld ? `Vid ${stop.name.charAt(0).toLowerCase()}${stop.name.slice(1)}` : `Vid stopp ${stop.number} (${stop.name})`;
}

/** The stops with a position to draw (withheld ones have none), numbered as everywhere. */
export const drawnStops = (stops: readonly SharedStop[]): (Stop & { number: number })[] =>
	stops.flatMap((s) => (s.position ? [{ id: s.id, name: s.name, position: s.position, number: s.number }] : []));

/** "1,2 km" / "850 m", as a Swedish reader writes it. */
export function formatLength(metres: number): string {
	// A few metres (two stops at the top and foot of a flight of steps) read "10 m", not "0 m".
	if (metres < 1000) return `${metres > 0 ? Math.max(10, Math.round(metres / 10) * 10) : 0} m`;
	return `${(metres / 1000).toLocaleString('sv-SE', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} km`;
}

/** [west, south, east, north] of a polygon area. */
export function areaBounds(geometry: Polygon | MultiPolygon): [number, number, number, number] {
	const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
	const points = rings.flat();
	const xs = points.map((p) => p[0]!);
	const ys = points.map((p) => p[1]!);
	return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * [west, south, east, north] around a walk's points with a margin of about 150 m, or null with
 * fewer than two points (nothing to frame).
 */
export function walkBounds(points: readonly LonLat[]): [number, number, number, number] | null {
	if (points.length < 2) return null;
	const xs = points.map((p) => p[0]);
	const ys = points.map((p) => p[1]);
	const [dx, dy] = [0.0027, 0.00135];
	return [Math.min(...xs) - dx, Math.min(...ys) - dy, Math.max(...xs) + dx, Math.max(...ys) + dy];
}

/** The box around both boxes (either may be missing). */
export function unionBox(a: [number, number, number, number], b: [number, number, number, number] | null): [number, number, number, number] {
	if (!b) return a;
	return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}
