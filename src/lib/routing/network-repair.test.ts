/**
 * Closing the gaps of a walking network, on made-up ways laid out in metres around Järva: which
 * dead ends are joined, where, and which never are (across levels, through ways, across water).
 */
import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { localMetric } from '../analysis/local-metric';
import { JARVA, offset } from '../analysis/testing/shapes';
import { planWalk } from '../inventory/route';
import { networkRouter } from './network-router';
import { repairGaps, type RepairLine, type WayLevel } from './network-repair';
import { WalkNetwork } from './walk-network';

const plane = localMetric(JARVA);
const at = (east: number, north: number): [number, number] => offset(JARVA, east, north);
const GROUND: WayLevel = { level: '0', structure: false };
const BRIDGE: WayLevel = { level: 'bridge 1', structure: true };

/** Lines given in metres east/north of JARVA, with their levels. */
function layout(...ways: { points: [number, number][]; level?: WayLevel }[]): { lines: RepairLine[]; levels: WayLevel[] } {
	return {
		lines: ways.map((w, way) => ({ coordinates: w.points.map(([e, n]) => at(e, n)), way })),
		levels: ways.map((w) => w.level ?? GROUND)
	};
}

/** Where a position lies in metres east/north of JARVA, to the centimetre. */
const metres = (p: Position) => plane.project(p).map((v) => Math.round(v * 100) / 100);

describe('joining a way end to the way it stopped short of', () => {
	it('a footway ending 12 m before a street is joined to the nearest point of the street, which gets a vertex there', () => {
		const { lines, levels } = layout({ points: [[-100, 0], [100, 0]] }, { points: [[30, 80], [30, 12]] });
		const { lines: repaired, connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors).toHaveLength(1);
		expect(connectors[0]).toMatchObject({ way: 1, target: 0 });
		expect(connectors[0]!.metres).toBeCloseTo(12, 1);
		expect(metres(connectors[0]!.coordinates[1])).toEqual([30, 0]);
		// The street now runs through the point the connector lands on.
		expect(repaired[0]!.coordinates).toHaveLength(3);
		expect(repaired[0]!.coordinates[1]).toEqual(connectors[0]!.coordinates[1]);
		expect(counts).toMatchObject({ joined: 1 });
	});

	it('a gap wider than the limit stays open', () => {
		const { lines, levels } = layout({ points: [[-100, 0], [100, 0]] }, { points: [[30, 80], [30, 30]] });
		const { connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors).toEqual([]);
		expect(counts).toMatchObject({ deadEnds: 4, joined: 0, nothingNear: 4 });
	});

	it('a way that runs on a few metres past a junction gets no connector back to it', () => {
		// The footway meets the street's vertex at (0, 0) and runs on 10 m beyond it.
		const { lines, levels } = layout({ points: [[-100, 0], [0, 0], [100, 0]] }, { points: [[0, 60], [0, 0], [0, -10]] });
		const { connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors).toEqual([]);
		expect(counts.nearAlready).toBeGreaterThanOrEqual(1);
	});

	it('two ends facing each other across a gap are joined once, end to end', () => {
		const { lines, levels } = layout({ points: [[-100, 0], [-8, 0]] }, { points: [[8, 0], [100, 0]] });
		const { connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors).toHaveLength(1);
		expect(connectors[0]!.coordinates.map(metres)).toEqual([[-8, 0], [8, 0]]);
		expect(counts).toMatchObject({ joined: 1, reached: 1 });
	});

	it('a footway that runs head-on into a street and goes on from a junction on the far side is joined across the street', () => {
		const street = { points: [[-100, 0], [100, 0]] as [number, number][] };
		const north = { points: [[0, 80], [0, 10]] as [number, number][] };
		// Two paths meet 12 m south of the street, in line with the footway: not a dead end.
		const south = { points: [[0, -12], [0, -80]] as [number, number][] };
		const branch = { points: [[0, -12], [60, -40]] as [number, number][] };
		const { lines, levels } = layout(street, north, south, branch);
		const { connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors.map((c) => c.coordinates.map(metres))).toEqual([
			[[0, 10], [0, 0]],
			[[0, 0], [0, -12]]
		]);
		expect(connectors.map((c) => c.way)).toEqual([1, 1]);
		expect(counts).toMatchObject({ joined: 1, crossings: 1 });
	});

	it('a footway that meets a street at a slant is joined to it, not across it', () => {
		const street = { points: [[-100, 0], [100, 0]] as [number, number][] };
		const slanting = { points: [[-70, 70], [-10, 10]] as [number, number][] };
		const south = { points: [[-10, -12], [-10, -80]] as [number, number][] };
		const branch = { points: [[-10, -12], [60, -40]] as [number, number][] };
		const { lines, levels } = layout(street, slanting, south, branch);
		const { connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors.map((c) => c.coordinates.map(metres))).toEqual([[[-10, 10], [-10, 0]]]);
		expect(counts.crossings).toBe(0);
	});

	it('gives the same connectors for the same lines, every time', () => {
		const { lines, levels } = layout({ points: [[-100, 0], [100, 0]] }, { points: [[30, 80], [30, 12]] }, { points: [[-40, -70], [-40, -9]] });
		expect(repairGaps(lines, levels, plane, { maxGapMetres: 25 })).toEqual(repairGaps(lines, levels, plane, { maxGapMetres: 25 }));
	});
});

describe('never across levels', () => {
	// A road along the x axis; a footbridge over it from the south, its north end 10 m past the road.
	const road = { points: [[-100, 0], [100, 0]] as [number, number][] };
	const bridge = { points: [[0, -40], [0, 10]] as [number, number][], level: BRIDGE };

	it('a bridge end lands on the path ahead of it, not on the road beneath it, though the road is nearer', () => {
		const path = { points: [[0, 24], [0, 90]] as [number, number][] };
		const { lines, levels } = layout(road, bridge, path);
		const { connectors } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		const fromBridge = connectors.filter((c) => c.way === 1);
		expect(fromBridge).toHaveLength(1);
		expect(fromBridge[0]!.target).toBe(2);
		expect(connectors.some((c) => c.target === 0 || c.way === 0)).toBe(false);
	});

	it('a road that passes under the bridge and bends round in front of its end is still the road beneath', () => {
		const bending = { points: [[-100, -10], [20, 2], [14, 100]] as [number, number][] };
		const { lines, levels } = layout(bending, bridge);
		expect(repairGaps(lines, levels, plane, { maxGapMetres: 25 }).connectors.filter((c) => c.way === 1)).toEqual([]);
	});

	it('a bridge end with only the road beneath it in reach stays unjoined', () => {
		const { lines, levels } = layout(road, bridge);
		const { connectors, counts } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors).toEqual([]);
		expect(counts.refused).toBeGreaterThanOrEqual(1);
	});

	it('a bridge end is not joined back to a second carriageway beside it (beneath the bridge, though not crossed in the data)', () => {
		// The second carriageway passes 20 m behind the bridge end, beside the bridge's line.
		const carriageway = { points: [[6, -10], [100, -10]] as [number, number][] };
		const { lines, levels } = layout(road, bridge, carriageway);
		const { connectors } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors.filter((c) => c.way === 1)).toEqual([]);
	});

	it('a street end is not joined to the middle of a bridge above it, only to its end', () => {
		const span = { points: [[-50, 0], [50, 0]] as [number, number][], level: BRIDGE };
		const street = { points: [[0, -80], [0, -15]] as [number, number][] };
		const { lines, levels } = layout(span, street);
		expect(repairGaps(lines, levels, plane, { maxGapMetres: 25 }).connectors).toEqual([]);
		// The bridge's west end is 20 m from a street ending beside it: there it lands.
		const landing = { points: [[-50, -80], [-50, -20]] as [number, number][] };
		const joined = repairGaps(layout(span, landing).lines, layout(span, landing).levels, plane, { maxGapMetres: 25 }).connectors;
		expect(joined.map((c) => c.coordinates.map(metres))).toEqual([[[-50, -20], [-50, 0]]]);
	});
});

describe('never through a way or across water', () => {
	it('a connector never passes under a bridge to reach a path beyond it', () => {
		// The footway ends at (0, 0); a bridge crosses 8 m north of it, a path runs 15 m north.
		const footway = { points: [[0, -60], [0, 0]] as [number, number][] };
		const bridge = { points: [[-60, 8], [60, 8]] as [number, number][], level: BRIDGE };
		const path = { points: [[-60, 15], [60, 15]] as [number, number][] };
		const { lines, levels } = layout(footway, bridge, path);
		const { connectors } = repairGaps(lines, levels, plane, { maxGapMetres: 25 });
		expect(connectors.filter((c) => c.way === 0)).toEqual([]);
	});

	it('two paths on either bank of a stream are not joined across it (and are, at both ends, without the water)', () => {
		const north = { points: [[-60, 10], [0, 10]] as [number, number][] };
		const south = { points: [[-60, -8], [60, -8]] as [number, number][] };
		const stream: Position[][] = [[at(-80, 2), at(80, 2), at(80, -3), at(-80, -3), at(-80, 2)]];
		const { lines, levels } = layout(north, south);
		expect(repairGaps(lines, levels, plane, { maxGapMetres: 25, barriers: [stream] }).connectors).toEqual([]);
		expect(repairGaps(lines, levels, plane, { maxGapMetres: 25 }).connectors).toHaveLength(2);
	});
});

describe('a network built with its gaps repaired', () => {
	const feature = (properties: Record<string, unknown>, points: [number, number][]): Feature<LineString> => ({
		type: 'Feature',
		properties,
		geometry: { type: 'LineString', coordinates: points.map(([e, n]) => at(e, n)) }
	});
	const ways: FeatureCollection<LineString> = {
		type: 'FeatureCollection',
		features: [
			feature({ highway: 'residential', name: 'Gatan' }, [[-200, 0], [200, 0]]),
			feature({ highway: 'footway', name: 'Stigen' }, [[0, 300], [0, 12]])
		]
	};
	const OSM = { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare' };

	it('a leg over a connector walks it, counts it as an inferred link, and names it after the way it extends', () => {
		const network = WalkNetwork.fromFeatures(ways, OSM, { repairGaps: { maxGapMetres: 25 } });
		const plan = planWalk(
			[{ id: 'stigen', position: at(0, 200) }, { id: 'gatan', position: at(150, 0) }],
			{ router: networkRouter(network) }
		);
		const [leg] = plan.legs;
		expect(leg).toMatchObject({ approximate: false, streets: [{ name: 'Stigen' }, { name: 'Gatan' }] });
		expect(leg!.inferred!.links).toBe(1);
		expect(leg!.inferred!.metres).toBeCloseTo(12, 0);
		expect(leg!.metres).toBeCloseTo(200 + 150, -1);
	});

	it('without the repair the same two places are not joined at all', () => {
		const network = WalkNetwork.fromFeatures(ways, OSM);
		expect(network.connectivity()).toMatchObject({ components: 2, connectors: 0 });
		const repaired = WalkNetwork.fromFeatures(ways, OSM, { repairGaps: { maxGapMetres: 25 } });
		expect(repaired.connectivity()).toMatchObject({ components: 1, connectors: 1 });
	});

	it('stops are never placed on a connector, only on the ways of the data', () => {
		const network = WalkNetwork.fromFeatures(ways, OSM, { repairGaps: { maxGapMetres: 25 } });
		// 3 m beside the middle of the connector, 6 m from the footway's end, 6 m from the street.
		const snap = network.snap(at(3, 6))!;
		expect(network.ways[snap.way]!.inferred).toBe(false);
	});
});
