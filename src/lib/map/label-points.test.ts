import { area, booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { labelPoints, partSize } from './label-points';

/** An L-shaped district: its centroid lies outside it, a label there would name empty ground. */
const lShape: Feature<Polygon> = {
	type: 'Feature',
	properties: { id: 'l', name: 'Vinkeln' },
	geometry: {
		type: 'Polygon',
		coordinates: [[[17.9, 59.4], [17.92, 59.4], [17.92, 59.402], [17.902, 59.402], [17.902, 59.41], [17.9, 59.41], [17.9, 59.4]]]
	}
};

describe('label points', () => {
	it('puts one label inside each polygon, even a concave one, with its properties', () => {
		const points = labelPoints({ type: 'FeatureCollection', features: [lShape] });
		expect(points.features).toHaveLength(1);
		expect(points.features[0]!.properties).toEqual({ id: 'l', name: 'Vinkeln' });
		expect(booleanPointInPolygon(points.features[0]!, lShape)).toBe(true);
	});

	it('labels a multipolygon in its largest part and skips features that are not areas', () => {
		const small = [[[18.0, 59.3], [18.001, 59.3], [18.001, 59.301], [18.0, 59.301], [18.0, 59.3]]];
		const collection: FeatureCollection = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [small, lShape.geometry.coordinates] } },
				{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [17.9, 59.4] } }
			]
		};
		const [point] = labelPoints(collection).features;
		expect(booleanPointInPolygon(point!, lShape)).toBe(true);
		expect(labelPoints(collection).features).toHaveLength(1);
	});

	it('ranks the parts of a multipolygon as their geodesic areas do, holes and ring direction aside', () => {
		const box = (x: number, y: number, w: number, h: number) => [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]];
		const parts = [box(17.9, 59.4, 0.01, 0.01), box(17.95, 59.38, 0.012, 0.008), box(17.85, 59.42, 0.009, 0.011), lShape.geometry.coordinates, box(17.88, 59.39, 0.0101, 0.0099)];
		const byTurf = [...parts].sort((a, b) => area({ type: 'Polygon', coordinates: b }) - area({ type: 'Polygon', coordinates: a }));
		expect([...parts].sort((a, b) => partSize(b) - partSize(a))).toEqual(byTurf);
		const clockwise = [[...parts[0]![0]!].reverse()];
		expect(partSize(clockwise)).toBeCloseTo(partSize(parts[0]!), 12);
		expect(partSize([])).toBe(0);
	});
});
