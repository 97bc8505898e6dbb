/**
 * The importer on real data nobody on the team wrote: Stockholm's 117 stadsdelar (CC0, CRS84),
 * read from ../shared/data at run time (never copied into the repo), and the same polygons
 * reprojected here to SWEREF 99 18 00 and SWEREF 99 TM as GeoJSON with a `crs` member, as zipped
 * Shapefiles with a .prj, and as a Swedish-Excel CSV of centroids. Every route must give the same
 * count, area and extent.
 */
import { area, bbox as turfBbox, centroid } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromWgs84, parseImport, type CrsCode, type ImportResult } from '$lib/geo/import';
import { geojsonWithCrs, PRJ, PRJ_OGC_3006, reproject, utf8 } from '$lib/geo/import/testing/files';
import { writeShapefile, zipShapefile } from '$lib/geo/import/testing/shapefile-writer';
import { REFERENCE_DISTRICTS } from './helpers/geodata';

type Districts = FeatureCollection<Polygon | MultiPolygon, { name: string }>;

function referenceBytes(): Uint8Array {
	if (!existsSync(REFERENCE_DISTRICTS)) {
		throw new Error(
			`The CC0 reference districts are missing: expected ${REFERENCE_DISTRICTS} (shared/data beside the checkout).`
		);
	}
	return readFileSync(REFERENCE_DISTRICTS);
}

function reference(): Districts {
	return JSON.parse(new TextDecoder().decode(referenceBytes())) as Districts;
}

function totalArea(features: readonly Feature[]): number {
	return features.reduce((sum, f) => sum + area(f), 0);
}

function expectSameDistricts(result: ImportResult, original: Districts): void {
	expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
	expect(result.ok).toBe(true);
	expect(result.count).toBe(117);
	expect(result.features).toHaveLength(117);
	const expected = totalArea(original.features);
	expect(Math.abs(totalArea(result.features) / expected - 1)).toBeLessThan(0.001);
	expectBoxClose(result.bbox, turfBbox(original), 6);
	expect(result.features.map((f) => f.properties.name)).toEqual(original.features.map((f) => f.properties.name));
}

function expectBoxClose(actual: ImportResult['bbox'], expected: readonly number[], digits: number): void {
	expect(actual).toHaveLength(4);
	actual?.forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, digits));
}

function shapefileZip(crs: CrsCode, prj: string): Uint8Array {
	const projected = reproject(reference(), crs);
	const parts = writeShapefile(projected.features, [{ name: 'name', type: 'C', length: 40 }]);
	return zipShapefile('stadsdelar', parts, { 'stadsdelar.prj': prj, 'stadsdelar.cpg': 'UTF-8' });
}

describe('the CC0 stadsdelar', () => {
	it('import from CRS84 GeoJSON: 117 polygons, WGS84 read from the crs member, every outer ring turned counter-clockwise', () => {
		const original = reference();
		const result = parseImport({ name: 'stockholm-stadsdelar-cc0.geojson', bytes: referenceBytes() });
		expectSameDistricts(result, original);
		expect(result.crs).toMatchObject({ code: 'EPSG:4326', detectedFrom: 'file' });
		// GDAL wrote them clockwise; RFC 7946 wants outer rings counter-clockwise.
		expect(result.fixed.rewound).toBe(117);
	});

	it.each(['EPSG:3011', 'EPSG:3006'] as const)(
		'reprojected to %s as GeoJSON with a crs member give the same count, area and extent',
		(crs) => {
			const original = reference();
			const bytes = geojsonWithCrs(reproject(original, crs), `urn:ogc:def:crs:${crs.replace(':', '::')}`);
			const result = parseImport({ name: 'stadsdelar.geojson', bytes });
			expect(result.crs).toMatchObject({ code: crs, detectedFrom: 'file' });
			expectSameDistricts(result, original);
		}
	);

	it.each([
		['EPSG:3011', PRJ['EPSG:3011']],
		['EPSG:3006', PRJ['EPSG:3006']],
		['EPSG:3006', PRJ_OGC_3006]
	] as const)(
		'as a zipped Shapefile in %s with a .prj give the same count, area, extent and names with å, ä, ö',
		(crs, prj) => {
			const original = reference();
			const result = parseImport({ name: 'stadsdelar.zip', bytes: shapefileZip(crs, prj) });
			expect(result.format).toBe('shapefile');
			expect(result.crs).toMatchObject({ code: crs, detectedFrom: 'file' });
			expectSameDistricts(result, original);
			expect(result.features.map((f) => f.properties.name)).toContain('SÖDRA ÄNGBY');
			// Shapefiles store outer rings clockwise: turning them is reading the format, not a repair.
			expect(result.fixed.rewound).toBe(0);
		}
	);

	it('as centroids in a Swedish Excel CSV (semicolon, decimal comma, N and E in SWEREF 99 18 00) come back within a millimetre', () => {
		const original = reference();
		const centroids = original.features.map((f) => centroid(f).geometry.coordinates);
		const rows = original.features.map((f, i) => {
			const [e, n] = fromWgs84(centroids[i] ?? [], 'EPSG:3011');
			return `${f.properties.name};${n.toFixed(4).replace('.', ',')};${e.toFixed(4).replace('.', ',')}`;
		});
		const bytes = utf8(['Namn;N;E', ...rows].join('\r\n'));
		const result = parseImport({ name: 'centroider.csv', bytes }, { crs: 'EPSG:3011' });
		expect(result.ok).toBe(true);
		expect(result.count).toBe(117);
		result.features.forEach((f, i) => {
			const [lon, lat] = (f.geometry as { coordinates: number[] }).coordinates;
			const [lon0, lat0] = centroids[i] ?? [];
			// 1e-8° is about a millimetre.
			expect(Math.abs((lon ?? NaN) - (lon0 ?? NaN))).toBeLessThan(1e-8);
			expect(Math.abs((lat ?? NaN) - (lat0 ?? NaN))).toBeLessThan(1e-8);
			expect(f.properties.Namn).toBe(original.features[i]?.properties.name);
		});
		expectBoxClose(result.bbox, turfBbox({ type: 'MultiPoint', coordinates: centroids }), 7);
	});

	it('in SWEREF 99 TM without a crs member are read as SWEREF 99 TM, with a warning saying so', () => {
		const original = reference();
		const bytes = utf8(JSON.stringify(reproject(original, 'EPSG:3006')));
		const result = parseImport({ name: 'stadsdelar.geojson', bytes });
		expect(result.crs).toMatchObject({ code: 'EPSG:3006', detectedFrom: 'coordinates' });
		expect(result.problems).toContainEqual(
			expect.objectContaining({
				severity: 'warning',
				message: expect.stringMatching(/anger inget koordinatsystem.*SWEREF 99 TM/)
			})
		);
		expectSameDistricts(result, original);
	});

	it('in SWEREF 99 18 00 without a crs member need the user to choose, and then import', () => {
		const original = reference();
		const bytes = utf8(JSON.stringify(reproject(original, 'EPSG:3011')));
		expect(() => parseImport({ name: 'stadsdelar.geojson', bytes })).toThrow(
			/lokal SWEREF 99-zon.*SWEREF 99 18 00 \(EPSG:3011\)/
		);
		expectSameDistricts(parseImport({ name: 'stadsdelar.geojson', bytes }, { crs: 'EPSG:3011' }), original);
	});
});
