/**
 * A place's story across the scene years, for the meeting view: what each year's drug scenes say
 * about it, how many insecure places lie near it, and its open measures. Reads only through the
 * viewer's LayerView, so a layer the viewer may not see adds nothing (no year, no count).
 *
 * - A drug scene: its status in the comparison of its year with each other year (compareScenes
 *   through the analysis service, the same numbers as the analysis panel), and the relation
 *   (same place, possible displacement, merge, split) with distance and direction.
 * - An insecure place (a point): the nearest scene of each year and its distance (placesNearScenes).
 * - An area (drawn for the meeting, or any polygon object): the scenes of each year that overlap
 *   it or lie within AREA_REACH metres (compareScenes with that fixed tolerance: exact polygon
 *   distances).
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { bearing, booleanPointInPolygon, distance as turfDistance } from '@turf/turf';
import { compareScenes, compassWord, placesNearScenes, type CompassWord } from '$lib/analysis';
import type { AgendaItem, PlaceStory, StoryYear } from '$lib/meetings/types';
import { sceneYears, scenesOfYear, scenesReport } from '../analysis-service';
import type { LayerView } from '../layer-view';
import type { Measure, MeasureStore } from '../measures/measure-store';
import { NotFoundError } from '../errors';

/** How near (m) a scene must be to an insecure place for the place to count as "at a scene" that year. */
export const PLACE_REACH = 200;
/** How far (m) from an area scenes are still named in its story. */
export const AREA_REACH = 500;
/** The distances the nearby insecure places are counted within. */
export const NEARBY = [200, 500] as const;

type Area = Polygon | MultiPolygon;

/** The scene years the viewer may see, or none (an organisation that may not see the scenes). */
function visibleYears(layers: LayerView): number[] {
	try {
		return sceneYears(layers);
	} catch (err) {
		if (err instanceof NotFoundError) return [];
		throw err;
	}
}

function insecurePlaces(layers: LayerView): FeatureCollection<Point> | null {
	const layer = layers.list().find((l) => l.kind === 'insecure-place');
	return layer ? (layers.features(layer.id) as FeatureCollection<Point>) : null;
}

const collection = <T extends Feature>(...features: T[]) => ({ type: 'FeatureCollection' as const, features });

/** The story of one scene: its status and relation against every other year. */
function sceneYearsStory(layers: LayerView, featureId: string, year: number, name: string): StoryYear[] {
	return visibleYears(layers).map((other): StoryYear => {
		if (other === year) return { year, present: true, scenes: [{ id: featureId, name }] };
		// A year with no scenes drawn yet would make every scene "ceased"; say there is nothing yet.
		if (scenesOfYear(layers, other).features.length === 0) return { year: other, present: false, noScenes: true };
		const [from, to] = other < year ? [other, year] : [year, other];
		const report = scenesReport(layers, { from, to, radius: 1000, tolerance: 'precision' });
		const me = report.scenes.find((s) => s.id === featureId && s.year === year);
		if (!me) return { year: other, present: false };
		const names = new Map(report.scenes.map((s) => [`${s.year}:${s.id}`, s.name]));
		const mine = year === from ? 'from' : 'to';
		const theirs = mine === 'from' ? 'to' : 'from';
		const relations = report.relations.filter((r) => r[mine].includes(featureId));
		const relation =
			me.matches.length > 0
				? (relations.find((r) => r.type === 'merge' || r.type === 'split') ?? relations.find((r) => r.type === 'same'))
				: relations.find((r) => r.type === 'displacement');
		const line: StoryYear = { year: other, present: me.matches.length > 0, status: me.status };
		if (!relation) return line;
		// The relation points from the earlier year to the later; the story looks from the item.
		const compass: CompassWord = mine === 'from' ? relation.compass : compassWord(relation.bearing + 180);
		return {
			...line,
			relation: relation.type,
			distance: Math.round(relation.distance),
			compass,
			scenes: relation[theirs].map((id) => ({ id, name: names.get(`${other}:${id}`) ?? id })),
			drawingChanged: relation.drawingChanged
		};
	});
}

/** The nearest scene of every year to a point. */
function pointYearsStory(layers: LayerView, point: Point): StoryYear[] {
	const place = collection<Feature<Point>>({ type: 'Feature', properties: { id: 'punkt' }, geometry: point });
	return visibleYears(layers).map((year): StoryYear => {
		const scenes = scenesOfYear(layers, year);
		if (scenes.features.length === 0) return { year, present: false, noScenes: true };
		const [near] = placesNearScenes(place, scenes, { distances: [PLACE_REACH] }).places;
		if (!near?.nearest || near.distance === null) return { year, present: false };
		return {
			year,
			present: near.distance <= PLACE_REACH,
			distance: Math.round(near.distance),
			...(near.distance > 0 && near.nearestPoint ? { compass: compassWord(bearing(point.coordinates, near.nearestPoint)) } : {}),
			scenes: [near.nearest]
		};
	});
}

/** The scenes of every year overlapping an area or within AREA_REACH of it. */
function areaYearsStory(layers: LayerView, area: Area): StoryYear[] {
	return visibleYears(layers).map((year): StoryYear => {
		const scenes = scenesOfYear(layers, year);
		if (scenes.features.length === 0) return { year, present: false, noScenes: true };
		// The area stands in as a "scene" of a year of its own; with a fixed tolerance every scene
		// within AREA_REACH of it matches, and each pair's gap is the exact distance between them.
		const comparison = compareScenes(
			collection<Feature<Area>>({ type: 'Feature', properties: { id: 'yta', year: year - 1 }, geometry: area }),
			scenes,
			{ tolerance: AREA_REACH, fromYear: year - 1, toYear: year }
		);
		const pairs = comparison.relations.filter((r) => r.type === 'same').sort((a, b) => a.gap - b.gap);
		const nearest = pairs[0];
		if (!nearest) return { year, present: false };
		const names = new Map(comparison.scenes.map((s) => [s.id, s.name]));
		const overlapping = pairs.filter((r) => r.gap === 0);
		return {
			year,
			present: overlapping.length > 0,
			distance: Math.round(nearest.gap),
			...(nearest.gap > 0 ? { compass: nearest.compass } : {}),
			scenes: (overlapping.length ? overlapping : [nearest]).flatMap((r) => r.to).map((id) => ({ id, name: names.get(id) ?? id }))
		};
	});
}

/** Insecure places within the NEARBY distances of the item (the item itself not counted). */
function nearby(layers: LayerView, item: AgendaItem): PlaceStory['nearby'] {
	const places = insecurePlaces(layers);
	if (!places || !item.geometry) return null;
	if (item.geometry.type === 'Point') {
		const here = item.geometry;
		const metres = places.features
			.filter((p) => !(item.layerId && String(p.properties?.['id']) === item.featureId))
			.map((p) => turfDistance(here.coordinates, p.geometry.coordinates, { units: 'meters' }));
		return { places200: metres.filter((m) => m <= NEARBY[0]).length, places500: metres.filter((m) => m <= NEARBY[1]).length };
	}
	if (item.geometry.type !== 'Polygon' && item.geometry.type !== 'MultiPolygon') return null;
	const within = placesNearScenes(places, collection<Feature<Area>>({ type: 'Feature', properties: { id: 'yta' }, geometry: item.geometry }), {
		distances: [...NEARBY]
	}).within;
	return { places200: within[0]?.total ?? 0, places500: within[1]?.total ?? 0 };
}

async function openMeasures(layers: LayerView, measures: MeasureStore, item: AgendaItem): Promise<Measure[]> {
	if (item.kind === 'feature' && item.layerId && item.featureId) {
		return measures.list({ status: 'open', place: { layerId: item.layerId, featureId: item.featureId } }, layers);
	}
	const area = item.geometry;
	if (!area || (area.type !== 'Polygon' && area.type !== 'MultiPolygon')) return [];
	return (await measures.list({ status: 'open' }, layers)).filter((m) => m.position && booleanPointInPolygon(m.position, area));
}

/**
 * The story of an agenda item the viewer can see (a hidden item has none: the caller answers 404).
 *
 * @example
 * placeStory(layersFor(event), measureStore(), item);
 * // { itemYear: 2021, years: [{ year: 2021, present: true, … }, { year: 2023, present: false, status: 'ceased',
 * //   relation: 'displacement', distance: 463, compass: 'sydost', scenes: [{ id: 'ds2023-nordkapsgatan', … }] }], … }
 */
export async function placeStory(layers: LayerView, measures: MeasureStore, item: AgendaItem): Promise<PlaceStory> {
	if (item.hidden || !item.geometry) throw new NotFoundError('Punkten gäller ett objekt som ditt konto inte får se.');
	const layer = item.layerId ? layers.list().find((l) => l.id === item.layerId) : undefined;
	let itemYear: number | null = null;
	let years: StoryYear[];
	if (layer?.kind === 'drug-scene' && layer.year !== null && item.featureId) {
		itemYear = layer.year;
		years = sceneYearsStory(layers, item.featureId, layer.year, item.title);
	} else if (item.geometry.type === 'Point') {
		years = pointYearsStory(layers, item.geometry);
	} else if (item.geometry.type === 'Polygon' || item.geometry.type === 'MultiPolygon') {
		years = areaYearsStory(layers, item.geometry);
	} else {
		years = [];
	}
	return { itemYear, years, nearby: nearby(layers, item), measures: await openMeasures(layers, measures, item) };
}
