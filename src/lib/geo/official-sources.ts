/**
 * Turns the real open data beside the checkout (../shared/data: Stockholm stad's CC0 districts and
 * water, OpenStreetMap ways under ODbL) into the files the project commits under geodata/. Pure:
 * the caller reads and writes files, so `npm run geodata` can rebuild them byte for byte and
 * `npm run geodata:check` can say when a committed copy is stale.
 */
import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { bboxClip, booleanIntersects, buffer, featureCollection, intersect, union } from '@turf/turf';
import { DISTRICTS, SPANGA_DISTRICTS, type District } from './schema';

/** [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];

export const OSM_ATTRIBUTION = '© OpenStreetMap-bidragsgivare, ODbL 1.0';
export const OSM_LICENCE = 'ODbL 1.0 (© OpenStreetMap-bidragsgivare)';
export const CITY_LICENCE = 'CC0 1.0 (Stockholms stad)';
/** What the team drew itself: no outside licence applies. */
export const OWN_LICENCE = 'Lägeskartan-teamets egen ritning';

/**
 * Where the OSM extract has streets: the Overpass query's box as ../shared/data/README.md gives it
 * (ways that cross its edge are whole, so the ways' own bounds would overstate it).
 */
export const OSM_COVERAGE_BOX: Box = [17.905, 59.383, 17.981, 59.425];

/** How far past Järva's districts a way may start and still count as Järva's (metres). */
export const WAY_BUFFER_METERS = 100;

type Area = Feature<Polygon | MultiPolygon>;

/** The CC0 file's upper-case name of each district, e.g. HUSBY → Husby. */
const cc0Name = (district: District) => district.toLocaleUpperCase('sv');

/** The eleven Järva districts of the city's CC0 file, in the order of DISTRICTS; throws if one is missing. */
export function jarvaDistricts(cc0: FeatureCollection): Area[] {
	return DISTRICTS.map((district) => {
		const found = cc0.features.find((feature) => feature.properties?.name === cc0Name(district));
		if (!found || (found.geometry.type !== 'Polygon' && found.geometry.type !== 'MultiPolygon')) {
			throw new Error(`The CC0 districts have no polygon named ${cc0Name(district)}`);
		}
		return found as Area;
	});
}

/**
 * The OSM ways that touch Järva: any way intersecting a district buffered by `WAY_BUFFER_METERS`,
 * ordered by OSM id, with the source's properties and coordinates untouched.
 */
export function waysInJarva(ways: FeatureCollection, cc0Districts: FeatureCollection): FeatureCollection<LineString> {
	const buffered = jarvaDistricts(cc0Districts).map((district) => buffer(district, WAY_BUFFER_METERS, { units: 'meters' })!);
	const inside = ways.features.filter(
		(way) => way.geometry.type === 'LineString' && buffered.some((area) => booleanIntersects(way, area))
	);
	const osmId = (way: Feature) => Number(way.properties?.osm_id);
	return { type: 'FeatureCollection', features: (inside as Feature<LineString>[]).sort((a, b) => osmId(a) - osmId(b)) };
}

/** A FeatureCollection as text with one feature per line: small diffs, and the same bytes every time. */
export function featureLines(collection: FeatureCollection, topLevel: Record<string, unknown> = {}): string {
	const head = JSON.stringify({ type: 'FeatureCollection', ...topLevel }).slice(0, -1);
	const lines = collection.features.map((feature) => JSON.stringify(feature));
	return `${head},"features":[\n${lines.join(',\n')}\n]}\n`;
}

/** geodata/osm/ways.geojson from the shared OSM extract. */
export function osmWaysFile(ways: FeatureCollection, cc0Districts: FeatureCollection): string {
	return featureLines(waysInJarva(ways, cc0Districts), { attribution: OSM_ATTRIBUTION });
}

/** Degrees rounded to 5 decimals (about 1 m), as geodata/ keeps them. */
export const round5 = (value: number) => Math.round(value * 1e5) / 1e5;

/** A ring rounded to 5 decimals (about 1 m), without the repeated positions rounding can make. */
export function roundRing(ring: Position[]): Position[] {
	const out: Position[] = [];
	for (const [lon = 0, lat = 0] of ring) {
		const point = [round5(lon), round5(lat)];
		const last = out.at(-1);
		if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
	}
	return out;
}

function roundPolygon(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
	return geometry.type === 'Polygon'
		? { type: 'Polygon', coordinates: geometry.coordinates.map(roundRing) }
		: { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(roundRing)) };
}

/**
 * How far the city's simplified boundaries may lie from the surveyed ones, in metres: an estimate
 * from the simplification (vertices about 20–60 m apart along curved borders), not a published figure.
 */
export const OFFICIAL_DISTRICT_PRECISION_METERS = 20;

/** geodata/layers/stadsdelar.geojson: the city's official districts with the app's district schema. */
export function officialDistrictsFile(cc0Districts: FeatureCollection): string {
	const districts = jarvaDistricts(cc0Districts);
	const features: Feature[] = DISTRICTS.map((name, index) => ({
		type: 'Feature',
		properties: {
			id: `sd-${slug(name)}`,
			name,
			source:
				'Stockholms stad, öppna data "Stadskarta" (stadsdelar, 2021-04-13, förenklade), CC0 1.0; vilka stadsdelar som hör till Järva: Lägesbild Järva 2023.',
			precision: 'official',
			precisionMeters: OFFICIAL_DISTRICT_PRECISION_METERS,
			example: false,
			licence: CITY_LICENCE,
			borough: 'Järva',
			part: SPANGA_DISTRICTS.includes(name) ? 'Spånga' : 'Järva'
		},
		geometry: roundPolygon(districts[index]!.geometry)
	}));
	return featureLines({ type: 'FeatureCollection', features });
}

/**
 * geodata/stockholm/water.geojson: the city's CC0 water cut to `box` (the basemap's area), rounded
 * to 5 decimals.
 */
export function waterFile(cc0Water: FeatureCollection, box: Box): string {
	const features: Feature[] = [];
	cc0Water.features.forEach((feature, index) => {
		if (feature.geometry.type !== 'Polygon' && feature.geometry.type !== 'MultiPolygon') return;
		const clipped = bboxClip(feature as Area, box).geometry;
		const parts: Position[][][] = clipped.type === 'Polygon' ? [clipped.coordinates] : (clipped.coordinates as Position[][][]);
		const polygons = parts
			.map((polygon) => polygon.map(roundRing).filter((ring) => ring.length >= 4))
			.filter((polygon) => polygon.length > 0);
		polygons.forEach((coordinates, part) =>
			features.push({
				type: 'Feature',
				properties: { id: `vatten-${index}-${part}`, licence: CITY_LICENCE },
				geometry: { type: 'Polygon', coordinates }
			})
		);
	});
	return featureLines({ type: 'FeatureCollection', features }, {
		source: 'Stockholms stad, öppna data "Stadskarta" (vatten, 2021-04-13, förenklat), CC0 1.0'
	});
}

/** Where the street data covers Järva: OSM_COVERAGE_BOX ∩ the districts, as one (multi)polygon. */
export function streetCoverage(districts: FeatureCollection): Area {
	const merged = union(featureCollection(districts.features as Area[]));
	if (!merged) throw new Error('no districts to outline the street coverage with');
	const [west, south, east, north] = OSM_COVERAGE_BOX;
	const box: Feature<Polygon> = {
		type: 'Feature',
		properties: {},
		geometry: { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }
	};
	const common = intersect(featureCollection<Polygon | MultiPolygon>([merged, box]));
	if (!common) throw new Error('the street data does not overlap the districts');
	return { type: 'Feature', properties: {}, geometry: roundPolygon(common.geometry) };
}

/** "Spånga" → "spanga": ids are ASCII kebab-case. */
export function slug(name: string): string {
	return name
		.toLocaleLowerCase('sv')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}
