/**
 * A walking order for a trygghetsinventering: the stops in the order that makes the walk
 * shortest, with the length, time, line and street names of each leg.
 *
 * Lengths come from a `LegRouter`. Without one they are great-circle distances ("fågelväg")
 * times a detour factor (on a city's paths the walked distance is typically 1.2–1.4 times the
 * straight line), labelled approximate. With the walking network's router (src/lib/routing)
 * they are walked along the paths; a leg the network cannot serve (a stop far from any path, no
 * path without steps) falls back to the straight line × the detour factor and says so.
 * The order is found on the same lengths the legs report (exact up to EXACT_UP_TO stops).
 */
import type { FeatureCollection, LineString } from 'geojson';
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
	/** Walked length per straight-line length (default 1.3), ≥ 1; for legs not on a network. */
	detourFactor?: number;
	/** How legs are measured; default straight lines × detourFactor (`straightRouter`). */
	router?: LegRouter;
	/**
	 * Walk the stops in the order given (the planner put them in that order by hand) instead of
	 * finding the shortest order. Default false: the optimiser.
	 */
	keepOrder?: boolean;
}

/** One named stretch of a leg, in walking order: "Sibeliusgången 240 m". */
export interface StreetPiece {
	/** The street's name, or what it is when it has none ("gångväg", "trappa"). */
	name: string;
	metres: number;
}

/** What OSM knows about a leg that matters on a safety walk. */
export type LegWarning =
	| { kind: 'unlit'; name: string; metres: number; at: LonLat }
	| { kind: 'steps'; name: string; metres: number; stepCount: number | null; at: LonLat }
	| { kind: 'passage'; passage: 'tunnel' | 'underpass' | 'covered'; name: string; metres: number; at: LonLat };

/**
 * Why a leg is drawn straight: no network at all, a stop farther than the snapping limit from
 * any path, no path between the two, or none without steps when steps are avoided.
 */
export type LegFallback = 'no-network' | 'off-network' | 'no-path' | 'no-step-free-path';

/** A leg as a router measures it. */
export interface RoutedLeg {
	metres: number;
	/** True: straight line × detour factor, an estimate; false: walked along the network. */
	approximate: boolean;
	fallback: LegFallback | null;
	streets: StreetPiece[];
	warnings: LegWarning[];
	/** The line walked (straight between the two points when approximate). */
	coordinates: LonLat[];
	/**
	 * Connectors the network repair added that the leg walks (gaps in the map data where two
	 * paths surely meet; see src/lib/routing/network-repair.ts). Absent when it walks none.
	 */
	inferred?: InferredLinks;
}

/** "Antagna kopplingar": how many connectors a leg walks, and their metres. */
export interface InferredLinks {
	links: number;
	metres: number;
}

/** Where a router's paths come from, for the attribution shown beside them. */
export interface RouteSource {
	name: string;
	attribution: string;
}

/** Measures legs between points: all pairs at once (for the order), then the chosen legs in full. */
export interface LegRouter {
	/** Null for straight lines. */
	readonly source: RouteSource | null;
	route(points: readonly LonLat[]): { metres: Distances; leg(i: number, j: number): RoutedLeg };
}

export interface WalkLeg extends RoutedLeg {
	/** Stop id, or null for `options.start`. */
	from: string | null;
	to: string | null;
	minutes: number;
}

export const WALK_METHOD = 'fågelväg × omvägsfaktor';
export const NETWORK_METHOD = 'längs gångvägnätet';
export const MIXED_METHOD = 'längs gångvägnätet, delvis fågelväg × omvägsfaktor';

export interface WalkPlan {
	/** Stop ids in walking order. */
	order: string[];
	legs: WalkLeg[];
	metres: number;
	minutes: number;
	/** How the lengths were found, for the UI to show beside them. */
	method: typeof WALK_METHOD | typeof NETWORK_METHOD | typeof MIXED_METHOD;
	/** True when any leg is an estimate (straight line × detour factor). */
	approximate: boolean;
	/** True when the order is the shortest possible; false when found by heuristic (2-opt). */
	exact: boolean;
	/** `options.start`, when given: the point legs with `from`/`to` null refer to. */
	start: LonLat | null;
	speedKmh: number;
	detourFactor: number;
	/** The network the legs were walked on and its attribution; null for straight lines only. */
	source: RouteSource | null;
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
 * Straight lines × `detourFactor`: the estimate used where there is no network.
 *
 * @example
 * straightRouter(1.3).route([[17.93, 59.41], [17.94, 59.41]]).metres[0][1]; // ≈ 566 × 1.3
 */
export function straightRouter(detourFactor = 1.3): LegRouter {
	return {
		source: null,
		route(points) {
			const metres = points.map((a) => points.map((b) => haversineMetres(a, b) * detourFactor));
			return { metres, leg: (i, j) => straightLeg(points[i]!, points[j]!, detourFactor, 'no-network') };
		}
	};
}

/** One leg as the straight line × detour factor, with the reason it is not on the network. */
export function straightLeg(a: LonLat, b: LonLat, detourFactor: number, fallback: LegFallback): RoutedLeg {
	return { metres: haversineMetres(a, b) * detourFactor, approximate: true, fallback, streets: [], warnings: [], coordinates: [a, b] };
}

/**
 * Order the stops so the walk is as short as possible: exactly (Held–Karp) for up to
 * `EXACT_UP_TO` stops, otherwise nearest neighbour improved by 2-opt (usually within a few
 * per cent of the shortest), on the lengths `options.router` gives. The walk begins at
 * `options.start` or, without it, at the first stop, and ends at whichever stop is best unless
 * `returnToStart`.
 *
 * @example
 * const plan = planWalk(
 *   [{ id: 'torget', position: [17.928, 59.409] }, { id: 'tunneln', position: [17.935, 59.412] }, …],
 *   { returnToStart: true, router: networkRouter(network) }
 * );
 * plan.order; // ['torget', …]
 * plan.legs[0].streets; // [{ name: 'Sibeliusgången', metres: 240 }, …]
 */
export function planWalk(stops: readonly WalkStop[], options: PlanWalkOptions = {}): WalkPlan {
	checkStops(stops);
	const { start, returnToStart = false, speedKmh = 4.5, detourFactor = 1.3 } = options;
	checkNumber('gånghastighet (km/h)', speedKmh, 0, true);
	checkNumber('omvägsfaktor', detourFactor, 1, false);
	if (start !== undefined && !isPosition(start)) {
		throw new WalkPlanError(`Ogiltig startpunkt ${formatValue(start)}: ange [longitud, latitud] i grader`);
	}
	const router = options.router ?? straightRouter(detourFactor);

	// Node 0 is where the walk begins; with a start point every stop is node index+1.
	const nodes: { id: string | null; position: LonLat }[] = start
		? [{ id: null, position: start }, ...stops]
		: [...stops];
	const routed = router.route(nodes.map((n) => n.position));
	const d = routed.metres;
	const tour = { closed: returnToStart };
	const exact = options.keepOrder ? false : stops.length <= EXACT_UP_TO;
	const visit = options.keepOrder ? nodes.map((_, i) => i) : exact ? heldKarp(d, tour) : twoOpt(nearestNeighbour(d), d, tour);
	const order = visit.flatMap((i) => nodes[i]!.id ?? []);
	if (returnToStart) visit.push(visit[0]!);

	const perMinute = (speedKmh * 1000) / 60;
	const legs: WalkLeg[] = [];
	for (let k = 1; k < visit.length; k++) {
		const [i, j] = [visit[k - 1]!, visit[k]!];
		const leg = routed.leg(i, j);
		legs.push({ from: nodes[i]!.id, to: nodes[j]!.id, ...leg, minutes: leg.metres / perMinute });
	}
	const metres = legs.reduce((sum, leg) => sum + leg.metres, 0);
	const approximateLegs = legs.filter((leg) => leg.approximate).length;
	return {
		order,
		legs,
		metres,
		minutes: metres / perMinute,
		method: approximateLegs === legs.length ? WALK_METHOD : approximateLegs === 0 ? NETWORK_METHOD : MIXED_METHOD,
		approximate: approximateLegs > 0,
		exact,
		start: start ?? null,
		speedKmh,
		detourFactor,
		source: router.source
	};
}

export interface RouteLineProperties {
	from: string | null;
	to: string | null;
	metres: number;
	minutes: number;
	/** True: a straight line between stops (draw it dashed); false: along the paths. */
	approximate: boolean;
}

/**
 * The plan as GeoJSON for the map: one LineString per leg, along the paths where the leg was
 * routed on the network and straight (draw dashed) where it is approximate.
 *
 * @example
 * map.getSource('runda').setData(routeLines(plan));
 */
export function routeLines(plan: Pick<WalkPlan, 'legs'>): FeatureCollection<LineString, RouteLineProperties> {
	return {
		type: 'FeatureCollection',
		features: plan.legs.map((leg) => ({
			type: 'Feature',
			geometry: { type: 'LineString', coordinates: leg.coordinates },
			properties: { from: leg.from, to: leg.to, metres: leg.metres, minutes: leg.minutes, approximate: leg.approximate }
		}))
	};
}
