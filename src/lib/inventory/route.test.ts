import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { JARVA, offset } from '$lib/analysis/testing/shapes';
import { prng } from '$lib/analysis/testing/synthetic';
import { EXACT_UP_TO, haversineMetres, planWalk, routeLines, WalkPlanError, type WalkStop } from './route';
import { nearestNeighbour, tourLength } from './tour';

/** A stop `east`/`north` metres from Järva. */
function stop(id: string, east: number, north: number): WalkStop {
	return { id, position: offset(JARVA, east, north) };
}

/**
 * Metres to the nearest 10: `offset` lays stops out in a local plane that differs from the
 * sphere by about 0.3 %, so a 200 m side measures 199.4 m.
 */
const tens = (metres: number) => Math.round(metres / 10) * 10;

/** Stops scattered over a 1.5 km square around Järva. */
function randomStops(count: number, seed: number): WalkStop[] {
	const random = prng(seed);
	return Array.from({ length: count }, (_, i) => stop(`s${i}`, random() * 1500, random() * 1500));
}

/** Straight-line length of visiting the stops in this order (no detour factor). */
function length(order: readonly string[], stops: readonly WalkStop[], closed: boolean, start?: [number, number]): number {
	const positions = order.map((id) => stops.find((s) => s.id === id)!.position);
	const path = start ? [start, ...positions] : positions;
	if (closed) path.push(path[0]!);
	let total = 0;
	for (let k = 1; k < path.length; k++) total += haversineMetres(path[k - 1]!, path[k]!);
	return total;
}

function* permutations<T>(items: T[]): Generator<T[]> {
	if (items.length <= 1) return yield items;
	for (let i = 0; i < items.length; i++) {
		for (const tail of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i]!, ...tail];
	}
}

/** The shortest straight-line walk by trying every order; the first stop stays first unless a start is given. */
function bruteForce(stops: WalkStop[], closed: boolean, start?: [number, number]): number {
	const ids = stops.map((s) => s.id);
	const [fixed, free] = start ? [[], ids] : [ids.slice(0, 1), ids.slice(1)];
	let best = Infinity;
	for (const tail of permutations(free)) best = Math.min(best, length([...fixed, ...tail], stops, closed, start));
	return best;
}

// A 200 m square listed corner, opposite corner, corner, opposite corner: in that order the
// walk would cross the square twice.
const square = [stop('a', 0, 0), stop('c', 200, 200), stop('b', 200, 0), stop('d', 0, 200)];

describe('haversineMetres', () => {
	it('agrees with Turf to the millimetre', () => {
		const [a, b] = [JARVA, offset(JARVA, 1234, -567)];
		expect(haversineMetres(a, b)).toBeCloseTo(distance(a, b, { units: 'meters' }), 3);
	});

	it('measures a thousandth of a degree of latitude as about 111 m', () => {
		expect(haversineMetres([17.93, 59.41], [17.93, 59.411])).toBeCloseTo(111.2, 1);
	});
});

describe('planWalk', () => {
	it('walks around a square, not across it', () => {
		const plan = planWalk(square, { returnToStart: true, detourFactor: 1 });
		expect([['a', 'b', 'c', 'd'], ['a', 'd', 'c', 'b']]).toContainEqual(plan.order);
		expect(plan.legs.map((leg) => tens(leg.metres))).toEqual([200, 200, 200, 200]);
	});

	it('walks three sides of the square when it need not return', () => {
		const plan = planWalk(square, { detourFactor: 1 });
		expect(tens(plan.metres)).toBe(600);
		expect(plan.legs).toHaveLength(3);
	});

	it('starts at the first stop when no start is given, even mid-way along a line', () => {
		const line = [stop('mitt', 0, 0), stop('öst1', 100, 0), stop('öst2', 200, 0), stop('väst', -100, 0)];
		expect(planWalk(line).order).toEqual(['mitt', 'väst', 'öst1', 'öst2']);
	});

	it('starts at options.start, which is not a stop', () => {
		const start = offset(JARVA, -50, 0);
		const plan = planWalk([stop('x', 100, 0), stop('y', 0, 0)], { start, detourFactor: 1 });
		expect(plan.order).toEqual(['y', 'x']);
		expect(plan.legs.map((leg) => [leg.from, leg.to, tens(leg.metres)])).toEqual([
			[null, 'y', 50],
			['y', 'x', 100]
		]);
		expect(plan.start).toEqual(start);
	});

	it('returns to options.start when asked', () => {
		const start = offset(JARVA, -50, 0);
		const plan = planWalk([stop('x', 100, 0), stop('y', 0, 0)], { start, returnToStart: true, detourFactor: 1 });
		expect([plan.legs[0]!.from, plan.legs.at(-1)!.to, tens(plan.metres)]).toEqual([null, null, 300]);
	});

	it('joins two stops with one leg of straight line × 1.3', () => {
		const [a, b] = [stop('a', 0, 0), stop('b', 300, 400)];
		const plan = planWalk([a, b]);
		expect(plan.legs).toMatchObject([{ from: 'a', to: 'b', metres: haversineMetres(a.position, b.position) * 1.3 }]);
		expect(tens(plan.metres)).toBe(650);
	});

	it('gives minutes as metres / walking speed (4.5 km/h = 75 m/min unless told)', () => {
		const stops = randomStops(6, 1);
		const plan = planWalk(stops);
		expect(plan.minutes).toBeCloseTo(plan.metres / 75, 9);
		expect(planWalk(stops, { speedKmh: 3 }).minutes).toBeCloseTo(plan.metres / 50, 9);
	});

	it('scales every length by the detour factor without changing the order', () => {
		const stops = randomStops(8, 2);
		const [straight, detour] = [planWalk(stops, { detourFactor: 1 }), planWalk(stops, { detourFactor: 1.5 })];
		expect(detour.order).toEqual(straight.order);
		expect(detour.metres).toBeCloseTo(straight.metres * 1.5, 6);
	});

	it('says how the length was estimated', () => {
		expect(planWalk(square).method).toBe('fågelväg × omvägsfaktor');
	});

	it('finds the shortest order, as trying every order does, on random 7-stop sets', () => {
		for (let seed = 1; seed <= 8; seed++) {
			const stops = randomStops(7, seed);
			const start = offset(JARVA, 750, -200);
			for (const options of [{}, { returnToStart: true }, { start }, { start, returnToStart: true }]) {
				const plan = planWalk(stops, { ...options, detourFactor: 1 });
				const closed = options.returnToStart ?? false;
				expect(plan.exact).toBe(true);
				expect(plan.metres).toBeCloseTo(bruteForce(stops, closed, options.start), 6);
				expect(length(plan.order, stops, closed, options.start)).toBeCloseTo(plan.metres, 6);
			}
		}
	});

	it(`is exact up to ${EXACT_UP_TO} stops and heuristic above`, () => {
		expect(planWalk(randomStops(EXACT_UP_TO, 3)).exact).toBe(true);
		expect(planWalk(randomStops(EXACT_UP_TO + 1, 3)).exact).toBe(false);
	});

	it('on random 30-stop sets visits every stop once, first stop first, no longer than nearest neighbour', () => {
		for (let seed = 1; seed <= 10; seed++) {
			const stops = randomStops(30, seed);
			for (const returnToStart of [false, true]) {
				const plan = planWalk(stops, { returnToStart, detourFactor: 1 });
				const d = stops.map((a) => stops.map((b) => haversineMetres(a.position, b.position)));
				const greedy = tourLength(nearestNeighbour(d), d, { closed: returnToStart });
				expect(plan.order[0]).toBe('s0');
				expect([...plan.order].sort()).toEqual(stops.map((s) => s.id).sort());
				expect(plan.metres).toBeLessThanOrEqual(greedy + 1e-6);
			}
		}
	});

	it('refuses fewer than 2 stops', () => {
		expect(() => planWalk([stop('a', 0, 0)])).toThrow(new WalkPlanError('En runda behöver minst 2 stopp, fick 1'));
	});

	it('refuses two stops with the same id and names both', () => {
		expect(() => planWalk([stop('a', 0, 0), stop('b', 1, 1), stop('a', 2, 2)])).toThrow(
			'Stopp nr 3 har samma id "a" som stopp nr 1'
		);
	});

	it('refuses a stop whose position is not finite and names the stop', () => {
		const bad = { id: 'tunneln', position: [17.93, NaN] as [number, number] };
		expect(() => planWalk([stop('a', 0, 0), bad])).toThrow(
			'Stopp "tunneln" (nr 2) har positionen [17.93, NaN]: ange [longitud, latitud] i grader'
		);
	});

	it('refuses a latitude beyond the pole, the sign of a swapped or projected coordinate', () => {
		const bad = { id: 'sweref', position: [6580000, 667000] as [number, number] };
		expect(() => planWalk([stop('a', 0, 0), bad])).toThrow('Stopp "sweref" (nr 2) har positionen [6580000, 667000]');
	});

	it('refuses a walking speed of 0 and a detour factor below 1', () => {
		expect(() => planWalk(square, { speedKmh: 0 })).toThrow('Ogiltig gånghastighet (km/h) 0: ange ett tal > 0');
		expect(() => planWalk(square, { detourFactor: 0.9 })).toThrow('Ogiltig omvägsfaktor 0.9: ange ett tal ≥ 1');
	});

	it('refuses a start that is not a position', () => {
		expect(() => planWalk(square, { start: [Infinity, 59.4] })).toThrow('Ogiltig startpunkt [Infinity, 59.4]');
	});
});

describe('routeLines', () => {
	it('draws one straight line per leg, joining the stops in walking order', () => {
		const plan = planWalk(square);
		const byId = new Map(square.map((s) => [s.id, s.position]));
		const lines = routeLines(plan).features.map((f) => f.geometry.coordinates);
		expect(lines).toEqual(plan.legs.map((leg) => [byId.get(leg.from!), byId.get(leg.to!)]));
		expect(lines.map((l) => l[0])).toEqual(plan.order.slice(0, -1).map((id) => byId.get(id)));
	});

	it('closes the walk when it returns to the start point', () => {
		const start = offset(JARVA, -100, -100);
		const lines = routeLines(planWalk(square, { start, returnToStart: true })).features;
		expect(lines[0]!.geometry.coordinates[0]).toEqual(start);
		expect(lines.at(-1)!.geometry.coordinates.at(-1)).toEqual(start);
		expect(lines).toHaveLength(5);
	});

	it('carries each leg’s length, time and that it is approximate', () => {
		const plan = planWalk(square);
		expect(routeLines(plan).features[0]!.properties).toEqual({
			from: plan.legs[0]!.from,
			to: plan.legs[0]!.to,
			metres: plan.legs[0]!.metres,
			minutes: plan.legs[0]!.minutes,
			approximate: true
		});
	});
});

describe('straight legs', () => {
	it('say they are approximate, why, and have no street names or warnings', () => {
		const plan = planWalk(square);
		expect(plan.approximate).toBe(true);
		expect(plan.source).toBeNull();
		for (const leg of plan.legs) expect(leg).toMatchObject({ approximate: true, fallback: 'no-network', streets: [], warnings: [] });
	});
});
