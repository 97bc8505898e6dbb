import { centroid } from '@turf/turf';
import { csvResponse, type Cell } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { oneOf } from '$lib/server/params';
import { OSM_ATTRIBUTION } from '$lib/geo/official-sources';
import { AREA_CLASS_LABELS, DRAWING_LABELS, PLACE_CATEGORY_LABELS, PRECISION_LABELS } from '$lib/layers/labels';
import { tableCsv, toXlsx, xlsxResponse, type Table, type TableColumn } from '$lib/server/table-export';
import type { RequestHandler } from './$types';

/** Swedish headings for the .xlsx (the CSV keeps the property names for machines). */
const HEADERS: Record<string, TableColumn> = {
	id: { header: 'Id', width: 24 },
	name: { header: 'Namn', width: 36 },
	category: { header: 'Kategori (kod)', width: 22 },
	areaClass: { header: 'Områdesklass (kod)', width: 22 },
	district: { header: 'Stadsdel', width: 14 },
	districts: { header: 'Stadsdelar', width: 24 },
	year: { header: 'År', kind: 'number', width: 8 },
	drawing: { header: 'Ritsätt (kod)', width: 12 },
	source: { header: 'Källa', width: 36 },
	precision: { header: 'Precision (kod)', width: 14 },
	precisionMeters: { header: 'Osäkerhet (m)', kind: 'number', width: 14 },
	example: { header: 'Exempel', kind: 'yesno', width: 9 },
	licence: { header: 'Licens', width: 36 },
	note: { header: 'Anteckning', width: 36 },
	borough: { header: 'Stadsdelsområde', width: 16 },
	part: { header: 'Del', width: 10 }
};

/** Coded properties get a column with the Swedish word right after the code. */
const LABELS: Record<string, { key: string; header: string; labels: Record<string, string> }> = {
	category: { key: 'category_sv', header: 'Kategori', labels: PLACE_CATEGORY_LABELS },
	areaClass: { key: 'areaClass_sv', header: 'Områdesklass', labels: AREA_CLASS_LABELS },
	precision: { key: 'precision_sv', header: 'Precision', labels: PRECISION_LABELS },
	drawing: { key: 'drawing_sv', header: 'Ritsätt', labels: DRAWING_LABELS }
};

/**
 * A layer as a file: `?format=geojson` (as served, with versions), `csv` (one row per feature,
 * its properties with the Swedish label beside each code, a centroid lon/lat and the geometry as
 * GeoJSON text) or `xlsx` (the same with Swedish headings and typed cells; a geometry longer than
 * an Excel cell holds is left to the GeoJSON export).
 *
 * ODbL wants the OpenStreetMap credit wherever derived geometry goes: a layer with features whose
 * licence is ODbL gets a top-level `attribution` in GeoJSON; in CSV and .xlsx every row has its `licence`.
 */
export const GET = ((event) =>
	answer(async () => {
		const { params, url } = event;
		const service = layersFor(event);
		const format = oneOf(url, 'format', ['geojson', 'csv', 'xlsx'], 'geojson');
		const layer = service.get(params.id);
		await audit(event, { action: 'layer-export', target: params.id, detail: { format, features: layer.summary.featureCount } });
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
			value === null || value === undefined || typeof value !== 'object' ? (value as Cell) : Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : JSON.stringify(value);
		const columns: TableColumn[] = [];
		const values: ((f: GeoJSON.Feature) => Cell)[] = [];
		for (const key of keys) {
			columns.push({ ...(HEADERS[key] ?? { header: key }), key });
			values.push((f) => cell(f.properties?.[key]));
			const label = LABELS[key];
			if (label) {
				columns.push({ key: label.key, header: label.header, width: 28 });
				values.push((f) => label.labels[String(f.properties?.[key])] ?? null);
			}
		}
		columns.push(
			{ key: 'version', header: 'Version', kind: 'number', width: 9 },
			{ key: 'lon', header: 'Longitud (mittpunkt)', kind: 'number', format: '0.000000', width: 14 },
			{ key: 'lat', header: 'Latitud (mittpunkt)', kind: 'number', format: '0.000000', width: 14 },
			{ key: 'geometri_geojson', header: 'Geometri (GeoJSON)', width: 40 }
		);
		const rows = features.map((f) => {
			const [lon, lat] = centroid(f).geometry.coordinates;
			return [...values.map((value) => value(f)), f.version ?? null, Number(lon!.toFixed(6)), Number(lat!.toFixed(6)), JSON.stringify(f.geometry)];
		});
		const table: Table = { sheet: layer.summary.title, columns, rows };
		if (format === 'csv') return csvResponse(`${params.id}.csv`, tableCsv(table));
		// Excel holds 32 767 characters in a cell: a longer geometry is left to the GeoJSON export.
		const geometry = columns.length - 1;
		for (const row of rows) {
			if (String(row[geometry]).length > 32_000) row[geometry] = 'För lång för en cell – se exporten som GeoJSON';
		}
		return xlsxResponse(`${params.id}.xlsx`, await toXlsx([table]));
	})) satisfies RequestHandler;
