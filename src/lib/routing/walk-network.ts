/**
 * A walking network built from line features (OpenStreetMap ways, or a line layer a deployment
 * imported): a graph with a node at every vertex, so ways that share a coordinate are joined
 * there, as OSM ways are at their common nodes. Pure: GeoJSON in, no I/O.
 *
 * Paths are found with ngraph.path (NBA*, an exact bidirectional A*), and stops are snapped to
 * the nearest point on an edge (not only a vertex) through a flatbush index of the segments in a
 * local metric plane. What a safety walk needs to know about a path – its name, whether it is
 * lit, steps, tunnels and underpasses – stays on each edge as the way's tags.
 *
 * With `repairGaps` (the OSM extract needs it, see network-repair.ts) way ends that stop short of
 * another way are joined to it by straight connectors, marked `inferred` so a leg can say so.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import Flatbush from 'flatbush';
import createGraph, { type Graph, type Link, type Node } from 'ngraph.graph';
import { nba } from 'ngraph.path';
import { localMetric, type LocalMetric } from '../analysis/local-metric';
import type { LonLat } from '../inventory/fields';
import { haversineMetres, type RouteSource } from '../inventory/route';
import { repairGaps, type GapRepairOptions, type RepairCounts, type WayLevel } from './network-repair';

/** OSM highway values a group on foot may use (unless tagged foot=no or private). */
export const WALKABLE_HIGHWAYS: ReadonlySet<string> = new Set([
	'footway',
	'path',
	'pedestrian',
	'steps',
	'residential',
	'living_street',
	'service',
	'unclassified',
	'tertiary',
	'tertiary_link',
	'secondary',
	'secondary_link',
	'track',
	'cycleway',
	'corridor',
	'bridleway',
	'road'
]);

/** What a walk needs to know about one way: the tags that name it and warn about it. */
export interface WayInfo {
	/** The way's name, or null (unnamed footways, service roads…). */
	name: string | null;
	highway: string;
	/** OSM `lit=no`: known to be unlit (no tag means unknown, not unlit). */
	unlit: boolean;
	steps: boolean;
	/** OSM `step_count`, when tagged. */
	stepCount: number | null;
	/** A tunnel, building passage, underpass (a footway below ground level) or covered walk. */
	passage: 'tunnel' | 'underpass' | 'covered' | null;
	/** OSM `footway=sidewalk|crossing`, for naming unnamed pieces. */
	footway: string | null;
	/** The feature's id (OSM way id, or the layer object's id). */
	id: string;
	/** OSM `layer` (0 when untagged) and `bridge`: which ways may be joined where they lost a shared node. */
	layer: number;
	bridge: boolean;
	/**
	 * A connector the network repair added between a way end and the way it stopped short of, not a
	 * way in the data; it carries the name and kind of the way it extends.
	 */
	inferred: boolean;
}

interface NodeData {
	x: number;
	y: number;
	lonLat: LonLat;
}

interface LinkData {
	metres: number;
	way: number;
}

/** A stop placed on the network: the nearest point on an edge. */
export interface Snap {
	/** The point on the network, [lon, lat]. */
	point: LonLat;
	/** Straight metres from the stop to that point (walked off the network). */
	offset: number;
	/** The segment's end nodes and how far along it the point lies (0…1). */
	from: string;
	to: string;
	along: number;
	/** Length of the segment in metres. */
	length: number;
	way: number;
}

/** One edge of a found path, in walking order. */
export interface PathStep {
	from: LonLat;
	to: LonLat;
	metres: number;
	way: WayInfo;
}

export interface NetworkOptions {
	/** Leave steps out (walks with wheelchairs or prams). */
	avoidSteps?: boolean;
}

/** Where the network came from ("OpenStreetMap" or a layer's title), and the attribution shown wherever its geometry or street names are. */
export type NetworkSource = RouteSource;

const yes = (value: unknown) => value === 'yes' || value === true || value === 'true' || value === 1 || value === '1';

function walkable(p: Record<string, unknown>): boolean {
	const highway = String(p['highway'] ?? '');
	const foot = String(p['foot'] ?? '');
	const access = String(p['access'] ?? '');
	if (foot === 'no') return false;
	if (!WALKABLE_HIGHWAYS.has(highway)) return foot === 'yes' || foot === 'designated';
	if ((access === 'no' || access === 'private') && !['yes', 'designated', 'permissive'].includes(foot)) return false;
	return true;
}

function wayInfo(p: Record<string, unknown>, index: number): WayInfo {
	const highway = String(p['highway'] ?? '');
	const tagged = Number(p['layer'] ?? 0);
	const layer = Number.isFinite(tagged) ? tagged : 0;
	const bridge = String(p['bridge'] ?? 'no');
	const tunnel = String(p['tunnel'] ?? '');
	const underground = layer < 0 && ['footway', 'path', 'pedestrian', 'cycleway', 'steps', 'corridor'].includes(highway);
	const passage: WayInfo['passage'] =
		tunnel !== '' && tunnel !== 'no' ? 'tunnel' : underground ? 'underpass' : yes(p['covered']) ? 'covered' : null;
	const stepCount = Number(p['step_count']);
	const name = typeof p['name'] === 'string' && p['name'].trim() !== '' ? p['name'].trim() : null;
	return {
		name,
		highway,
		unlit: p['lit'] === 'no',
		steps: highway === 'steps',
		stepCount: highway === 'steps' && Number.isInteger(stepCount) && stepCount > 0 ? stepCount : null,
		passage,
		footway: typeof p['footway'] === 'string' ? p['footway'] : null,
		id: String(p['osm_id'] ?? p['id'] ?? index),
		layer,
		bridge: bridge !== 'no' && bridge !== '',
		inferred: false
	};
}

/** Where a way lies for the repair: bridges, tunnels and other layers meet other levels only at their ends. */
function levelOf(way: WayInfo): WayLevel {
	const structure = way.bridge ? 'bridge ' : way.passage === 'tunnel' ? 'tunnel ' : '';
	return { level: `${structure}${way.layer}`, structure: structure !== '' || way.layer !== 0 };
}

/** The connector from a dead end of `way`: named and kinded as the way it extends (a gap in it, most likely), nothing more. */
function connectorInfo(way: WayInfo): WayInfo {
	const highway = way.highway === 'steps' ? 'footway' : way.highway;
	return { ...way, highway, steps: false, stepCount: null, unlit: false, passage: null, bridge: false, id: `${way.id}+`, inferred: true };
}

const key = (p: Position) => `${p[0]},${p[1]}`;

function* lines(geometry: Geometry | null): Generator<Position[]> {
	if (geometry?.type === 'LineString') yield geometry.coordinates;
	else if (geometry?.type === 'MultiLineString') yield* geometry.coordinates;
}

export interface BuildOptions {
	/**
	 * Treat a line without a `highway` tag as a footway: a network a deployment imported from its
	 * own GIS is all walkable paths and rarely carries OSM tags.
	 */
	untaggedIsPath?: boolean;
	/**
	 * Join way ends that stop short of another way (see network-repair.ts). For the OSM extract,
	 * which lost shared nodes; a network a deployment surveyed itself is taken as it is.
	 */
	repairGaps?: GapRepairOptions;
}

/** How well the network hangs together (for the bench and the tests). */
export interface Connectivity {
	nodes: number;
	components: number;
	/** Share of the nodes in the largest connected piece (0…1). */
	largestShare: number;
	/** Nodes in the five largest pieces, largest first. */
	largestPieces: number[];
	/** Nodes with one neighbour: where a path ends. */
	deadEnds: number;
	/** Connectors the repair added, and their total length in metres. */
	connectors: number;
	connectorMetres: number;
}

/** Thrown when a network cannot be built from the features given. */
export class WalkNetworkError extends Error {
	override readonly name = 'WalkNetworkError';
}

/**
 * A walking network, built once from line features and then asked for paths.
 *
 * @example
 * const network = WalkNetwork.fromFeatures(ways, { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare' });
 * const [a, b] = [network.snap([17.911, 59.418]), network.snap([17.925, 59.414])];
 * const steps = a && b ? network.paths([a, b])[0][1] : null; // PathStep[], or null: no path
 */
export class WalkNetwork {
	readonly source: NetworkSource;
	readonly ways: readonly WayInfo[];
	readonly #graph: Graph<NodeData, LinkData>;
	readonly #plane: LocalMetric;
	/** Segments as [from, to] node ids, in the order they were put into the index. */
	readonly #segments: { from: string; to: string; way: number }[];
	readonly #index: Flatbush;
	/** Node id → connected component number; components too small to route on are left out. */
	readonly #component: Map<string, number>;
	readonly #routable: Set<number>;
	#temporary = 0;
	/** What the gap repair did (null without `repairGaps`). */
	readonly repair: RepairCounts | null = null;
	/** Named streets and paths with the box around all their ways, for search. */
	readonly streets: readonly { name: string; bbox: [number, number, number, number] }[];

	private constructor(features: readonly Feature[], source: NetworkSource, options: BuildOptions) {
		this.source = source;
		const ways: WayInfo[] = [];
		const kept: { coordinates: Position[]; way: number }[] = [];
		features.forEach((feature, index) => {
			const tagged = (feature.properties ?? {}) as Record<string, unknown>;
			const properties = options.untaggedIsPath && !tagged['highway'] ? { ...tagged, highway: 'footway' } : tagged;
			if (!walkable(properties)) return;
			for (const coordinates of lines(feature.geometry)) {
				if (coordinates.length >= 2) kept.push({ coordinates, way: ways.length });
			}
			ways.push(wayInfo(properties, index));
		});
		if (kept.length === 0) throw new WalkNetworkError('Nätet har inga gångbara linjer (highway = footway, path, residential, …).');
		const [sumLon, sumLat, count] = kept.reduce(
			([x, y, n], { coordinates }) => [x + coordinates[0]![0]!, y + coordinates[0]![1]!, n + 1],
			[0, 0, 0]
		);
		this.#plane = localMetric([sumLon / count, sumLat / count]);
		let paths = kept;
		const connectors: { coordinates: Position[]; way: number }[] = [];
		if (options.repairGaps) {
			const repaired = repairGaps(kept, ways.map(levelOf), this.#plane, options.repairGaps);
			paths = repaired.lines;
			this.repair = repaired.counts;
			for (const connector of repaired.connectors) {
				connectors.push({ coordinates: connector.coordinates, way: ways.length });
				ways.push(connectorInfo(ways[connector.way]!));
			}
		}
		this.ways = ways;
		const boxes = new Map<string, [number, number, number, number]>();
		for (const { coordinates, way } of paths) {
			const name = ways[way]!.name;
			if (!name) continue;
			const box = boxes.get(name) ?? [Infinity, Infinity, -Infinity, -Infinity];
			for (const [x, y] of coordinates as [number, number][]) {
				box[0] = Math.min(box[0], x);
				box[1] = Math.min(box[1], y);
				box[2] = Math.max(box[2], x);
				box[3] = Math.max(box[3], y);
			}
			boxes.set(name, box);
		}
		this.streets = [...boxes].map(([name, bbox]) => ({ name, bbox }));

		this.#graph = createGraph<NodeData, LinkData>();
		this.#segments = [];
		for (const { coordinates, way } of [...paths, ...connectors]) {
			for (let i = 1; i < coordinates.length; i++) {
				const [a, b] = [coordinates[i - 1]!, coordinates[i]!];
				const [ka, kb] = [key(a), key(b)];
				if (ka === kb) continue;
				this.#addNode(ka, a);
				this.#addNode(kb, b);
				const metres = haversineMetres(a as LonLat, b as LonLat);
				this.#link(ka, kb, { metres, way });
				// Stops are placed on the ways in the data, never on a connector.
				if (!ways[way]!.inferred) this.#segments.push({ from: ka, to: kb, way });
			}
		}
		this.#index = new Flatbush(Math.max(1, this.#segments.length));
		for (const { from, to } of this.#segments) {
			const [p, q] = [this.#node(from).data, this.#node(to).data];
			this.#index.add(Math.min(p.x, q.x), Math.min(p.y, q.y), Math.max(p.x, q.x), Math.max(p.y, q.y));
		}
		this.#index.finish();
		[this.#component, this.#routable] = this.#components();
	}

	/**
	 * The network of the walkable lines among `collection`'s features (LineString or
	 * MultiLineString with OSM tags: highway, name, lit, step_count, tunnel, layer, covered…).
	 *
	 * @throws WalkNetworkError when no feature is a walkable line.
	 */
	static fromFeatures(collection: FeatureCollection | readonly Feature[], source: NetworkSource, options: BuildOptions = {}): WalkNetwork {
		const features = Array.isArray(collection) ? collection : (collection as FeatureCollection).features;
		return new WalkNetwork(features, source, options);
	}

	get nodeCount(): number {
		return this.#graph.getNodeCount();
	}

	get segmentCount(): number {
		return this.#segments.length;
	}

	/** Components, dead ends and connectors of the network as built. */
	connectivity(): Connectivity {
		const sizes = new Map<number, number>();
		for (const number of this.#component.values()) sizes.set(number, (sizes.get(number) ?? 0) + 1);
		let [deadEnds, connectors, connectorMetres] = [0, 0, 0];
		this.#graph.forEachNode((node) => {
			if (new Set([...(node.links ?? [])].map((l) => (l.fromId === node.id ? l.toId : l.fromId))).size === 1) deadEnds++;
		});
		this.#graph.forEachLink((link) => {
			if (!this.ways[link.data.way]!.inferred) return;
			connectors++;
			connectorMetres += link.data.metres;
		});
		return {
			nodes: this.nodeCount,
			components: sizes.size,
			largestShare: Math.max(...sizes.values()) / this.nodeCount,
			largestPieces: [...sizes.values()].sort((a, b) => b - a).slice(0, 5),
			deadEnds,
			connectors,
			connectorMetres
		};
	}

	#addNode(id: string, p: Position) {
		if (this.#graph.hasNode(id)) return;
		const [x, y] = this.#plane.project(p);
		this.#graph.addNode(id, { x, y, lonLat: [p[0]!, p[1]!] });
	}

	#node(id: string): Node<NodeData> {
		return this.#graph.getNode(id)!;
	}

	/**
	 * One link per pair of nodes. Two ways over the same two vertices (a footway drawn along steps)
	 * keep the one that is not steps, then the shorter: with steps avoided the pair is still joined.
	 */
	#link(a: string, b: string, data: LinkData) {
		const existing = this.#graph.getLink(a, b) ?? this.#graph.getLink(b, a);
		if (existing) {
			const [old, next] = [this.ways[existing.data.way]!, this.ways[data.way]!];
			const better = old.steps !== next.steps ? old.steps : data.metres < existing.data.metres;
			if (better) existing.data = data;
			return;
		}
		this.#graph.addLink(a, b, data);
	}

	/** Connected components by breadth-first search; those with ≥ 5 % of the nodes (and the largest) are routable. */
	#components(): [Map<string, number>, Set<number>] {
		const component = new Map<string, number>();
		const sizes: number[] = [];
		this.#graph.forEachNode((start) => {
			if (component.has(String(start.id))) return;
			const number = sizes.length;
			let size = 0;
			const queue = [String(start.id)];
			component.set(queue[0]!, number);
			while (queue.length > 0) {
				const id = queue.pop()!;
				size++;
				this.#graph.forEachLinkedNode(id, (other) => {
					const otherId = String(other.id);
					if (!component.has(otherId)) {
						component.set(otherId, number);
						queue.push(otherId);
					}
				});
			}
			sizes.push(size);
		});
		const total = sizes.reduce((a, b) => a + b, 0);
		const largest = sizes.indexOf(Math.max(...sizes));
		const routable = new Set(sizes.flatMap((size, i) => (size >= total * 0.05 || i === largest ? [i] : [])));
		return [component, routable];
	}

	/**
	 * The nearest point on the network within `maxMetres` of `position`, or null (the stop is off
	 * the network). Only edges in the network's main parts count: a stray fragment of path that
	 * leads nowhere would make every leg from it impossible. With `avoidSteps`, steps are skipped.
	 */
	snap(position: LonLat, maxMetres = 150, options: NetworkOptions = {}): Snap | null {
		const [x, y] = this.#plane.project(position);
		let best: { distance: number; segment: number; along: number } | null = null;
		for (const i of this.#index.search(x - maxMetres, y - maxMetres, x + maxMetres, y + maxMetres)) {
			const segment = this.#segments[i]!;
			if (options.avoidSteps && this.ways[segment.way]!.steps) continue;
			if (!this.#routable.has(this.#component.get(segment.from)!)) continue;
			const [p, q] = [this.#node(segment.from).data, this.#node(segment.to).data];
			const [dx, dy] = [q.x - p.x, q.y - p.y];
			const lengthSquared = dx * dx + dy * dy;
			const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / lengthSquared));
			const distance = Math.hypot(p.x + along * dx - x, p.y + along * dy - y);
			if (distance <= maxMetres && (!best || distance < best.distance)) best = { distance, segment: i, along };
		}
		if (!best) return null;
		const segment = this.#segments[best.segment]!;
		const [p, q] = [this.#node(segment.from).data, this.#node(segment.to).data];
		const point = this.#plane.unproject([p.x + best.along * (q.x - p.x), p.y + best.along * (q.y - p.y)]);
		const rounded: LonLat = [Number(point[0].toFixed(7)), Number(point[1].toFixed(7))];
		return {
			point: rounded,
			offset: haversineMetres(position, rounded),
			from: segment.from,
			to: segment.to,
			along: best.along,
			length: haversineMetres(p.lonLat, q.lonLat),
			way: segment.way
		};
	}

	/**
	 * The name of the nearest named way within `maxMetres` of `position` ("Borgågatan"), or null:
	 * what a stop placed there is called. Unnamed footways are passed over for a named one a little
	 * farther away; any part of the network counts, not only the routable ones.
	 */
	nearestName(position: LonLat, maxMetres = 100): string | null {
		const [x, y] = this.#plane.project(position);
		let best: { distance: number; name: string } | null = null;
		for (const i of this.#index.search(x - maxMetres, y - maxMetres, x + maxMetres, y + maxMetres)) {
			const segment = this.#segments[i]!;
			const name = this.ways[segment.way]!.name;
			if (!name) continue;
			const [p, q] = [this.#node(segment.from).data, this.#node(segment.to).data];
			const [dx, dy] = [q.x - p.x, q.y - p.y];
			const lengthSquared = dx * dx + dy * dy;
			const along = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((x - p.x) * dx + (y - p.y) * dy) / lengthSquared));
			const distance = Math.hypot(p.x + along * dx - x, p.y + along * dy - y);
			if (distance <= maxMetres && (!best || distance < best.distance)) best = { distance, name };
		}
		return best?.name ?? null;
	}

	/**
	 * Shortest paths between every pair of snapped points, as steps along the network (null where
	 * no path exists, e.g. only over steps when they are avoided). The snapped points are joined to
	 * the graph for the duration of the call (split into their segments) and removed afterwards.
	 *
	 * @example
	 * const paths = network.paths([snapA, snapB, snapC]);
	 * paths[0][2]; // PathStep[] from A to C, or null
	 */
	paths(snaps: readonly Snap[], options: NetworkOptions = {}): (PathStep[] | null)[][] {
		const ids = this.#insert(snaps);
		try {
			const finder = nba<NodeData, LinkData>(this.#graph, {
				distance: (_a, _b, link) => link.data.metres,
				// The plane overstates sphere distances by < 0.5 % here; 0.99 keeps the guess below the truth.
				heuristic: (a, b) => 0.99 * Math.hypot(a.data.x - b.data.x, a.data.y - b.data.y),
				blocked: options.avoidSteps ? (_a, _b, link) => this.ways[link.data.way]!.steps : undefined
			});
			const result: (PathStep[] | null)[][] = snaps.map(() => snaps.map(() => null));
			for (let i = 0; i < snaps.length; i++) {
				result[i]![i] = [];
				for (let j = i + 1; j < snaps.length; j++) {
					const forward = this.#steps(finder.find(ids[i]!, ids[j]!).reverse(), options);
					result[i]![j] = forward;
					result[j]![i] = forward && reverseSteps(forward);
				}
			}
			return result;
		} finally {
			this.#remove(ids);
		}
	}

	/** Adds a temporary node for each snap, chained along its segment in order (two snaps may share one). */
	#insert(snaps: readonly Snap[]): string[] {
		const ids = snaps.map(() => `snap:${++this.#temporary}`);
		const bySegment = new Map<string, number[]>();
		snaps.forEach((snap, i) => {
			const segment = `${snap.from}|${snap.to}`;
			bySegment.set(segment, [...(bySegment.get(segment) ?? []), i]);
		});
		for (const members of bySegment.values()) {
			members.sort((a, b) => snaps[a]!.along - snaps[b]!.along);
			const first = snaps[members[0]!]!;
			let previous = { id: first.from, along: 0 };
			for (const i of members) {
				const snap = snaps[i]!;
				const [x, y] = this.#plane.project(snap.point);
				this.#graph.addNode(ids[i]!, { x, y, lonLat: snap.point });
				this.#graph.addLink(previous.id, ids[i]!, { metres: (snap.along - previous.along) * snap.length, way: snap.way });
				previous = { id: ids[i]!, along: snap.along };
			}
			this.#graph.addLink(previous.id, first.to, { metres: (1 - previous.along) * first.length, way: first.way });
		}
		return ids;
	}

	#remove(ids: readonly string[]) {
		for (const id of ids) this.#graph.removeNode(id);
	}

	/** The nodes of a path (start first) as steps; null for no path. */
	#steps(nodes: Node<NodeData>[], options: NetworkOptions): PathStep[] | null {
		if (nodes.length === 0) return null;
		const steps: PathStep[] = [];
		for (let k = 1; k < nodes.length; k++) {
			const [a, b] = [nodes[k - 1]!, nodes[k]!];
			const link = this.#linkBetween(a, b, options);
			steps.push({ from: a.data.lonLat, to: b.data.lonLat, metres: link.data.metres, way: this.ways[link.data.way]! });
		}
		return steps;
	}

	/** The link the path used between two neighbours (the graph is walked both ways). */
	#linkBetween(a: Node<NodeData>, b: Node<NodeData>, options: NetworkOptions): Link<LinkData> {
		let found: Link<LinkData> | undefined;
		for (const link of a.links ?? []) {
			const other = link.fromId === a.id ? link.toId : link.fromId;
			if (other !== b.id) continue;
			if (options.avoidSteps && this.ways[link.data.way]!.steps) continue;
			if (!found || link.data.metres < found.data.metres) found = link;
		}
		if (!found) throw new Error(`no link between ${a.id} and ${b.id}`);
		return found;
	}
}

function reverseSteps(steps: readonly PathStep[]): PathStep[] {
	return steps.map((s) => ({ ...s, from: s.to, to: s.from })).reverse();
}
