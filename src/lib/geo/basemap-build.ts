/**
 * Builds the offline basemap: GeoJSON layers in, one PMTiles archive of gzipped vector tiles out.
 * Pure and deterministic, so the archive can be committed and checked for staleness in CI.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { GeoJSONVT, type GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { Compression, TileType } from 'pmtiles';
import { EMBEDDED_ATTRIBUTION } from '../map/basemap-config';
import { gzip } from './gzip';
import { writePmtiles, type PmtilesTile } from './pmtiles-writer';

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/** The embedded basemap's credits: the OSM streets (ODbL requires it), the city's CC0 data, the team's drawing. */
export const BASEMAP_ATTRIBUTION = EMBEDDED_ATTRIBUTION;

export interface BasemapOptions {
	/** Default 8. */
	minZoom?: number;
	/** Default 15: footpaths and steps are drawn from the z15 tiles at z15–16 (MapLibre overzooms). */
	maxZoom?: number;
	/** Zoom of the archive's suggested center. Default 12, which shows all of Järva. */
	centerZoom?: number;
	name?: string;
	description?: string;
	/** Bounds for an archive without any features (the header needs some). */
	fallbackBounds?: Bounds;
	/** Default BASEMAP_ATTRIBUTION. */
	attribution?: string;
}

/** One entry of TileJSON's `vector_layers`, which styles and inspectors read. */
export interface VectorLayer {
	id: string;
	fields: Record<string, 'String' | 'Number' | 'Boolean' | 'Mixed'>;
	minzoom: number;
	maxzoom: number;
}

const EXTENT = 4096;

/**
 * Tile every layer for zooms `minZoom..maxZoom` over the data's bounds; each tile holds every
 * layer that has features there (from their `min_zoom` on, when they have one), tiles without any
 * are left out. Layer name = vector layer id.
 *
 * @example
 * const archive = buildBasemap({ water: waterCollection, roads: roadCollection });
 * writeFileSync('static/basemap/jarva.pmtiles', archive);
 */
export function buildBasemap(
	layers: Readonly<Record<string, FeatureCollection>>,
	options: BasemapOptions = {}
): Uint8Array {
	const minZoom = options.minZoom ?? 8;
	const maxZoom = options.maxZoom ?? 15;
	// Sorted so that the order the caller built the record in cannot change the bytes.
	const names = Object.keys(layers).sort();
	const indexes = names.map((name) => ({ name, index: tileIndex(layers[name]!, maxZoom) }));

	const dataBounds = boundsOf(names.flatMap((name) => layers[name]!.features));
	const bounds = dataBounds ?? options.fallbackBounds;
	if (!bounds) throw new Error('the basemap has no features and no fallbackBounds');

	const tiles: PmtilesTile[] = [];
	if (dataBounds) {
		for (let z = minZoom; z <= maxZoom; z++) {
			const [minX, minY, maxX, maxY] = tileRange(dataBounds, z);
			for (let x = minX; x <= maxX; x++) {
				for (let y = minY; y <= maxY; y++) {
					const present: Record<string, GeoJSONVTTile> = {};
					for (const { name, index } of indexes) {
						const tile = index.getTile(z, x, y);
						// A feature's `min_zoom` (Protomaps schema) keeps footpaths out of the small-scale tiles.
						const features = tile?.features.filter((f) => !(typeof f.tags?.min_zoom === 'number' && f.tags.min_zoom > z)) ?? [];
						if (tile && features.length > 0) present[name] = { ...tile, features } as GeoJSONVTTile;
					}
					if (Object.keys(present).length === 0) continue;
					const mvt = fromGeojsonVt(present, { version: 2, extent: EXTENT });
					tiles.push({ z, x, y, data: gzip(mvt) });
				}
			}
		}
	}

	const [west, south, east, north] = bounds;
	const centerZoom = Math.min(Math.max(options.centerZoom ?? 12, minZoom), maxZoom);
	const vectorLayers: VectorLayer[] = names.map((id) => ({
		id,
		fields: fieldsOf(layers[id]!.features),
		minzoom: minZoom,
		maxzoom: maxZoom
	}));
	return writePmtiles(
		tiles,
		{
			minZoom,
			maxZoom,
			bounds,
			center: [(west + east) / 2, (south + north) / 2, centerZoom],
			tileType: TileType.Mvt,
			tileCompression: Compression.Gzip,
			internalCompression: Compression.Gzip
		},
		{
			name: options.name ?? 'Lägeskartan Järva',
			description: options.description ?? 'Schematisk baskarta över Järva för Lägeskartan, för användning offline.',
			attribution: options.attribution ?? BASEMAP_ATTRIBUTION,
			type: 'baselayer',
			vector_layers: vectorLayers
		}
	);
}

function tileIndex(collection: FeatureCollection, maxZoom: number): GeoJSONVT {
	// Our ids are strings such as "water-edsviken"; MVT ids must be unsigned integers and vt-pbf
	// would write garbage for them, so the top-level id goes. `properties.id` keeps the identity.
	const features = collection.features.map(
		(feature): Feature => ({ type: 'Feature', geometry: feature.geometry, properties: feature.properties })
	);
	return new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom, extent: EXTENT });
}

function boundsOf(features: readonly Feature[]): Bounds | undefined {
	let bounds: Bounds | undefined;
	const add = ([lon, lat]: Position) => {
		if (lon === undefined || lat === undefined) return;
		if (!bounds) bounds = [lon, lat, lon, lat];
		else bounds = [Math.min(bounds[0], lon), Math.min(bounds[1], lat), Math.max(bounds[2], lon), Math.max(bounds[3], lat)];
	};
	const visit = (geometry: Geometry | null): void => {
		if (!geometry) return;
		switch (geometry.type) {
			case 'Point':
				return add(geometry.coordinates);
			case 'MultiPoint':
			case 'LineString':
				return geometry.coordinates.forEach(add);
			case 'MultiLineString':
			case 'Polygon':
				return geometry.coordinates.forEach((line) => line.forEach(add));
			case 'MultiPolygon':
				return geometry.coordinates.forEach((polygon) => polygon.forEach((ring) => ring.forEach(add)));
			case 'GeometryCollection':
				return geometry.geometries.forEach(visit);
		}
	};
	features.forEach((feature) => visit(feature.geometry));
	return bounds;
}

/**
 * Tile columns and rows covering `bounds` at zoom `z`, one tile wider on every side: a feature
 * near a tile edge also reaches into the neighbour's buffer, which MapLibre uses to draw across
 * the seam. Empty neighbours are skipped later, so the margin costs nothing.
 */
function tileRange([west, south, east, north]: Bounds, z: number): [number, number, number, number] {
	const n = 2 ** z;
	const clamp = (value: number) => Math.min(Math.max(value, 0), n - 1);
	const column = (lon: number) => Math.floor(((lon + 180) / 360) * n);
	const row = (lat: number) => {
		const radians = (Math.max(Math.min(lat, 85.0511), -85.0511) * Math.PI) / 180;
		return Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
	};
	return [clamp(column(west) - 1), clamp(row(north) - 1), clamp(column(east) + 1), clamp(row(south) + 1)];
}

function fieldsOf(features: readonly Feature[]): VectorLayer['fields'] {
	const types = new Map<string, VectorLayer['fields'][string]>();
	for (const feature of features) {
		for (const [key, value] of Object.entries(feature.properties ?? {})) {
			if (value === null || value === undefined) continue;
			const type = typeof value === 'number' ? 'Number' : typeof value === 'boolean' ? 'Boolean' : 'String';
			const seen = types.get(key);
			types.set(key, seen === undefined || seen === type ? type : 'Mixed');
		}
	}
	return Object.fromEntries([...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
