/**
 * The lägesbild's three maps, drawn with the app's theme (src/lib/map/theme.ts): the area
 * (districts and the police's classification), the open drug scenes of two years on one map
 * (the earlier year dashed and hatched, the later solid, every label with its year), and the
 * insecure places. Each carries the licences of the data it draws.
 */
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { localMetricFor } from '../../analysis/local-metric';
import { AREA_CLASS_LABELS, PLACE_CATEGORY_LABELS } from '../../layers/labels';
import { labelPoints } from '../../map/label-points';
import { sceneYearColour, sceneYearIsLatest, theme } from '../../map/theme';
import { PLACE_CATEGORIES, type AreaClass, type PlaceCategory } from '../../geo/schema';
import type { DrugSceneSection, ReportInput, ReportLayer } from '../model';
import { SvgMap, type AreaStyle, type LegendEntry } from './svg-map';

export const MAP_WIDTH = 480;
const EXAMPLE_PLACES = 'Exempel – påhittade platser';

const prop = (feature: Feature, key: string): unknown => feature.properties?.[key];
const text = (feature: Feature, key: string): string => String(prop(feature, key) ?? '');

/** The licences of every feature of the given layers, in order of first appearance. */
function licencesOf(...layers: (ReportLayer | undefined | null)[]): string[] {
	const all = layers.flatMap((layer) => layer?.features.features.map((f) => prop(f, 'licence')) ?? []);
	return [...new Set(all.filter((l): l is string => typeof l === 'string' && l.length > 0))];
}

/** The box around the collections, grown by `metres` on every side, as one polygon. */
function paddedExtent(collections: FeatureCollection[], metres: number): FeatureCollection<Polygon> {
	const metric = localMetricFor(...collections);
	let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
	for (const collection of collections) {
		for (const feature of collection.features) {
			const walk = (c: unknown): void => {
				if (Array.isArray(c) && typeof c[0] === 'number') {
					const [x, y] = metric.project(c as number[]);
					[x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
				} else if (Array.isArray(c)) c.forEach(walk);
			};
			if (feature.geometry && 'coordinates' in feature.geometry) walk(feature.geometry.coordinates);
		}
	}
	const corners = [
		[x0 - metres, y0 - metres],
		[x1 + metres, y0 - metres],
		[x1 + metres, y1 + metres],
		[x0 - metres, y1 + metres],
		[x0 - metres, y0 - metres]
	].map((xy) => metric.unproject(xy));
	return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [corners] } }] };
}

/** Water and streets under everything else, when the input has them. */
function drawContext(map: SvgMap, context: ReportInput['context']): void {
	if (context?.water) map.areas(context.water.features, { fill: theme.water, stroke: 'none' });
	if (context?.streets) map.lines(context.streets.features, { stroke: theme.streetCasing, strokeWidth: 0.7 });
}

const DISTRICT_LINE: AreaStyle = { stroke: theme.district.line, strokeWidth: 0.9 };

function labelDistricts(map: SvgMap, districts: ReportLayer, colour: string = theme.district.label): void {
	for (const point of labelPoints(districts.features).features) {
		map.label(point.geometry.coordinates, text(point, 'name'), { bold: true, centred: true, colour, size: 9 });
	}
}

/**
 * Districts with their names and the police's area classification.
 *
 * @example
 * areaMapSvg(input); // '<svg …>' with Akalla … Sundby and the classified areas
 */
export function areaMapSvg(input: Pick<ReportInput, 'districts' | 'areaClasses' | 'context'>): string {
	const map = new SvgMap([input.districts.features], MAP_WIDTH);
	drawContext(map, input.context);
	const classes = input.areaClasses;
	const present = new Set<AreaClass>();
	if (classes) {
		map.areas(classes.features, (feature) => {
			const areaClass = prop(feature, 'areaClass') as AreaClass;
			present.add(areaClass);
			return { fill: theme.areaClass[areaClass] ?? '#888888', fillOpacity: 0.35, stroke: theme.areaClass[areaClass], strokeWidth: 0.8 };
		});
	}
	map.areas(input.districts.features, DISTRICT_LINE);
	labelDistricts(map, input.districts);
	const legend: LegendEntry[] = [...present].map((areaClass) => ({
		label: AREA_CLASS_LABELS[areaClass],
		area: { fill: theme.areaClass[areaClass], fillOpacity: 0.35, stroke: theme.areaClass[areaClass], strokeWidth: 0.8 }
	}));
	map.legend([{ label: 'Stadsdelsgräns', area: { ...DISTRICT_LINE, fill: 'none' } }, ...legend]);
	return map.finish(licencesOf(input.districts, classes, input.context?.water, input.context?.streets));
}

function sceneStyle(year: number, years: number[]): AreaStyle {
	const colour = sceneYearColour(year, years);
	return sceneYearIsLatest(year, years)
		? { fill: colour, fillOpacity: 0.35, stroke: colour, strokeWidth: 1.4 }
		: { hatch: colour, stroke: colour, strokeWidth: 1.2, dash: '4 2.5' };
}

/**
 * Both years' scenes on one map: the earlier dashed and hatched, the later solid; a label per
 * place with its years ("Husby C (2021)", "Nordkapsgatan, Husby (2023, ny)"), and a dashed line
 * for each possible displacement.
 */
export function scenesMapSvg(section: DrugSceneSection, districts: ReportLayer, context?: ReportInput['context']): string {
	const { comparison, from, to } = section;
	const years = [comparison.fromYear, comparison.toYear];
	const scenes = [from.features, to.features].filter((c) => c.features.length > 0);
	const extent = scenes.length ? [paddedExtent(scenes, 350)] : [districts.features];
	const map = new SvgMap(extent, MAP_WIDTH);
	drawContext(map, context);
	map.areas(districts.features, { stroke: '#9a948a', strokeWidth: 0.7 });
	map.areas(from.features, sceneStyle(comparison.fromYear, years));
	map.areas(to.features, sceneStyle(comparison.toYear, years));
	const moves = comparison.relations.filter((r) => r.type === 'displacement');
	if (moves.length) {
		const lines: FeatureCollection = {
			type: 'FeatureCollection',
			features: moves.map((r) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [r.fromCentroid, r.toCentroid] } }))
		};
		map.lines(lines, { stroke: theme.analysis.arrow, strokeWidth: 0.8, dash: '2 2' });
	}
	const toYearOf = new Map(comparison.relations.filter((r) => r.type === 'same').flatMap((r) => r.from.map((id) => [id, r.to] as const)));
	const labelled = new Set<string>();
	for (const scene of comparison.scenes) {
		if (labelled.has(scene.id)) continue;
		const continued = toYearOf.get(scene.id);
		continued?.forEach((id) => labelled.add(id));
		const when =
			scene.status === 'persisted' && continued ? `${comparison.fromYear}, ${comparison.toYear}` : scene.status === 'new' ? `${scene.year}, ny` : `${scene.year}`;
		const colour = scene.status === 'persisted' ? theme.analysis.persisted : sceneYearColour(scene.year, years);
		map.label(scene.centroid, `${scene.name} (${when})`, { colour, bold: scene.status !== 'persisted' });
	}
	// the scenes' labels first: a district name gives way to them, not the other way round
	labelDistricts(map, districts, '#6b665e');
	map.legend([
		{ label: `Öppen drogscen ${comparison.fromYear}`, area: sceneStyle(comparison.fromYear, years) },
		{ label: `Öppen drogscen ${comparison.toYear}`, area: sceneStyle(comparison.toYear, years) },
		...(moves.length ? [{ label: 'Möjlig förflyttning (kandidat)', area: { stroke: theme.analysis.arrow, strokeWidth: 0.8, dash: '2 2' } }] : [])
	]);
	return map.finish(licencesOf(districts, from, to, context?.water, context?.streets));
}

/** Insecure places by category; a map of invented example places says so on the map. */
export function placesMapSvg(places: ReportLayer, districts: ReportLayer, context?: ReportInput['context']): string {
	const extent = places.features.features.length ? [paddedExtent([places.features], 400)] : [districts.features];
	const map = new SvgMap(extent, MAP_WIDTH);
	drawContext(map, context);
	map.areas(districts.features, DISTRICT_LINE);
	const present = new Set<PlaceCategory>();
	map.points(places.features, (feature) => {
		const category = prop(feature, 'category') as PlaceCategory;
		present.add(category);
		return { fill: theme.placeCategory[category] ?? '#888888', stroke: theme.placeStroke, radius: 3.6 };
	});
	labelDistricts(map, districts);
	if (places.features.features.some((f) => prop(f, 'example') === true)) map.note(EXAMPLE_PLACES);
	map.legend(
		PLACE_CATEGORIES.filter((category) => present.has(category)).map((category) => ({
			label: PLACE_CATEGORY_LABELS[category],
			point: { fill: theme.placeCategory[category], stroke: theme.placeStroke, radius: 3.6 }
		}))
	);
	return map.finish(licencesOf(districts, places, context?.water, context?.streets));
}
