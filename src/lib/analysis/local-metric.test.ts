import { destination, distance } from '@turf/turf';
import type { Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from './errors';
import { localMetric, localMetricFor } from './local-metric';
import { JARVA } from './testing/shapes';

describe('localMetric', () => {
	it('puts a point 300 m due north (Turf geodesic) at y ≈ 300 m, x = 0', () => {
		const north = destination(JARVA, 300, 0, { units: 'meters' }).geometry.coordinates;
		const [x, y] = localMetric(JARVA).project(north);
		expect(x).toBeCloseTo(0, 6);
		expect(Math.abs(y - 300)).toBeLessThan(1);
	});

	it("agrees with Turf's spherical distance within 0.4 % (the sphere's own error) for 2 km around Järva", () => {
		const m = localMetric(JARVA);
		const errors = [0, 45, 90, 135, 180, 225, 270, 315].map((bearing) => {
			const p = destination(JARVA, 2000, bearing, { units: 'meters' }).geometry.coordinates;
			const [x, y] = m.project(p);
			return Math.abs(Math.hypot(x, y) / distance(JARVA, p, { units: 'meters' }) - 1);
		});
		expect(Math.max(...errors)).toBeLessThan(0.004);
	});

	it('unprojects what it projects', () => {
		const m = localMetric(JARVA);
		const [lon, lat] = m.unproject(m.project([17.95, 59.39]));
		expect(lon).toBeCloseTo(17.95, 12);
		expect(lat).toBeCloseTo(59.39, 12);
	});
});

describe('localMetricFor', () => {
	it('centres the plane on the bounding box of its inputs', () => {
		const m = localMetricFor({ type: 'MultiPoint', coordinates: [[17.8, 59.3], [18.0, 59.5]] });
		expect(m.origin[0]).toBeCloseTo(17.9, 12);
		expect(m.origin[1]).toBeCloseTo(59.4, 12);
	});

	it('refuses inputs spread wider than a city, naming the extent', () => {
		const inJarva: Point = { type: 'Point', coordinates: [17.9, 59.4] };
		const wrong: Point = { type: 'Point', coordinates: [674032, 6580821] }; // SWEREF 99 TM metres
		expect(() => localMetricFor(inJarva, wrong)).toThrow(AnalysisInputError);
		expect(() => localMetricFor(inJarva, wrong)).toThrow(/^Inputs span 6580761\.600° of latitude/);
	});

	it('refuses inputs without coordinates', () => {
		expect(() => localMetricFor({ type: 'FeatureCollection', features: [] })).toThrow('No coordinates');
	});
});
