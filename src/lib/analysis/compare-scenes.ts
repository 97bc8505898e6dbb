/**
 * Compare the open drug scenes of two years: which persisted (kvarstår), which ceased (upphört),
 * which are new (ny), and how they relate — the same place, a possible displacement, a merge or a
 * split.
 *
 * **Overlap with a tolerance.** The lägesbild drew its 2021 scenes as circles/ovals and its 2023
 * scenes as outlines along streets, so the same place can be drawn in two shapes that barely touch.
 * Two scenes therefore match when one of them, grown by its tolerance, overlaps the other: by
 * default each scene's own `precisionMeters` (an oval with 150 m and an outline with 75 m match
 * when the drawings are at most 150 m apart), or a fixed `tolerance` in metres for every scene
 * (drawings at most that far apart). So the pair's allowance is the coarser drawing's
 * uncertainty, max(r₁, r₂), and the test is an exact polygon distance ≤ max(r₁, r₂), not an
 * approximate buffer.
 *
 * Why not grow both at once (distance ≤ r₁ + r₂)? An oval already is its uncertainty drawn out;
 * growing it and the outline too double-counts. On the demo data r₁ + r₂ = 225 m would call
 * Husby C → Nordkapsgatan (176 m apart) and Risingeplan → Tensta C (167 m) the same place,
 * which the lägesbild says they are not.
 *
 * **Measures.** Distances, areas and bearings are taken in a local metric plane (see
 * local-metric.ts); centroids are area-weighted. Overlap area and IoU are of the drawings as
 * they are, without tolerance: a pair matched only through the tolerance has overlap 0. For a
 * merge or split the side with several scenes is measured as their union (area, centroid).
 * A pair whose `drawing` differs is flagged `drawingChanged`: its area change may be the method,
 * not the place.
 */
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { unionOf } from './clip';
import { direction, type CompassWord } from './compass';
import { AnalysisInputError } from './errors';
import { assertCollection, checkNumberOption, describeFeature, readAreas, stringProperty, type PreparedArea } from './input';
import { localMetricFor, type LocalMetric, type XY } from './local-metric';
import { intersectionArea, projectShape, shapeArea, shapeCentroid, shapeDistance, type Shape } from './planar';

export type SceneStatus = 'persisted' | 'ceased' | 'new';

/** The Swedish word for each status, as the lägesbild says it. */
export const STATUS_LABELS: Record<SceneStatus, string> = {
	persisted: 'kvarstår',
	ceased: 'upphört',
	new: 'ny'
};

export type RelationType = 'same' | 'displacement' | 'merge' | 'split';

/** The Swedish words for each relation type. */
export const RELATION_LABELS: Record<RelationType, string> = {
	same: 'samma plats',
	displacement: 'möjlig förflyttning',
	merge: 'sammanslagning',
	split: 'delning'
};

export interface CompareScenesOptions {
	/** Largest centroid distance (m) between a ceased and a new scene to call it a possible displacement. Default 1000. */
	displacementRadius?: number;
	/**
	 * How far apart (m) two drawings may be and still be the same scene; 'precision' (default)
	 * takes the larger `precisionMeters` of the two.
	 */
	tolerance?: number | 'precision';
	/**
	 * The years compared, when a collection may be empty (a year mapped as having no scenes, or a
	 * layer just made): otherwise each year is read from the scenes' `year`.
	 */
	fromYear?: number;
	toYear?: number;
}

export interface SceneResult {
	id: string;
	name: string;
	year: number;
	district: string | null;
	drawing: string | null;
	status: SceneStatus;
	/** m² */
	area: number;
	/** Area-weighted centroid, [lon, lat]. */
	centroid: [number, number];
	/** Ids of the scenes of the other year this one overlaps (with tolerance). */
	matches: string[];
}

export interface SceneRelation {
	type: RelationType;
	/** Scene ids of the from year; several for a merge. */
	from: string[];
	/** Scene ids of the to year; several for a split. */
	to: string[];
	/** Centroid of the from side, [lon, lat] (of the union when several). */
	fromCentroid: [number, number];
	toCentroid: [number, number];
	/** Metres between the centroids. */
	distance: number;
	/** Degrees clockwise from north, from → to, 0–360. */
	bearing: number;
	compass: CompassWord;
	/** Metres between the drawings themselves (0 if they touch or overlap). */
	gap: number;
	/** m² of the drawings' overlap, without tolerance. */
	overlapArea: number;
	/** Intersection over union of the drawings, 0–1. */
	iou: number;
	/** m² */
	fromArea: number;
	toArea: number;
	/** toArea − fromArea, m². */
	areaChange: number;
	/** toArea / fromArea; null when the from side has no area. */
	areaChangeRatio: number | null;
	/** True when the two sides were drawn differently (e.g. oval → outline): the area change may be the method. */
	drawingChanged: boolean;
}

export interface SceneComparison {
	fromYear: number;
	toYear: number;
	/** From-year scenes in input order, then to-year scenes. */
	scenes: SceneResult[];
	/** 'same' pairs, then merges, splits and displacement candidates. */
	relations: SceneRelation[];
	summary: {
		fromCount: number;
		toCount: number;
		/** From-year scenes that persisted. */
		persisted: number;
		/** To-year scenes that continue a from-year scene. */
		persistedTo: number;
		ceased: number;
		new: number;
		merges: number;
		splits: number;
		displacementCandidates: number;
	};
}

interface Scene extends PreparedArea {
	year: number;
	tolerance: number;
}

interface Side {
	shape: Shape;
	area: number;
	centroid: XY;
}

/**
 * Compare the scenes of one year (`from`) with another (`to`).
 *
 * @example
 * const result = compareScenes(scenes2021, scenes2023);
 * result.scenes.find((s) => s.id === 'ds2021-husby-c')?.status; // 'ceased'
 * result.relations.filter((r) => r.type === 'displacement');
 * // [{ from: ['ds2021-husby-c'], to: ['ds2023-nordkapsgatan'], distance: 418, compass: 'norr', … }, …]
 * compareScenes(scenes2021, scenes2023, { tolerance: 50, displacementRadius: 800 });
 */
export function compareScenes(
	from: FeatureCollection<Polygon | MultiPolygon>,
	to: FeatureCollection<Polygon | MultiPolygon>,
	options: CompareScenesOptions = {}
): SceneComparison {
	const radius = checkNumberOption('displacementRadius', options.displacementRadius ?? 1000, 0, true);
	const tolerance = options.tolerance ?? 'precision';
	if (tolerance !== 'precision') checkNumberOption('tolerance', tolerance, 0);
	assertCollection(from, 'from');
	assertCollection(to, 'to');
	const fromYear = yearOf(from, 'from', options.fromYear);
	const toYear = yearOf(to, 'to', options.toYear);
	if (fromYear === toYear) {
		throw new AnalysisInputError(`from and to are both ${fromYear}: compare the scenes of two different years`);
	}

	const metric = localMetricFor(from, to);
	const a = readScenes(from, 'from', metric, tolerance);
	const b = readScenes(to, 'to', metric, tolerance);
	const gaps = matchScenes(a, b);

	const fromMatches = a.map(() => [] as number[]);
	const toMatches = b.map(() => [] as number[]);
	for (const key of gaps.keys()) {
		const [i, j] = key.split(':').map(Number) as [number, number];
		fromMatches[i]!.push(j);
		toMatches[j]!.push(i);
	}
	fromMatches.forEach((list) => list.sort((x, y) => x - y));
	toMatches.forEach((list) => list.sort((x, y) => x - y));

	const gapOf = (fi: readonly number[], tj: readonly number[]) =>
		Math.min(...fi.flatMap((i) => tj.map((j) => gaps.get(`${i}:${j}`) ?? shapeDistance(a[i]!.shape, b[j]!.shape))));
	const relate = (type: RelationType, fi: number[], tj: number[]) =>
		relation(
			type,
			fi.map((i) => a[i]!),
			tj.map((j) => b[j]!),
			gapOf(fi, tj),
			metric
		);

	const relations: SceneRelation[] = [];
	fromMatches.forEach((js, i) => js.forEach((j) => relations.push(relate('same', [i], [j]))));
	toMatches.forEach((is, j) => is.length >= 2 && relations.push(relate('merge', is, [j])));
	fromMatches.forEach((js, i) => js.length >= 2 && relations.push(relate('split', [i], js)));
	const ceased = a.flatMap((_, i) => (fromMatches[i]!.length === 0 ? [i] : []));
	const fresh = b.flatMap((_, j) => (toMatches[j]!.length === 0 ? [j] : []));
	for (const [i, j] of displacementPairs(ceased, fresh, a, b, radius)) relations.push(relate('displacement', [i], [j]));

	const result = (scene: Scene, matches: Scene[], status: SceneStatus): SceneResult => ({
		id: scene.id,
		name: scene.name,
		year: scene.year,
		district: stringProperty(scene.properties, 'district'),
		drawing: stringProperty(scene.properties, 'drawing'),
		status,
		area: scene.area,
		centroid: metric.unproject(scene.centroid),
		matches: matches.map((m) => m.id)
	});
	const scenes = [
		...a.map((s, i) => result(s, fromMatches[i]!.map((j) => b[j]!), fromMatches[i]!.length ? 'persisted' : 'ceased')),
		...b.map((s, j) => result(s, toMatches[j]!.map((i) => a[i]!), toMatches[j]!.length ? 'persisted' : 'new'))
	];
	const count = (type: RelationType) => relations.filter((r) => r.type === type).length;

	return {
		fromYear,
		toYear,
		scenes,
		relations,
		summary: {
			fromCount: a.length,
			toCount: b.length,
			persisted: a.length - ceased.length,
			persistedTo: b.length - fresh.length,
			ceased: ceased.length,
			new: fresh.length,
			merges: count('merge'),
			splits: count('split'),
			displacementCandidates: count('displacement')
		}
	};
}

/** The one year all scenes of a collection share (or the given year, which they must match). */
function yearOf(collection: FeatureCollection, what: string, given?: number): number {
	const ids = new Map<number, string[]>();
	collection.features.forEach((feature, index) => {
		const year = feature.properties?.['year'];
		if (typeof year !== 'number' || !Number.isInteger(year)) {
			throw new AnalysisInputError(
				`${what}: ${describeFeature(feature, index)} has year ${JSON.stringify(year)}; expected an integer year`
			);
		}
		const list = ids.get(year) ?? [];
		list.push(String(feature.properties?.['id'] ?? index));
		ids.set(year, list);
	});
	if (ids.size === 0) {
		if (given !== undefined) return given;
		throw new AnalysisInputError(`${what}: no scenes, so no year to compare; pass options.${what}Year`);
	}
	if (given !== undefined && !ids.has(given)) {
		throw new AnalysisInputError(`${what}: options.${what}Year is ${given} but the scenes are from ${[...ids.keys()].join(', ')}`);
	}
	if (ids.size > 1) {
		const years = [...ids].map(
			([year, list]) => `${year} (${list.length}: ${list.slice(0, 3).join(', ')}${list.length > 3 ? ', …' : ''})`
		);
		throw new AnalysisInputError(`${what}: scenes from several years, ${years.join('; ')}; give one year per collection`);
	}
	return [...ids.keys()][0]!;
}

function readScenes(collection: FeatureCollection, what: string, metric: LocalMetric, tolerance: number | 'precision'): Scene[] {
	return readAreas(collection, what, metric).map((scene) => {
		const own = scene.properties['precisionMeters'];
		if (tolerance === 'precision' && (typeof own !== 'number' || !Number.isFinite(own) || own < 0)) {
			throw new AnalysisInputError(
				`${what}: ${describeFeature(scene.feature, scene.index)} has precisionMeters ${JSON.stringify(own)}; ` +
					'expected metres ≥ 0, or pass a fixed tolerance in metres'
			);
		}
		return { ...scene, year: scene.properties['year'] as number, tolerance: tolerance === 'precision' ? (own as number) : tolerance };
	});
}

/**
 * Every from/to pair whose drawings are at most the larger of their tolerances apart, with the
 * gap between the drawings, keyed "i:j". Candidates come from an index of the to-scenes' boxes
 * grown by their tolerance (a superset: box distance ≤ r₁ + r₂); only those get the exact
 * (vertex × edge) distance.
 */
function matchScenes(a: Scene[], b: Scene[]): Map<string, number> {
	const gaps = new Map<string, number>();
	if (a.length === 0 || b.length === 0) return gaps;
	const index = new Flatbush(b.length);
	for (const s of b) index.add(s.bbox[0] - s.tolerance, s.bbox[1] - s.tolerance, s.bbox[2] + s.tolerance, s.bbox[3] + s.tolerance);
	index.finish();
	a.forEach((s, i) => {
		const t = s.tolerance;
		for (const j of index.search(s.bbox[0] - t, s.bbox[1] - t, s.bbox[2] + t, s.bbox[3] + t)) {
			const other = b[j]!;
			const gap = shapeDistance(s.shape, other.shape);
			if (gap <= Math.max(t, other.tolerance)) gaps.set(`${i}:${j}`, gap);
		}
	});
	return gaps;
}

/** Ceased × new pairs whose centroids lie within the radius, through an index of the new centroids. */
function displacementPairs(ceased: number[], fresh: number[], a: Scene[], b: Scene[], radius: number): [number, number][] {
	if (ceased.length === 0 || fresh.length === 0) return [];
	const index = new Flatbush(fresh.length);
	for (const j of fresh) index.add(b[j]!.centroid[0], b[j]!.centroid[1]);
	index.finish();
	return ceased.flatMap((i) => {
		const [x, y] = a[i]!.centroid;
		const js = index.neighbors(x, y, Infinity, radius).map((k) => fresh[k]!);
		return js.sort((p, q) => p - q).map((j): [number, number] => [i, j]);
	});
}

/** One side of a relation: a scene, or several measured as their union. */
function side(scenes: Scene[], metric: LocalMetric): Side {
	const [first] = scenes;
	if (scenes.length === 1 && first) return { shape: first.shape, area: first.area, centroid: first.centroid };
	// scenes of one year rarely overlap each other; side by side, their union is just their parts
	const apart = scenes.every((s, i) => scenes.slice(i + 1).every((t) => intersectionArea(s.shape, t.shape) === 0));
	if (apart) {
		const area = scenes.reduce((sum, s) => sum + s.area, 0);
		const weighted = (k: 0 | 1) => scenes.reduce((sum, s) => sum + s.area * s.centroid[k], 0) / area;
		const shape = scenes.flatMap((s) => s.shape);
		return { shape, area, centroid: area > 0 ? [weighted(0), weighted(1)] : shapeCentroid(shape) };
	}
	const shape = projectShape(unionOf(scenes.map((s) => s.feature)).geometry, metric);
	return { shape, area: shapeArea(shape), centroid: shapeCentroid(shape) };
}

function relation(type: RelationType, fromScenes: Scene[], toScenes: Scene[], gap: number, metric: LocalMetric): SceneRelation {
	const f = side(fromScenes, metric);
	const t = side(toScenes, metric);
	// drawings that do not touch cannot overlap: spare the clipping
	const overlapArea = gap > 0 ? 0 : intersectionArea(f.shape, t.shape);
	const unionArea = f.area + t.area - overlapArea;
	const drawings = (scenes: Scene[]) => scenes.map((s) => stringProperty(s.properties, 'drawing'));
	const fromDrawings = drawings(fromScenes);
	return {
		type,
		from: fromScenes.map((s) => s.id),
		to: toScenes.map((s) => s.id),
		fromCentroid: metric.unproject(f.centroid),
		toCentroid: metric.unproject(t.centroid),
		...direction(f.centroid, t.centroid),
		gap,
		overlapArea,
		iou: unionArea > 0 ? overlapArea / unionArea : 0,
		fromArea: f.area,
		toArea: t.area,
		areaChange: t.area - f.area,
		areaChangeRatio: f.area > 0 ? t.area / f.area : null,
		drawingChanged: drawings(toScenes).some((d) => fromDrawings.some((e) => e !== d))
	};
}
