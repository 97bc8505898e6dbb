/**
 * The walking network on the real OpenStreetMap ways of Järva (geodata/osm/ways.geojson), built
 * as the app builds it (gaps repaired, never across the city's water): walks routed along paths,
 * steps avoided, stops off the network, street names and warnings, and what the repair changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection, LineString } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LonLat } from '../inventory/fields';
import { localMetric } from '../analysis/local-metric';
import { haversineMetres, planWalk, type WalkStop } from '../inventory/route';
import { formatStreets, mostlyInferred } from './leg-text';
import { networkRouter } from './network-router';
import { osmRepair } from './network-repair';
import { directness, stopPairs } from './testing/stop-pairs';
import { WalkNetwork, WalkNetworkError } from './walk-network';

const read = (path: string) => JSON.parse(readFileSync(join(process.cwd(), path), 'utf8')) as FeatureCollection;
const ways = read('geodata/osm/ways.geojson') as FeatureCollection<LineString>;
const water = read('geodata/stockholm/water.geojson');
const OSM = { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare' };
/** As the app routes: the OSM ways with their gaps repaired. */
let network: WalkNetwork;
/** The same ways taken as they are, to show what the repair changes. */
let unrepaired: WalkNetwork;
beforeAll(() => {
	network = WalkNetwork.fromFeatures(ways, OSM, { repairGaps: osmRepair(water) });
	unrepaired = WalkNetwork.fromFeatures(ways, OSM);
});

/** Every vertex of the OSM ways: a line routed on the network goes through these, its snap points and the points where connectors land. */
const vertices = new Set(ways.features.flatMap((f) => f.geometry.coordinates.map((p) => `${p[0]},${p[1]}`)));
const plane = localMetric([17.93, 59.405]);
const segments = ways.features.flatMap((f) => f.geometry.coordinates.slice(1).map((p, i) => [plane.project(f.geometry.coordinates[i]!), plane.project(p)]));
/** Whether a point is a vertex of an OSM way or lies on one of its segments (where a connector landed), to a centimetre. */
function onOsmWay(p: LonLat): boolean {
	if (vertices.has(`${p[0]},${p[1]}`)) return true;
	const [x, y] = plane.project(p);
	return segments.some(([a, b]) => {
		const [dx, dy] = [b![0] - a![0], b![1] - a![1]];
		const t = Math.max(0, Math.min(1, ((x - a![0]) * dx + (y - a![1]) * dy) / (dx * dx + dy * dy || 1)));
		return Math.hypot(a![0] + t * dx - x, a![1] + t * dy - y) < 0.05;
	});
}

/** Five places in Akalla and Husby a walk might stop at (on or beside their streets). */
const AKALLA_HUSBY: WalkStop[] = [
	{ id: 'akalla-centrum', position: [17.9173, 59.41395] },
	{ id: 'borgagatan', position: [17.92357, 59.41475] },
	{ id: 'norgegatan', position: [17.92282, 59.41304] },
	{ id: 'trondheimsgatan-ost', position: [17.92379, 59.40969] },
	{ id: 'trondheimsgatan-vast', position: [17.92157, 59.40914] }
];

/** A flight of 9 steps in Husby (OSM way 1096689379), its two ends: a few metres apart by the steps. */
const STEPS_TOP: LonLat = [17.92533, 59.4093646];
const STEPS_BOTTOM: LonLat = [17.9252699, 59.4093913];

const straightLength = (plan: ReturnType<typeof planWalk>, stops: readonly WalkStop[]) => {
	const at = new Map(stops.map((s) => [s.id, s.position]));
	return plan.legs.reduce((sum, leg) => sum + haversineMetres(at.get(leg.from!)!, at.get(leg.to!)!), 0);
};

describe('a walk routed on the OpenStreetMap network', () => {
	it('a 5-stop walk in Akalla–Husby goes along network edges, 1.0–1.6 × the straight line', () => {
		const plan = planWalk(AKALLA_HUSBY, { router: networkRouter(network) });
		expect(plan.approximate).toBe(false);
		expect(plan.method).toBe('längs gångvägnätet');
		for (const leg of plan.legs) {
			expect(leg.approximate).toBe(false);
			// Stop, snap point, …points of the OSM ways…, snap point, stop.
			const inner = leg.coordinates.slice(2, -2);
			expect(inner.length).toBeGreaterThan(0);
			expect(inner.filter((p) => !onOsmWay(p))).toEqual([]);
			expect(mostlyInferred(leg)).toBe(false);
		}
		// Connectors bridge gaps of a few metres, not the walk.
		expect(plan.legs.reduce((sum, leg) => sum + (leg.inferred?.metres ?? 0), 0)).toBeLessThan(0.1 * plan.metres);
		const ratio = plan.metres / straightLength(plan, AKALLA_HUSBY);
		expect(ratio).toBeGreaterThanOrEqual(1.0);
		expect(ratio).toBeLessThanOrEqual(1.6);
	});

	it('orders the stops by network distance and gives metres and minutes per leg at 4.5 km/h', () => {
		const plan = planWalk(AKALLA_HUSBY, { router: networkRouter(network) });
		expect(plan.order[0]).toBe('akalla-centrum');
		expect(new Set(plan.order)).toEqual(new Set(AKALLA_HUSBY.map((s) => s.id)));
		for (const leg of plan.legs) expect(leg.minutes).toBeCloseTo(leg.metres / 75, 6);
		expect(plan.legs.reduce((sum, leg) => sum + leg.metres, 0)).toBeCloseTo(plan.metres, 6);
	});

	it('names the streets of a leg in order with their lengths, which add up to the leg', () => {
		const plan = planWalk([AKALLA_HUSBY[0]!, AKALLA_HUSBY[1]!], { router: networkRouter(network) });
		const [leg] = plan.legs;
		expect(leg!.streets.map((s) => s.name)).toContain('Sibeliusgången');
		expect(leg!.streets.at(-1)!.name).toBe('Borgågatan');
		const onNetwork = leg!.streets.reduce((sum, s) => sum + s.metres, 0);
		// The rest is the straight bit from each stop onto its path.
		expect(leg!.metres - onNetwork).toBeGreaterThanOrEqual(0);
		expect(leg!.metres - onNetwork).toBeLessThan(30);
		expect(formatStreets(leg!.streets)).toMatch(/Sibeliusgången \d+ m, sedan .*Borgågatan \d+ m$/);
	});

	it('says which network it walked on, for the attribution', () => {
		expect(planWalk(AKALLA_HUSBY, { router: networkRouter(network) }).source).toEqual(OSM);
	});
});

describe('the gaps of the OSM extract, repaired', () => {
	/** On Edvard Griegsgången at Husby centrum, east of its bridge over Trondheimsgatan (OSM way 23183785). */
	const CENTRUM: WalkStop = { id: 'centrum', position: [17.9255338, 59.4098403] };
	/** On the footway west of the bridge (OSM way 1057605552), towards Christian Krohgsgången. */
	const WEST: WalkStop = { id: 'vast', position: [17.9233542, 59.4103116] };

	it('the Edvard Griegsgången bridge at Husby centrum goes on to the footway west of it, not down to the road beneath', () => {
		const straight = haversineMetres(CENTRUM.position, WEST.position);
		const [leg] = planWalk([CENTRUM, WEST], { router: networkRouter(network) }).legs;
		expect(leg!.approximate).toBe(false);
		expect(leg!.metres).toBeLessThan(1.3 * straight);
		expect(leg!.streets.map((s) => s.name)).toEqual(['Edvard Griegsgången', 'gångväg']);
		expect(leg!.inferred).toMatchObject({ links: 1 });
		expect(leg!.inferred!.metres).toBeLessThan(20);
		// Before the repair the bridge ended in nothing: the walk went round by the streets.
		const [before] = planWalk([CENTRUM, WEST], { router: networkRouter(unrepaired) }).legs;
		expect(before!.metres).toBeGreaterThan(3 * straight);
		expect(before!.streets.map((s) => s.name)).toContain('Trondheimsgatan');
	});

	it('joins the network into one main piece: 82 % of the nodes before, over 93 % after, and a third of the dead ends left', () => {
		const [before, after] = [unrepaired.connectivity(), network.connectivity()];
		expect(before.largestShare).toBeLessThan(0.83);
		expect(after.largestShare).toBeGreaterThan(0.93);
		expect(after.deadEnds).toBeLessThan(before.deadEnds * 0.4);
		expect(after.connectors).toBe(network.repair!.joined + network.repair!.crossings);
		// No connector is longer than the limit.
		expect(after.connectorMetres / after.connectors).toBeLessThan(25);
	});

	it('a seeded set of 200 stop pairs in Akalla–Rinkeby walks 1.72 × the straight line on average (median 1.52), against 2.22 (1.73) before', () => {
		const pairs = stopPairs(network, { count: 200, seed: 12 });
		const after = directness(network, pairs);
		const before = directness(unrepaired, pairs);
		expect(after.noPath).toBe(0);
		expect(after.mean).toBeLessThanOrEqual(1.75);
		expect(after.median).toBeLessThanOrEqual(1.6);
		expect(before.mean).toBeGreaterThan(2.1);
		expect(before.median).toBeGreaterThan(1.7);
	});
});

describe('steps', () => {
	it('a route over steps lists them with their step count', () => {
		const plan = planWalk([{ id: 'top', position: STEPS_TOP }, { id: 'bottom', position: STEPS_BOTTOM }], { router: networkRouter(network) });
		expect(plan.metres).toBeLessThan(20);
		expect(plan.legs[0]!.warnings).toMatchObject([{ kind: 'steps', name: 'trappa', stepCount: 9 }]);
	});

	it('avoiding steps changes the route where steps exist: longer, around them, without a steps warning', () => {
		const stops: WalkStop[] = [{ id: 'top', position: STEPS_TOP }, { id: 'bottom', position: STEPS_BOTTOM }];
		const over = planWalk(stops, { router: networkRouter(network) });
		const around = planWalk(stops, { router: networkRouter(network, { avoidSteps: true }) });
		expect(around.approximate).toBe(false);
		expect(around.metres).toBeGreaterThan(over.metres * 10);
		expect(around.legs[0]!.coordinates).not.toEqual(over.legs[0]!.coordinates);
		expect(around.legs[0]!.warnings.filter((w) => w.kind === 'steps')).toEqual([]);
	});

	it('a leg with no way round the steps falls back to a straight line and says why', () => {
		// A made-up network: two paths joined only by steps.
		const lines: FeatureCollection<LineString> = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'LineString', coordinates: [[17.92, 59.41], [17.921, 59.41]] } },
				{ type: 'Feature', properties: { highway: 'steps' }, geometry: { type: 'LineString', coordinates: [[17.921, 59.41], [17.922, 59.41]] } },
				{ type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'LineString', coordinates: [[17.922, 59.41], [17.923, 59.41]] } }
			]
		};
		const island = WalkNetwork.fromFeatures(lines, OSM);
		const stops: WalkStop[] = [{ id: 'a', position: [17.9201, 59.4101] }, { id: 'b', position: [17.9229, 59.4101] }];
		const plan = planWalk(stops, { router: networkRouter(island, { avoidSteps: true }) });
		expect(plan.legs[0]).toMatchObject({ approximate: true, fallback: 'no-step-free-path', streets: [] });
		expect(plan.method).toBe('fågelväg × omvägsfaktor');
		expect(planWalk(stops, { router: networkRouter(island) }).legs[0]).toMatchObject({ approximate: false, fallback: null });
	});
});

describe('off the network', () => {
	it('a stop more than 150 m from every path makes its legs straight × 1.3, labelled approximate', () => {
		// On Järvafältet, north of every way in the file.
		const field: WalkStop = { id: 'falt', position: [17.915, 59.4265] };
		expect(network.snap(field.position)).toBeNull();
		const plan = planWalk([AKALLA_HUSBY[0]!, AKALLA_HUSBY[1]!, field], { router: networkRouter(network) });
		const offLegs = plan.legs.filter((leg) => leg.from === 'falt' || leg.to === 'falt');
		expect(offLegs).toHaveLength(1);
		expect(offLegs[0]).toMatchObject({ approximate: true, fallback: 'off-network', streets: [], warnings: [] });
		expect(offLegs[0]!.coordinates).toHaveLength(2);
		expect(plan.legs.filter((leg) => leg !== offLegs[0]).every((leg) => !leg.approximate)).toBe(true);
		expect(plan.approximate).toBe(true);
		expect(plan.method).toBe('längs gångvägnätet, delvis fågelväg × omvägsfaktor');
	});

	it('snaps to the nearest point on an edge, not only to a vertex', () => {
		const snap = network.snap([17.92357, 59.41475])!;
		expect(snap.offset).toBeLessThan(10);
		expect(vertices.has(`${snap.point[0]},${snap.point[1]}`)).toBe(false);
	});
});

describe('building a network', () => {
	it('refuses features with no walkable line and says what it needs', () => {
		const motorway: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { highway: 'motorway' }, geometry: { type: 'LineString', coordinates: [[17.9, 59.4], [17.91, 59.4]] } }] };
		expect(() => WalkNetwork.fromFeatures(motorway, OSM)).toThrow(WalkNetworkError);
		expect(() => WalkNetwork.fromFeatures(motorway, OSM)).toThrow(/gångbara linjer/);
	});

	it('takes untagged lines as paths when told (a network imported from a GIS)', () => {
		const plain: FeatureCollection = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Stigen' }, geometry: { type: 'LineString', coordinates: [[17.9, 59.4], [17.901, 59.4]] } }] };
		expect(() => WalkNetwork.fromFeatures(plain, OSM)).toThrow(WalkNetworkError);
		expect(WalkNetwork.fromFeatures(plain, OSM, { untaggedIsPath: true }).segmentCount).toBe(1);
	});

	it('leaves out ways closed to people on foot', () => {
		const closed: FeatureCollection = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'LineString', coordinates: [[17.9, 59.4], [17.901, 59.4]] } },
				{ type: 'Feature', properties: { highway: 'service', access: 'private' }, geometry: { type: 'LineString', coordinates: [[17.901, 59.4], [17.902, 59.4]] } },
				{ type: 'Feature', properties: { highway: 'footway', foot: 'no' }, geometry: { type: 'LineString', coordinates: [[17.902, 59.4], [17.903, 59.4]] } }
			]
		};
		expect(WalkNetwork.fromFeatures(closed, OSM).segmentCount).toBe(1);
	});
});

describe('naming a place by its street', () => {
	it('takes the nearest named way, passing over a nearer unnamed footway, and none beyond the limit', () => {
		// A footway 10 m north of the point, Storgatan 30 m south of it (1 m ≈ 0.000009° of latitude).
		const lines: FeatureCollection<LineString> = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { highway: 'footway' }, geometry: { type: 'LineString', coordinates: [[17.92, 59.41009], [17.922, 59.41009]] } },
				{ type: 'Feature', properties: { highway: 'residential', name: 'Storgatan' }, geometry: { type: 'LineString', coordinates: [[17.92, 59.40973], [17.922, 59.40973]] } }
			]
		};
		const small = WalkNetwork.fromFeatures(lines, OSM);
		expect(small.nearestName([17.921, 59.41])).toBe('Storgatan');
		expect(small.nearestName([17.921, 59.41], 20)).toBeNull();
		// On the real extract: Borgågatan in Akalla.
		expect(network.nearestName([17.92357, 59.41475])).toBe('Borgågatan');
	});
});
