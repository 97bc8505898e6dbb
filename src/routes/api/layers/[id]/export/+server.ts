import { centroid } from '@turf/turf';
import { csvResponse, toCsv, type Cell } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { oneOf } from '$lib/server/params';
import { OSM_ATTRIBUTION } from '$lib/geo/official-sources';
import type { RequestHandler } from './$types';

/**
 * A layer as a file: `?format=geojson` (as served, with versions) or `csv` (one row per feature,
 * its properties, a centroid lon/lat and the geometry as GeoJSON text).
 *
 * ODbL wants the OpenStreetMap credit wherever derived geometry goes: a layer with features whose
 * licence is ODbL gets a top-level `attribution` in GeoJSON; in CSV every row has its `licence`.
 */
export const GET = ((event) =>
	answer(() => {
		const { params, url } = event;
		const service = layersFor(event);
		const format = oneOf(url, 'format', ['geojson', 'csv'], 'geojson');
		const layer = service.get(params.id);
		audit(event, { action: 'layer-export', target: params.id, detail: { format, features: layer.summary.featureCount } });
		if (format === 'geojson') {
			const osm = service.features(params.id).features.some((f) => /ODbL|OpenStreetMap/i.test(String(f.properties?.licence ?? '')));
			// The served JSON is kept as text: the credit goes in front of its first key.
			const body = osm ? `{"attribution":${JSON.stringify(OSM_ATTRIBUTION)},${layer.json.slice(1)}` : layer.json;
			return new Response(body, {
				headers: {
					'content-type': 'application/geo+json; charset=utf-8',
					'content-disposition': `attachment; filename="${params.id}.geojson"`,
					'cache-control': 'private, no-store'
				}
			});
		}
		const features = service.features(params.id).features as (GeoJSON.Feature & { version?: number })[];
		const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
		const cell = (value: unknown): Cell =>
			value === null || value === undefined || typeof value !== 'object' ? (value as Cell) : JSON.stringify(value);
		const rows = features.map((f) => {
			const [lon, lat] = centroid(f).geometry.coordinates;
			return [...keys.map((k) => cell(f.properties?.[k])), f.version ?? null, lon!.toFixed(6), lat!.toFixed(6), JSON.stringify(f.geometry)];
		});
		return csvResponse(`${params.id}.csv`, toCsv([...keys, 'version', 'lon', 'lat', 'geometri_geojson'], rows));
	})) satisfies RequestHandler;
