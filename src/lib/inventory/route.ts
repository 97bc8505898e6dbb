/**
 * A walking order for a trygghetsinventering: the stops in the order that makes the walk
 * shortest, with the length and time of each leg.
 *
 * The app has no footpath network, so lengths are great-circle distances ("fågelväg") times a
 * detour factor: on a city's paths the walked distance is typically 1.2–1.4 times the straight
 * line. The order is optimal for straight lines, which on a street grid is nearly always a good
 * order for walking too, but the lengths and times are estimates and are labelled as such.
 */
import type { Feature, LineString } from 'geojson';
import type { LonLat } from './fields';
import { formatValue } from './fields';
import { heldKarp, nearestNeighbour, twoOpt, type Distances } from './tour';

export interface WalkStop {
	id: string;
	/** [lon, lat] */
	position: LonLat;
}

export interface PlanWalkOptions {
	/** Where the group meets, if not at a stop. Without it the walk starts at the first stop. */
	start?: LonLat;
	/** End where the walk started (default false). */
	returnToStart?: boolean;
	/** Walking speed, km/h (default 4.5: a group that stops to talk walks slower than one person). */
	speedKmh?: number;
	/** Walked length per straight-line length (default 1.3), ≥ 1. */
	detourFactor?: number;
}

export interface WalkLeg {
	/** Stop id, or null for `options.start`. */
	from: string | null;
	to: string | null;
	metres: number;
}

export const WALK_METHOD = 'fågelväg × omvägsfaktor';

export interface WalkPlan {
	/** Stop ids in walking order. */
	order: string[];
	legs: WalkLeg[];
	metres: number;
	minutes: number;
	/** How the lengths were estimated, for the UI to show beside them. */
	method: typeof WALK_METHOD;
	/** True when the order is the shortest possible; false when found by heuristic (2-opt). */
	exact: boolean;
	/** `options.start`, when given: the point legs with `from`/`to` null refer to. */
	start: LonLat | null;
}

/** Mean Earth radius (IUGG), as Turf uses. */
export const EARTH_RADIUS = 6_371_008.8;

/** Up to this many stops the order is found exactly; a group walk rarely has more. */
export const EXACT_UP_TO = 10;

const RAD = Math.PI / 180;

/** Thrown when planWalk or routeLine refuse their input; the message names the bad value. */
export class WalkPlanError extends Error {
	override readonly name = 'WalkPlanError';
}

/**
 * Great-circle distance in metres (haversine).
 *
 * @example
 * haversineMetres([17.93, 59.41], [17.94, 59.41]); // ≈ 566
 */
export function haversineMetres(a: LonLat, b: LonLat): number {
	const dLat = (b[1] - a[1]) * RAD;
	const dLon = (b[0] - a[0]) * RAD;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
	// min() because rounding can push h a hair above 1 for antipodal points
	return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

function isPosition(p: unknown): p is LonLat {
	return (
		Array.isArray(p) &&
		p.length === 2 &&
		p.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
		Math.abs(p[0]) <= 180 &&
		Math.abs(p[1]) <= 90
	);
}

function checkNumber(name: string, value: number, min: number, exclusive: boolean): number {
	if (!Number.isFinite(value) || (exclusive ? value <= min : value < min)) {
		throw new WalkPlanError(`Ogiltig ${name} ${formatValue(value)}: ange ett tal ${exclusive ? '>' : '≥'} ${min}`);
	}
	return value;
}

function checkStops(stops: readonly WalkStop[]): void {
	if (!Array.isArray(stops) || stops.length < 2) {
		throw new WalkPlanError(
			`En runda behöver minst 2 stopp, fick ${Array.isArray(stops) ? stops.length : formatValue(stops)}`
		);
	}
	const seen = new Map<string, number>();
	stops.forEach((stop, index) => {
		const id: unknown = stop?.id;
		if (typeof id !== 'string' || id === '') {
			throw new WalkPlanError(`Stopp nr ${index + 1} saknar id (id är ${formatValue(id)})`);
		}
		const earlier = seen.get(id);
		if (earlier !== undefined) {
			throw new WalkPlanError(`Stopp nr ${index + 1} har samma id ${formatValue(id)} som stopp nr ${earlier + 1}`);
		}
		seen.set(id, index);
		if (!isPosition(stop.position)) {
			throw new WalkPlanError(
				`Stopp ${formatValue(id)} (nr ${index + 1}) har positionen ${formatValue(stop.position)}: ` +
					'ange [longitud, latitud] i grader'
			);
		}
	});
}

/**
 * Order the stops so the walk is as short as possible: exactly (Held–Karp) for up to
 * `EXACT_UP_TO` stops, otherwise nearest neighbour improved by 2-opt (usually within a few
 * per cent of the shortest). The walk begins at `options.start` or, without it, at the first
 * stop, and ends at whichever stop is best unless `returnToStart`.
 *
 * @example
 * const plan = planWalk(
 *   [{ id: 'torget', position: [17.928, 59.409] }, { id: 'tunneln', position: [17.935, 59.412] }, …],
 *   { returnToStart: true }
 * );
 * plan.order; // ['torget', …]
 * `${Math.round(plan.metres / 100) / 10} km, ca ${Math.round(plan.minutes)} min (${plan.method})`;
 */
export function planWalk(stops: readonly WalkStop[], options: PlanWalkOptions = {}): WalkPlan {
	checkStops(stops);
	const { start, returnToStart = false, speedKmh = 4.5, detourFactor = 1.3 } = options;
	checkNumber('gånghastighet (km/h)', speedKmh, 0, true);
	checkNumber('omvägsfaktor', detourFactor, 1, false);
	if (start !== undefined && !isPosition(start)) {
		throw new WalkPlanError(`Ogiltig startpunkt ${formatValue(start)}: ange [longitud, latitud] i grader`);
	}

	// Node 0 is where the walk begins; with a start point every stop is node index+1.
	const nodes: { id: string | null; position: LonLat }[] = start
		? [{ id: null, position: start }, ...stops]
		: [...stops];
	const d: Distances = nodes.map((a) => nodes.map((b) => haversineMetres(a.position, b.position)));
	const tour = { closed: returnToStart };
	const exact = stops.length <= EXACT_UP_TO;
	const visit = exact ? heldKarp(d, tour) : twoOpt(nearestNeighbour(d), d, tour);
	const order = visit.flatMap((i) => nodes[i]!.id ?? []);
	if (returnToStart) visit.push(visit[0]!);

	// The detour factor scales every distance alike, so it changes lengths, never the order.
	const legs: WalkLeg[] = [];
	for (let k = 1; k < visit.length; k++) {
		const [i, j] = [visit[k - 1]!, visit[k]!];
		legs.push({ from: nodes[i]!.id, to: nodes[j]!.id, metres: d[i]![j]! * detourFactor });
	}
	const metres = legs.reduce((sum, leg) => sum + leg.metres, 0);
	return {
		order,
		legs,
		metres,
		minutes: metres / ((speedKmh * 1000) / 60),
		method: WALK_METHOD,
		exact,
		start: start ?? null
	};
}

export interface RouteLineProperties {
	metres: number;
	minutes: number;
	/** Always true: the line joins stops straight, it is not the path walked. */
	approximate: true;
	method: typeof WALK_METHOD;
}

/**
 * The plan as one GeoJSON LineString through the stops in walking order, for the map. Its
 * segments are straight, so draw it dashed or otherwise as a sketch.
 *
 * @example
 * map.getSource('runda').setData(routeLine(plan, stops));
 */
export function routeLine(plan: WalkPlan, stops: readonly WalkStop[]): Feature<LineString, RouteLineProperties> {
	const byId = new Map(stops.map((stop) => [stop.id, stop.position]));
	const position = (id: string | null): LonLat => {
		const found = id === null ? plan.start : byId.get(id);
		if (!found) {
			throw new WalkPlanError(
				id === null ? 'Rundan börjar vid en startpunkt som saknas i planen' : `Stopp ${formatValue(id)} finns i rundan men inte bland stoppen`
			);
		}
		return found;
	};
	const first = plan.legs[0];
	const coordinates = first ? [position(first.from), ...plan.legs.map((leg) => position(leg.to))] : [];
	return {
		type: 'Feature',
		geometry: { type: 'LineString', coordinates },
		properties: { metres: plan.metres, minutes: plan.minutes, approximate: true, method: plan.method }
	};
}
