import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { labelPoints } from './label-points';

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
});
