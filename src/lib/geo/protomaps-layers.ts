/**
 * The embedded basemap's content in the Protomaps basemap schema (version 4, the one
 * `@protomaps/basemaps` 5 styles): layers `earth`, `landuse`, `water`, `roads` (streets, paths and
 * railways: v4 keeps rail in `roads`), `pois` (stations) and `places`, each feature with `kind`,
 * `kind_detail`, `name` and `min_zoom`. One layer outside the schema, `coverage`, outlines where
 * the street data ends. Pure: GeoJSON in, layers for `buildBasemap` out.
 */
import type { Feature, FeatureCollection, Geometry, LineString } from 'geojson';
import type { Box } from './official-sources';

/** The layers every Protomaps-schema archive must have for our style to draw a map (checked for a deployment's own archive). */
export const REQUIRED_PROTOMAPS_LAYERS = ['earth', 'roads', 'water'] as const;

/** Properties of a Protomaps-schema feature as our tiles carry them. */
type ProtomapsProperties = {
	kind: string;
	kind_detail?: string;
	name?: string;
	min_zoom: number;
	is_bridge?: true;
	is_tunnel?: true;
	is_link?: true;
};

/** OSM `highway` → Protomaps roads `kind` and the zoom it appears from (as the Protomaps builder does, roughly). */
const HIGHWAY_KINDS: Record<string, { kind: string; minZoom: number }> = {
	motorway: { kind: 'highway', minZoom: 8 },
	trunk: { kind: 'highway', minZoom: 8 },
	primary: { kind: 'major_road', minZoom: 9 },
	secondary: { kind: 'major_road', minZoom: 10 },
	tertiary: { kind: 'major_road', minZoom: 11 },
	residential: { kind: 'minor_road', minZoom: 12 },
	unclassified: { kind: 'minor_road', minZoom: 12 },
	living_street: { kind: 'minor_road', minZoom: 12 },
	busway: { kind: 'minor_road', minZoom: 13 },
	service: { kind: 'minor_road', minZoom: 13 },
	pedestrian: { kind: 'path', minZoom: 14 },
	footway: { kind: 'path', minZoom: 14 },
	path: { kind: 'path', minZoom: 14 },
	steps: { kind: 'path', minZoom: 14 },
	cycleway: { kind: 'path', minZoom: 14 },
	bridleway: { kind: 'path', minZoom: 14 },
	track: { kind: 'path', minZoom: 14 },
	corridor: { kind: 'path', minZoom: 15 }
};

/** The team's schematic drawing (geodata/basemap) by its `kind` → the Protomaps layer and kind it becomes. */
const TEAM_KINDS: Record<string, { layer: string } & ProtomapsProperties> = {
	motorway: { layer: 'roads', kind: 'highway', kind_detail: 'motorway', min_zoom: 8 },
	'main-road': { layer: 'roads', kind: 'major_road', kind_detail: 'primary', min_zoom: 9 },
	'metro-line': { layer: 'roads', kind: 'rail', kind_detail: 'subway', min_zoom: 8 },
	railway: { layer: 'roads', kind: 'rail', kind_detail: 'rail', min_zoom: 8 },
	'metro-station': { layer: 'pois', kind: 'station', kind_detail: 'subway', min_zoom: 11 },
	'place-label': { layer: 'places', kind: 'neighbourhood', min_zoom: 11 },
	green: { layer: 'landuse', kind: 'park', min_zoom: 8 },
	water: { layer: 'water', kind: 'water', min_zoom: 8 },
	stream: { layer: 'water', kind: 'stream', min_zoom: 12 }
};

export interface ProtomapsInput {
	/** geodata/osm/ways.geojson (OSM tags, `highway` and `name`). */
	ways: FeatureCollection;
	/** geodata/stockholm/water.geojson (polygons). */
	water: FeatureCollection;
	/** geodata/basemap/*.geojson, the team's own schematic drawing, by file name. */
	drawn: Readonly<Record<string, FeatureCollection>>;
	/** Where the street data ends (see `streetCoverage`). */
	coverage: Feature | null;
	/** The archive's area: `earth` covers it. */
	box: Box;
}

const feature = (geometry: Geometry, properties: ProtomapsProperties): Feature => ({ type: 'Feature', geometry, properties });

/** One OSM way as a Protomaps road, or null for a `highway` value the basemap leaves out. */
export function osmRoad(way: Feature): Feature | null {
	const tags = way.properties ?? {};
	const highway = String(tags.highway ?? '');
	const link = highway.endsWith('_link');
	const base = HIGHWAY_KINDS[link ? highway.slice(0, -'_link'.length) : highway];
	if (!base || way.geometry.type !== 'LineString') return null;
	const properties: ProtomapsProperties = { kind: base.kind, kind_detail: highway, min_zoom: base.minZoom };
	if (typeof tags.name === 'string' && tags.name !== '') properties.name = tags.name;
	if (link) properties.is_link = true;
	if (tags.bridge && tags.bridge !== 'no') properties.is_bridge = true;
	if (tags.tunnel && tags.tunnel !== 'no') properties.is_tunnel = true;
	return feature(way.geometry as LineString, properties);
}

/** The basemap's layers in the Protomaps schema, plus `coverage`. */
export function protomapsLayers(input: ProtomapsInput): Record<string, FeatureCollection> {
	const layers: Record<string, Feature[]> = { earth: [], landuse: [], water: [], roads: [], pois: [], places: [], coverage: [] };
	const [west, south, east, north] = input.box;
	layers.earth!.push(
		feature({ type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }, { kind: 'earth', min_zoom: 0 })
	);
	for (const water of input.water.features) layers.water!.push(feature(water.geometry, { kind: 'water', min_zoom: 8 }));
	for (const name of Object.keys(input.drawn).sort()) {
		for (const drawn of input.drawn[name]!.features) {
			const target = TEAM_KINDS[String(drawn.properties?.kind)];
			if (!target) throw new Error(`basemap/${name}.geojson ${String(drawn.properties?.id)}: kind ${String(drawn.properties?.kind)} has no Protomaps kind`);
			const { layer, ...properties } = target;
			layers[layer]!.push(feature(drawn.geometry, { ...properties, name: String(drawn.properties?.name) }));
		}
	}
	for (const way of input.ways.features) {
		const road = osmRoad(way);
		if (road) layers.roads!.push(road);
	}
	if (input.coverage) layers.coverage!.push(feature(input.coverage.geometry, { kind: 'street_data', min_zoom: 8 }));
	return Object.fromEntries(
		Object.entries(layers)
			.filter(([, features]) => features.length > 0)
			.map(([name, features]) => [name, { type: 'FeatureCollection', features }])
	);
}
