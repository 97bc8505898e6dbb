import { describe, expect, it } from 'vitest';
import { classifyPosition, crsFromName, crsFromWkt, fromWgs84, toWgs84 } from './crs';
import { PRJ, PRJ_OGC_3006, PRJ_RT90 } from './testing/files';

/**
 * Lantmäteriet's Gauss–Krüger formulas (geodetic to grid, GRS 80), written out independently of
 * proj4, as the reference the conversions are checked against.
 */
function gaussKruger(lon: number, lat: number, lon0: number, k0: number, falseEasting: number): [number, number] {
	const a = 6378137;
	const f = 1 / 298.257222101;
	const e2 = f * (2 - f);
	const n = f / (2 - f);
	const aRoof = (a / (1 + n)) * (1 + (n * n) / 4 + n ** 4 / 64);
	const A = e2;
	const B = (5 * e2 ** 2 - e2 ** 3) / 6;
	const C = (104 * e2 ** 3 - 45 * e2 ** 4) / 120;
	const D = (1237 * e2 ** 4) / 1260;
	const b1 = n / 2 - (2 * n ** 2) / 3 + (5 * n ** 3) / 16 + (41 * n ** 4) / 180;
	const b2 = (13 * n ** 2) / 48 - (3 * n ** 3) / 5 + (557 * n ** 4) / 1440;
	const b3 = (61 * n ** 3) / 240 - (103 * n ** 4) / 140;
	const b4 = (49561 * n ** 4) / 161280;
	const rad = Math.PI / 180;
	const phi = lat * rad;
	const s = Math.sin(phi);
	const phiStar = phi - s * Math.cos(phi) * (A + B * s ** 2 + C * s ** 4 + D * s ** 6);
	const dLambda = (lon - lon0) * rad;
	const xi = Math.atan(Math.tan(phiStar) / Math.cos(dLambda));
	const eta = Math.atanh(Math.cos(phiStar) * Math.sin(dLambda));
	const north =
		k0 *
		aRoof *
		(xi +
			b1 * Math.sin(2 * xi) * Math.cosh(2 * eta) +
			b2 * Math.sin(4 * xi) * Math.cosh(4 * eta) +
			b3 * Math.sin(6 * xi) * Math.cosh(6 * eta) +
			b4 * Math.sin(8 * xi) * Math.cosh(8 * eta));
	const east =
		k0 *
			aRoof *
			(eta +
				b1 * Math.cos(2 * xi) * Math.sinh(2 * eta) +
				b2 * Math.cos(4 * xi) * Math.sinh(4 * eta) +
				b3 * Math.cos(6 * xi) * Math.sinh(6 * eta) +
				b4 * Math.cos(8 * xi) * Math.sinh(8 * eta)) +
		falseEasting;
	return [east, north];
}

/** Places across the two zones' use: Järva, Stockholm centre, Kiruna, Malmö (TM only). */
const PLACES: [number, number][] = [
	[17.9262, 59.4098],
	[18.0686, 59.3293],
	[20.2253, 67.8558],
	[13.0038, 55.605]
];

describe('toWgs84 / fromWgs84', () => {
	it("agree with Lantmäteriet's Gauss–Krüger formulas for SWEREF 99 TM within a millimetre", () => {
		for (const [lon, lat] of PLACES) {
			const [e, n] = fromWgs84([lon, lat], 'EPSG:3006');
			const [refE, refN] = gaussKruger(lon, lat, 15, 0.9996, 500_000);
			expect(Math.abs(e - refE)).toBeLessThan(0.001);
			expect(Math.abs(n - refN)).toBeLessThan(0.001);
		}
	});

	it("agree with Lantmäteriet's Gauss–Krüger formulas for SWEREF 99 18 00 within a millimetre", () => {
		for (const [lon, lat] of PLACES.slice(0, 2)) {
			const [e, n] = fromWgs84([lon, lat], 'EPSG:3011');
			const [refE, refN] = gaussKruger(lon, lat, 18, 1, 150_000);
			expect(Math.abs(e - refE)).toBeLessThan(0.001);
			expect(Math.abs(n - refN)).toBeLessThan(0.001);
		}
	});

	it('SWEREF 99 18 00 is the identity scale on its central meridian: 18° E is easting 150 000', () => {
		const [e] = fromWgs84([18, 59.4], 'EPSG:3011');
		expect(e).toBeCloseTo(150_000, 6);
	});

	it('round-trip within a micrometre in both systems', () => {
		for (const crs of ['EPSG:3006', 'EPSG:3011'] as const) {
			const [lon, lat] = toWgs84(fromWgs84([17.9262, 59.4098], crs), crs);
			expect(lon).toBeCloseTo(17.9262, 11);
			expect(lat).toBeCloseTo(59.4098, 11);
		}
	});

	it('leave WGS84 positions as they are', () => {
		expect(toWgs84([17.9, 59.4, 12], 'EPSG:4326')).toEqual([17.9, 59.4]);
	});
});

describe('crsFromName', () => {
	it.each([
		['urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:4326'],
		['urn:ogc:def:crs:OGC::CRS84', 'EPSG:4326'],
		['urn:ogc:def:crs:EPSG::4326', 'EPSG:4326'],
		['EPSG:4326', 'EPSG:4326'],
		['urn:ogc:def:crs:EPSG::3006', 'EPSG:3006'],
		['urn:ogc:def:crs:EPSG:6.3:3006', 'EPSG:3006'],
		['EPSG:3011', 'EPSG:3011'],
		['http://www.opengis.net/def/crs/EPSG/0/3011', 'EPSG:3011']
	])('reads %s as %s', (name, code) => {
		expect(crsFromName(name)).toMatchObject({ code });
	});

	it('reads ETRS89 / UTM 33N as SWEREF 99 TM and says why', () => {
		expect(crsFromName('EPSG:25833')).toEqual({
			code: 'EPSG:3006',
			note: 'ETRS89 / UTM 33N (EPSG:25833) är samma som SWEREF 99 TM'
		});
	});

	it('names a code it does not support (RT 90)', () => {
		expect(crsFromName('urn:ogc:def:crs:EPSG::3021')).toEqual({ unsupported: 'EPSG:3021' });
	});

	it('is null for text that names no CRS', () => {
		expect(crsFromName('Stadsdelar')).toBeNull();
	});
});

describe('crsFromWkt', () => {
	it('recognises ESRI SWEREF99_TM, SWEREF99_18_00 and GCS_WGS_1984', () => {
		expect(crsFromWkt(PRJ['EPSG:3006'])).toEqual({ code: 'EPSG:3006' });
		expect(crsFromWkt(PRJ['EPSG:3011'])).toEqual({ code: 'EPSG:3011' });
		expect(crsFromWkt(PRJ['EPSG:4326'])).toEqual({ code: 'EPSG:4326' });
	});

	it("recognises GDAL's OGC WKT for SWEREF 99 TM", () => {
		expect(crsFromWkt(PRJ_OGC_3006)).toEqual({ code: 'EPSG:3006' });
	});

	it('goes by the parameters, not the name: a zone called "Stockholm lokal" with 18 00\'s parameters is 18 00', () => {
		expect(crsFromWkt(PRJ['EPSG:3011'].replace('SWEREF99_18_00', 'Stockholm lokal'))).toEqual({ code: 'EPSG:3011' });
	});

	it('refuses a SWEREF-named projection whose parameters are another zone (18 45)', () => {
		const wkt = PRJ['EPSG:3011']
			.replace('SWEREF99_18_00', 'SWEREF99_18_45')
			.replace('PARAMETER["Central_Meridian",18.0]', 'PARAMETER["Central_Meridian",18.75]');
		expect(crsFromWkt(wkt)).toEqual({ unsupported: 'SWEREF99_18_45' });
	});

	it('reads a name alone when the WKT has no parameters', () => {
		expect(crsFromWkt('PROJCS["SWEREF99 18 00"]')).toEqual({ code: 'EPSG:3011' });
	});

	it('names RT 90 as unsupported', () => {
		expect(crsFromWkt(PRJ_RT90)).toEqual({ unsupported: 'RT90_25_gon_V' });
	});
});

describe('classifyPosition', () => {
	it('tells lon/lat, SWEREF 99 TM, a local zone and [north, east] apart by the numbers', () => {
		expect(classifyPosition(17.9, 59.4)).toEqual({ kind: 'lonlat', swapped: false });
		expect(classifyPosition(674032, 6580822)).toEqual({ kind: 'tm', swapped: false });
		expect(classifyPosition(153905, 6579354)).toEqual({ kind: 'local', swapped: false });
		expect(classifyPosition(6580822, 674032)).toEqual({ kind: 'tm', swapped: true });
		expect(classifyPosition(1_628_000, 6_580_000)).toEqual({ kind: 'other', swapped: false });
	});
});
