/**
 * One row per district (stadsdel): how many scenes it holds, how much scene area lies in it, how
 * much of it lies near a scene, and how many insecure places it holds.
 *
 * Areas are m² in a local metric plane (see local-metric.ts). A scene counts in the district
 * that holds its area-weighted centroid (so at most one); its area is split between districts
 * by clipping. "Near" is within `bufferDistance` of a scene, a Turf buffer (16 segments per
 * quarter circle, so the area is at most ~0.2 % short of a true round buffer). Insecure places
 * count by where their point lies, not by their `district` property. Candidate scenes and places
 * per district come from flatbush indexes, so each district only clips what can touch it.
 */
import { buffer } from '@turf/turf';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { unionOf } from './clip';
import { assertCollection, checkNumberOption, readAreas, readPoints, type PreparedArea } from './input';
import { localMetricFor } from './local-metric';
import { intersectionArea, pointInShape, projectShape } from './planar';

export interface DistrictSummaryOptions {
	/** Metres around each scene that count as near it. Default 500. */
	bufferDistance?: number;
}

export interface DistrictRow {
	/** The district's `name` (its id when unnamed). */
	district: string;
	id: string;
	/** m² */
	area: number;
	/** Scenes whose centroid lies in the district. */
	scenes: number;
	sceneIds: string[];
	/** m² of scene area inside the district. */
	sceneArea: number;
	/** Share 0–1 of the district within `bufferDistance` of any scene. */
	shareWithinBuffer: number;
	/** Insecure places lying in the district. */
	insecurePlaces: number;
}

type Area = Feature<Polygon | MultiPolygon>;

/**
 * Summarise scenes and insecure places per district.
 *
 * @example
 * districtSummary(stadsdelar, scenes2023, insecurePlaces, { bufferDistance: 500 });
 * // [{ district: 'Akalla', scenes: 1, sceneArea: 28699, shareWithinBuffer: 0.336, insecurePlaces: 3, … }, …]
 */
export function districtSummary(
	districts: FeatureCollection<Polygon | MultiPolygon>,
	scenes: FeatureCollection<Polygon | MultiPolygon>,
	places: FeatureCollection<Point>,
	options: DistrictSummaryOptions = {}
): DistrictRow[] {
	const distance = checkNumberOption('bufferDistance', options.bufferDistance ?? 500, 0);
	assertCollection(districts, 'districts');
	assertCollection(scenes, 'scenes');
	assertCollection(places, 'places');
	if (districts.features.length === 0) return [];
	const metric = localMetricFor(districts, scenes, places);
	const areas = readAreas(districts, 'districts', metric);
	const sceneItems = readAreas(scenes, 'scenes', metric);
	const points = readPoints(places, 'places', metric);

	// scenes indexed by their box grown by the buffer: a district's candidates for all three measures
	const sceneIndex = boxIndex(sceneItems.map((s) => grow(s.bbox, distance)));
	const pointIndex = boxIndex(points.map((p) => [p.xy[0], p.xy[1], p.xy[0], p.xy[1]]));
	const buffers = new Map<number, Area>();
	const bufferOf = (scene: PreparedArea): Area => {
		let grown = buffers.get(scene.index);
		if (!grown) {
			grown = distance > 0 ? (buffer(scene.feature, distance, { units: 'meters', steps: 16 }) as Area | undefined) : scene.feature;
			if (!grown) throw new Error(`buffer of scene ${scene.id} came out empty`);
			buffers.set(scene.index, grown);
		}
		return grown;
	};

	return areas.map((district): DistrictRow => {
		const near = sceneIndex ? sceneIndex.search(...district.bbox).map((k) => sceneItems[k]!) : [];
		const inside = near.filter((s) => pointInShape(s.centroid, district.shape));
		const touching = near.filter((s) => overlaps(s.bbox, district.bbox));
		const sceneArea = touching.reduce((sum, s) => sum + intersectionArea(s.shape, district.shape), 0);
		const nearArea = near.length
			? intersectionArea(projectShape(unionOf(near.map(bufferOf)).geometry, metric), district.shape)
			: 0;
		const placeCount = pointIndex
			? pointIndex.search(...district.bbox).filter((k) => pointInShape(points[k]!.xy, district.shape)).length
			: 0;
		return {
			district: district.name,
			id: district.id,
			area: district.area,
			scenes: inside.length,
			sceneIds: inside.map((s) => s.id),
			sceneArea,
			shareWithinBuffer: district.area > 0 ? Math.min(nearArea / district.area, 1) : 0,
			insecurePlaces: placeCount
		};
	});
}

type Box = [number, number, number, number];

function grow(box: Box, by: number): Box {
	return [box[0] - by, box[1] - by, box[2] + by, box[3] + by];
}

function overlaps(a: Box, b: Box): boolean {
	return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** A flatbush index of boxes, or null for none (flatbush refuses zero items). */
function boxIndex(boxes: Box[]): Flatbush | null {
	if (boxes.length === 0) return null;
	const index = new Flatbush(boxes.length);
	for (const b of boxes) index.add(b[0], b[1], b[2], b[3]);
	index.finish();
	return index;
}
