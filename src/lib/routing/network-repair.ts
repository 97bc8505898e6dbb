/**
 * Closing the gaps of a walking network whose ways lost their shared nodes. Pure and
 * deterministic: the same lines in give the same repaired lines out.
 *
 * Why: the OpenStreetMap extract in geodata/osm/ (a cached Overpass snapshot) has ~1 200 way ends
 * that meet no other way, most of them 2–20 m short of the path or street they join in reality
 * (a footway that stops 12 m before the street it crosses, a bridge that ends short of the path it
 * lands on). Routed as they are, walks detour round the gaps (3.3 × the straight line for a
 * 10-stop walk in the bench).
 *
 * What: every dead end (a line end no other line touches) is joined by a straight connector to the
 * nearest point on another way within `maxGapMetres`, splitting that way's segment there, unless
 * the connector would be wrong on the ground:
 * - the two ways are on different levels (bridge, tunnel, `layer`) and one passes over the other:
 *   a bridge end lands on the path it leads to, never on the road beneath it; from another level a
 *   bridge or tunnel is reached only at its ends, and its own ends go on forwards, not back under it;
 * - the network already joins the dead end to that point nearly as directly (within twice the
 *   connector's length): the way runs on a little past a junction, and a connector would add nothing;
 * - it crosses another way or an earlier connector (it would go through the way in between);
 * - it crosses a barrier (water) or lies in one.
 * Then the next nearest point is tried. A dead end that ran head-on (within 30°) into the street it
 * is joined to most likely crossed it: when a way of its level goes on straight ahead on the far
 * side within reach, a second connector crosses the street to it, under the same rules.
 * Same-level ways that cross without a shared vertex are not joined: the Järva extract has none
 * (every crossing without a node is a bridge or tunnel). The caller marks connectors as inferred.
 */
import type { FeatureCollection, Position } from 'geojson';
import Flatbush from 'flatbush';
import type { LocalMetric, XY } from '../analysis/local-metric';

/** What the repair needs to know about a way: its level and whether it is a structure. */
export interface WayLevel {
	/** Ways on the same level meet anywhere: "0", "bridge 1", "tunnel -1", "-1" (a path below ground)… */
	level: string;
	/** A bridge, tunnel or a way on a layer other than 0: reached from another level only at its ends. */
	structure: boolean;
}

export interface RepairLine {
	coordinates: Position[];
	/** Index of the way (into the `levels` given to repairGaps). */
	way: number;
}

export interface GapRepairOptions {
	/** The largest gap closed, in metres (default 20; the OSM extract gets OSM_GAP_METRES). */
	maxGapMetres?: number;
	/** Areas no connector may cross or lie in, such as water: polygons as rings of [lon, lat]. */
	barriers?: readonly Position[][][];
}

/** A straight piece added between a dead end and the way it stopped short of. */
export interface Connector {
	coordinates: [Position, Position];
	/** The way whose end it extends. */
	way: number;
	/** The way it joins. */
	target: number;
	metres: number;
}

/** Why a dead end stayed open, counted. */
export interface RepairCounts {
	/** Line ends that no other line touched before the repair. */
	deadEnds: number;
	/** Joined by a connector of their own. */
	joined: number;
	/** Joined by a connector from another dead end that landed on them. */
	reached: number;
	/** No other way within reach. */
	nothingNear: number;
	/** A way that runs on past a junction: what lies within reach is as near along the network. */
	nearAlready: number;
	/** Every way within reach that is not near already was refused (another level, a crossing, water). */
	refused: number;
	/** Joined dead ends whose connector goes on across the street they ran into, to the path beyond. */
	crossings: number;
}

export interface RepairedLines {
	/** The lines with a vertex added where a connector lands on a segment. */
	lines: RepairLine[];
	connectors: Connector[];
	counts: RepairCounts;
}

/** A connector landing this close to a vertex lands on it (no 20 cm slivers). */
const SAME_POINT_METRES = 0.5;
export const DEFAULT_MAX_GAP_METRES = 20;

/** The largest gap closed in the OSM extract (metres); docs/field-mode.md says how it was chosen. */
export const OSM_GAP_METRES = 25;

/**
 * The repair the OpenStreetMap extract gets: gaps up to OSM_GAP_METRES closed, never across
 * `water` (its Polygon and MultiPolygon features).
 *
 * @example
 * WalkNetwork.fromFeatures(ways, source, { repairGaps: osmRepair(water) });
 */
export function osmRepair(water: FeatureCollection): GapRepairOptions {
	const barriers = water.features.flatMap((f) =>
		f.geometry?.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry?.type === 'MultiPolygon' ? f.geometry.coordinates : []
	);
	return { maxGapMetres: OSM_GAP_METRES, barriers };
}

const key = (p: Position) => `${p[0]},${p[1]}`;

interface Segment {
	/** Position in the list of all segments (for a deterministic order). */
	id: number;
	line: number;
	/** The segment runs from the line's point index - 1 to index. */
	index: number;
	a: XY;
	b: XY;
	/** Keys of its two points. */
	ends: [string, string];
}

interface Candidate {
	segment: Segment;
	along: number;
	point: XY;
	distance: number;
}

/**
 * The lines with their gaps closed.
 *
 * @example
 * const { lines, connectors } = repairGaps(kept, levels, plane, { maxGapMetres: 20, barriers: water });
 */
export function repairGaps(
	lines: readonly RepairLine[],
	levels: readonly WayLevel[],
	plane: LocalMetric,
	options: GapRepairOptions = {}
): RepairedLines {
	const maxGap = options.maxGapMetres ?? DEFAULT_MAX_GAP_METRES;
	const projected = lines.map((l) => l.coordinates.map((p) => plane.project(p)));
	const keys = lines.map((l) => l.coordinates.map(key));
	const segments: Segment[] = [];
	const firstSegment: number[] = [];
	projected.forEach((points, line) => {
		firstSegment.push(segments.length);
		for (let index = 1; index < points.length; index++) segments.push({ id: segments.length, line, index, a: points[index - 1]!, b: points[index]!, ends: [keys[line]![index - 1]!, keys[line]![index]!] });
	});
	const index = boxIndex(segments.map((s) => [s.a, s.b]));
	const barriers = (options.barriers ?? []).map((rings) => rings.map((ring) => ring.map((p) => plane.project(p))));
	const barrierEdges = barriers.flatMap((rings) => rings.flatMap((ring) => ring.slice(1).map((p, i): [XY, XY] => [ring[i]!, p])));
	const barrierIndex = boxIndex(barrierEdges);
	const overpasses = crossingWays(segments, lines, levels, index);

	const graph = new LocalGraph();
	lines.forEach(({ coordinates }, line) => {
		for (let i = 1; i < coordinates.length; i++) graph.link(keys[line]![i - 1]!, keys[line]![i]!, projected[line]![i - 1]!, projected[line]![i]!);
	});
	const deadEnds: { line: number; end: 0 | 1 }[] = [];
	keys.forEach((ids, line) => {
		for (const end of [0, 1] as const) {
			const k = end === 0 ? ids[0]! : ids.at(-1)!;
			// A closed line's start and end are one point: listed once.
			if (graph.degree(k) === 1 && !(end === 1 && ids[0] === k)) deadEnds.push({ line, end });
		}
	});

	const connectors: Connector[] = [];
	const drawn: [XY, XY][] = [];
	/** Points added on each segment (by segment id), in order along it. */
	const splits = new Map<number, { along: number; key: string; position: Position }[]>();
	const counts: RepairCounts = { deadEnds: deadEnds.length, joined: 0, reached: 0, nothingNear: 0, nearAlready: 0, refused: 0, crossings: 0 };

	/** Where a connector starts: a dead end, or the point where one landed on a street it crosses. */
	interface Start {
		id: string;
		xy: XY;
		position: Position;
		/** The way the connector extends. */
		way: number;
		/** The direction the way was going at its end. */
		outward: XY;
	}
	type Refusal = 'level' | 'near-already' | 'crossing' | 'barrier';

	/** Why a connector from `start` to `c` would be wrong, or null when it is not. */
	const refusal = (start: Start, c: Candidate, walked: ReadonlyMap<string, number>): Refusal | null => {
		const target = lines[c.segment.line]!.way;
		const [mine, theirs] = [levels[start.way]!, levels[target]!];
		if (mine.level !== theirs.level) {
			if (overpasses.has(pairKey(start.way, target))) return 'level';
			if (theirs.structure && !atWayEnd(c, projected[c.segment.line]!)) return 'level';
			// A bridge or tunnel goes on where it ends; what lies behind its end is beneath or above it.
			if (mine.structure && dot(start.outward, sub(c.point, start.xy)) <= 0) return 'level';
		}
		// The network already joins the two nearly as directly (a way that runs on past a junction).
		if (alongNetwork(c, walked, splits, graph) <= 2 * c.distance) return 'near-already';
		const connector: [XY, XY] = [start.xy, c.point];
		if (crossesAny(connector, index, (i) => [segments[i]!.a, segments[i]!.b], (i) => i === c.segment.id) || drawn.some((d) => crosses(connector, d))) return 'crossing';
		if (crossesAny(connector, barrierIndex, (i) => barrierEdges[i]!, () => false) || barriers.some((rings) => inside(midpoint(connector), rings))) return 'barrier';
		return null;
	};

	/** The nearest candidate `accept`ed that no rule refuses, or why there is none. */
	const best = (start: Start, accept: (c: Candidate) => boolean): Candidate | 'nothing-near' | Set<Refusal> => {
		const candidates = nearby(start.xy, maxGap, index, segments).filter((c) => lines[c.segment.line]!.way !== start.way && accept(c));
		if (candidates.length === 0) return 'nothing-near';
		const walked = graph.distancesFrom(start.id, 2 * maxGap);
		const refusals = new Set<Refusal>();
		for (const c of candidates) {
			const reason = refusal(start, c, walked);
			if (!reason) return c;
			refusals.add(reason);
		}
		return refusals;
	};

	/** Adds the connector from `start` to the candidate's point (a vertex added there) and returns where it landed. */
	const join = (start: Start, chosen: Candidate): Start => {
		const target = lines[chosen.segment.line]!;
		const vertex = nearVertex(chosen);
		let landing: Position;
		if (vertex) {
			landing = vertex === 'a' ? target.coordinates[chosen.segment.index - 1]! : target.coordinates[chosen.segment.index]!;
		} else {
			landing = rounded(plane.unproject(chosen.point));
			const [previous, next] = splitNeighbours(chosen, splits, graph);
			graph.split(previous.key, next.key, key(landing), previous.point, next.point, chosen.point);
			const list = splits.get(chosen.segment.id) ?? [];
			list.push({ along: chosen.along, key: key(landing), position: landing });
			list.sort((p, q) => p.along - q.along);
			splits.set(chosen.segment.id, list);
		}
		const to = plane.project(landing);
		graph.link(start.id, key(landing), start.xy, to);
		drawn.push([start.xy, to]);
		connectors.push({ coordinates: [start.position, landing], way: start.way, target: target.way, metres: Math.hypot(...sub(to, start.xy)) });
		return { id: key(landing), xy: to, position: landing, way: start.way, outward: start.outward };
	};

	for (const { line, end } of deadEnds) {
		const points = projected[line]!;
		const id = end === 0 ? keys[line]![0]! : keys[line]!.at(-1)!;
		// An earlier connector landed here: no longer a dead end.
		if (graph.degree(id) !== 1) {
			counts.reached++;
			continue;
		}
		const [from, before] = end === 0 ? [points[0]!, points[1]!] : [points.at(-1)!, points.at(-2)!];
		const position = end === 0 ? lines[line]!.coordinates[0]! : lines[line]!.coordinates.at(-1)!;
		const start: Start = { id, xy: from, position, way: lines[line]!.way, outward: sub(from, before) };
		const chosen = best(start, () => true);
		if (chosen === 'nothing-near') {
			counts.nothingNear++;
			continue;
		}
		if (chosen instanceof Set) {
			if (chosen.size === 1 && chosen.has('near-already')) counts.nearAlready++;
			else counts.refused++;
			continue;
		}
		const landed = join(start, chosen);
		counts.joined++;
		// A path that runs head-on into a street crossed it: the crossing went with the lost node. If
		// the path goes on straight ahead on the far side, the connector goes on across to it.
		if (!headOn(start.outward, sub(landed.xy, from))) continue;
		const street = lines[chosen.segment.line]!.way;
		const beyond = best(landed, (c) => lines[c.segment.line]!.way !== street && headOn(start.outward, sub(c.point, landed.xy)));
		if (typeof beyond === 'object' && !(beyond instanceof Set)) {
			join(landed, beyond);
			counts.crossings++;
		}
	}

	const repaired = lines.map((l, line) => {
		const coordinates: Position[] = [l.coordinates[0]!];
		for (let i = 1; i < l.coordinates.length; i++) {
			const added = splits.get(firstSegment[line]! + i - 1);
			if (added) coordinates.push(...added.map((s) => s.position));
			coordinates.push(l.coordinates[i]!);
		}
		return { coordinates, way: l.way };
	});
	return { lines: repaired, connectors, counts };
}

/**
 * The lines as a graph of point keys with plane distances, for "how far along the network is it
 * from here to there" near one dead end; kept up to date as connectors are added.
 */
class LocalGraph {
	readonly #edges = new Map<string, Map<string, number>>();
	readonly #points = new Map<string, XY>();

	link(a: string, b: string, p: XY, q: XY) {
		if (a === b) return;
		this.#points.set(a, p);
		this.#points.set(b, q);
		const metres = Math.hypot(...sub(p, q));
		this.#edge(a).set(b, metres);
		this.#edge(b).set(a, metres);
	}

	/** Puts `middle` (at `m`) between `a` and `b`. */
	split(a: string, b: string, middle: string, p: XY, q: XY, m: XY) {
		this.#edge(a).delete(b);
		this.#edge(b).delete(a);
		this.link(a, middle, p, m);
		this.link(middle, b, m, q);
	}

	degree(id: string): number {
		return this.#edges.get(id)?.size ?? 0;
	}

	point(id: string): XY {
		return this.#points.get(id)!;
	}

	/** Walking distances from `start` to the points within `limit` metres of it along the lines (Dijkstra). */
	distancesFrom(start: string, limit: number): Map<string, number> {
		const done = new Map<string, number>();
		const open = new Map<string, number>([[start, 0]]);
		while (open.size > 0) {
			let [id, distance] = ['', Infinity];
			for (const [k, d] of open) if (d < distance) [id, distance] = [k, d];
			open.delete(id);
			done.set(id, distance);
			for (const [next, metres] of this.#edges.get(id) ?? []) {
				const d = distance + metres;
				if (d <= limit && !done.has(next) && d < (open.get(next) ?? Infinity)) open.set(next, d);
			}
		}
		return done;
	}

	#edge(id: string): Map<string, number> {
		let edges = this.#edges.get(id);
		if (!edges) this.#edges.set(id, (edges = new Map()));
		return edges;
	}
}

/** The points the candidate lies between on its segment, counting points added by earlier connectors. */
function splitNeighbours(
	c: Candidate,
	splits: ReadonlyMap<number, readonly { along: number; key: string }[]>,
	graph: LocalGraph
): [{ key: string; point: XY }, { key: string; point: XY }] {
	const ends = c.segment.ends;
	let [previous, next] = [{ along: 0, key: ends[0] }, { along: 1, key: ends[1] }];
	for (const s of splits.get(c.segment.id) ?? []) {
		if (s.along <= c.along && s.along >= previous.along) previous = s;
		if (s.along > c.along && s.along <= next.along) next = s;
	}
	return [
		{ key: previous.key, point: graph.point(previous.key) },
		{ key: next.key, point: graph.point(next.key) }
	];
}

/** Metres along the network from the dead end to the candidate's point, or Infinity beyond the walked limit. */
function alongNetwork(
	c: Candidate,
	walked: ReadonlyMap<string, number>,
	splits: ReadonlyMap<number, readonly { along: number; key: string }[]>,
	graph: LocalGraph
): number {
	const [previous, next] = splitNeighbours(c, splits, graph);
	return Math.min(
		(walked.get(previous.key) ?? Infinity) + Math.hypot(...sub(c.point, previous.point)),
		(walked.get(next.key) ?? Infinity) + Math.hypot(...sub(c.point, next.point))
	);
}

const sub = (p: XY, q: XY): XY => [p[0] - q[0], p[1] - q[1]];
/** Within 30° of straight ahead. */
const headOn = (ahead: XY, to: XY) => dot(ahead, to) >= Math.cos(Math.PI / 6) * Math.hypot(...ahead) * Math.hypot(...to);
const dot = (p: XY, q: XY) => p[0] * q[0] + p[1] * q[1];
const midpoint = ([p, q]: [XY, XY]): XY => [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
const rounded = (p: [number, number]): Position => [Number(p[0].toFixed(7)), Number(p[1].toFixed(7))];
const pairKey = (a: number, b: number) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** A flatbush index of the pieces' boxes; null for none (flatbush needs at least one). */
function boxIndex(pieces: readonly [XY, XY][]): Flatbush | null {
	if (pieces.length === 0) return null;
	const index = new Flatbush(pieces.length);
	for (const [a, b] of pieces) index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
	index.finish();
	return index;
}

/** The nearest point of every segment within `radius` of `from`, nearest first (ties by segment order: deterministic). */
function nearby(from: XY, radius: number, index: Flatbush | null, segments: readonly Segment[]): Candidate[] {
	const found: Candidate[] = [];
	if (!index) return found;
	for (const i of index.search(from[0] - radius, from[1] - radius, from[0] + radius, from[1] + radius)) {
		const segment = segments[i]!;
		const [dx, dy] = sub(segment.b, segment.a);
		const lengthSquared = dx * dx + dy * dy;
		const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((from[0] - segment.a[0]) * dx + (from[1] - segment.a[1]) * dy) / lengthSquared));
		const point: XY = [segment.a[0] + along * dx, segment.a[1] + along * dy];
		const distance = Math.hypot(...sub(point, from));
		if (distance <= radius && distance > 0) found.push({ segment, along, point, distance });
	}
	return found.sort((p, q) => p.distance - q.distance || p.segment.id - q.segment.id);
}

/** 'a' or 'b' when the candidate lands within SAME_POINT_METRES of that end of its segment. */
function nearVertex(c: Candidate): 'a' | 'b' | null {
	if (Math.hypot(...sub(c.point, c.segment.a)) <= SAME_POINT_METRES) return 'a';
	if (Math.hypot(...sub(c.point, c.segment.b)) <= SAME_POINT_METRES) return 'b';
	return null;
}

/** Whether the candidate lands at the first or last point of its line (where a bridge meets the ground). */
function atWayEnd(c: Candidate, line: readonly XY[]): boolean {
	return [line[0]!, line.at(-1)!].some((end) => Math.hypot(...sub(c.point, end)) <= SAME_POINT_METRES);
}

/** Where two segments' lines meet, as fractions along each ([t on p–q, u on r–s]); null when parallel. */
function meeting([p, q]: readonly [XY, XY], [r, s]: readonly [XY, XY]): [number, number] | null {
	const d = sub(q, p);
	const e = sub(s, r);
	const denominator = d[0] * e[1] - d[1] * e[0];
	if (denominator === 0) return null;
	const w = sub(r, p);
	return [(w[0] * e[1] - w[1] * e[0]) / denominator, (w[0] * d[1] - w[1] * d[0]) / denominator];
}

/**
 * Whether a connector crosses a segment at a point more than SAME_POINT_METRES from the
 * connector's ends (touching where it starts or lands is how it joins, not a crossing).
 */
function crosses(connector: [XY, XY], segment: [XY, XY]): boolean {
	const at = meeting(connector, segment);
	if (!at) return false;
	const slack = SAME_POINT_METRES / Math.hypot(...sub(connector[1], connector[0]));
	return at[0] > slack && at[0] < 1 - slack && at[1] >= 0 && at[1] <= 1;
}

function crossesAny(connector: [XY, XY], index: Flatbush | null, piece: (i: number) => [XY, XY], skip: (i: number) => boolean): boolean {
	const [p, q] = connector;
	if (!index) return false;
	return index
		.search(Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[0], q[0]), Math.max(p[1], q[1]))
		.some((i) => !skip(i) && crosses(connector, piece(i)));
}

/** Even–odd point in polygon (rings: outer first, then holes). */
function inside([x, y]: XY, rings: readonly XY[][]): boolean {
	let result = false;
	for (const ring of rings) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [a, b] = [ring[i]!, ring[j]!];
			if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) result = !result;
		}
	}
	return result;
}

/** Pairs of ways (by way index) on different levels whose lines cross without a shared vertex: one passes over the other. */
function crossingWays(segments: readonly Segment[], lines: readonly RepairLine[], levels: readonly WayLevel[], index: Flatbush | null): Set<string> {
	const pairs = new Set<string>();
	if (!index) return pairs;
	segments.forEach((s, i) => {
		for (const j of index.search(Math.min(s.a[0], s.b[0]), Math.min(s.a[1], s.b[1]), Math.max(s.a[0], s.b[0]), Math.max(s.a[1], s.b[1]))) {
			const t = segments[j]!;
			const [wayS, wayT] = [lines[s.line]!.way, lines[t.line]!.way];
			if (j <= i || wayS === wayT || levels[wayS]!.level === levels[wayT]!.level) continue;
			if (properlyCross(s, t)) pairs.add(pairKey(wayS, wayT));
		}
	});
	return pairs;
}

/** Whether two segments cross inside both, not at an end. */
function properlyCross(s: Segment, t: Segment): boolean {
	const at = meeting([s.a, s.b], [t.a, t.b]);
	return at !== null && at[0] > 0 && at[0] < 1 && at[1] > 0 && at[1] < 1;
}
