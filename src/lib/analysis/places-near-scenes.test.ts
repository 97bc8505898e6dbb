import { destination } from '@turf/turf';
import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readAreas, readPoints } from './input';
import { localMetricFor } from './local-metric';
import { pointToShapeDistance } from './planar';
import { placesNearScenes } from './places-near-scenes';
import { collection, offset, point, polygon, scene, square, JARVA } from './testing/shapes';
import { evolveScenes, syntheticPlaces, syntheticScenes } from './testing/synthetic';

const place = (id: string, east: number, north: number, extra: Record<string, unknown> = {}) =>
	point({ id, name: id, category: 'parking', district: 'Husby', ...extra }, east, north);

describe('placesNearScenes', () => {
	it('measures a place 300 m due north of a square scene as 300 ± 1 m', () => {
		const scenes = collection(square(scene('sq', 2023), 100));
		// 350 m north of the square's centre by Turf's geodesic: 300 m from its north edge
		const north: Feature<Point> = { ...destination(JARVA, 350, 0, { units: 'meters' }), properties: { id: 'p', name: 'p' } };
		const [result] = placesNearScenes(collection(north), scenes).places;
		expect(result?.nearest).toEqual({ id: 'sq', name: 'sq' });
		expect(Math.abs(result!.distance! - 300)).toBeLessThan(1);
	});

	it('gives distance 0 and the place itself as nearest point for a place inside a scene', () => {
		const places = collection(place('inne', 10, -20));
		const [result] = placesNearScenes(places, collection(square(scene('sq', 2023), 100))).places;
		expect(result).toMatchObject({ distance: 0, nearestPoint: places.features[0]!.geometry.coordinates });
	});

	it('finds the nearest scene even when another scene has the nearer box', () => {
		// an L-shaped scene whose box covers the place but whose edges are 200 m away,
		// and a small square 140 m away whose box is further than the L's box (0 m)
		const ring = [
			[200, -300],
			[210, -300],
			[210, 300],
			[-300, 300],
			[-300, 290],
			[200, 290],
			[200, -300]
		].map(([x, y]) => offset(JARVA, x!, y!));
		const scenes = collection(polygon(scene('l', 2023), [ring]), square(scene('small', 2023), 20, -150, 0));
		const [result] = placesNearScenes(collection(place('p', 0, 0)), scenes).places;
		expect(result?.nearest?.id).toBe('small');
		expect(result?.distance).toBeCloseTo(140, 1);
	});

	it('gives every place nearest null when there are no scenes', () => {
		const result = placesNearScenes(collection(place('a', 0, 0), place('b', 5, 5)), collection());
		expect(result.places.map((p) => [p.nearest, p.distance, p.nearestPoint])).toEqual([
			[null, null, null],
			[null, null, null]
		]);
		expect(result.within.map((w) => w.total)).toEqual([0, 0]);
	});

	it('gives an empty result for no places', () => {
		const result = placesNearScenes(collection(), collection(square(scene('sq', 2023), 100)));
		expect(result).toEqual({
			places: [],
			totals: { total: 0, byDistrict: {}, byCategory: {} },
			within: [
				{ distance: 200, total: 0, byDistrict: {}, byCategory: {} },
				{ distance: 500, total: 0, byDistrict: {}, byCategory: {} }
			]
		});
	});

	it('counts places within each distance per district and category, with totals', () => {
		const places = collection(
			place('inside', 0, 0, { district: 'Husby', category: 'parking' }),
			place('near', 0, 200, { district: 'Husby', category: 'garage' }),
			place('mid', 0, -450, { district: 'Akalla', category: 'parking' }),
			place('far', 2000, 0, { district: 'Akalla', category: 'way-home' }),
			place('unknown', 0, 120, { district: undefined, category: undefined })
		);
		const result = placesNearScenes(places, collection(square(scene('sq', 2023), 100)));
		expect(result.totals).toEqual({
			total: 5,
			byDistrict: { Husby: 2, Akalla: 2, unknown: 1 },
			byCategory: { parking: 2, garage: 1, 'way-home': 1, unknown: 1 }
		});
		expect(result.within).toEqual([
			{ distance: 200, total: 3, byDistrict: { Husby: 2, unknown: 1 }, byCategory: { parking: 1, garage: 1, unknown: 1 } },
			{ distance: 500, total: 4, byDistrict: { Husby: 2, Akalla: 1, unknown: 1 }, byCategory: { parking: 2, garage: 1, unknown: 1 } }
		]);
	});

	it('gives exactly the answer of an all-pairs loop on random data', () => {
		const scenes = evolveScenes(syntheticScenes(300, 31), 32);
		const places = syntheticPlaces(2000, 300, 33);
		const metric = localMetricFor(places, scenes);
		const areas = readAreas(scenes, 'scenes', metric);
		const naive = readPoints(places, 'places', metric).map((p) => {
			let best: { id: string; distance: number } | null = null;
			for (const s of areas) {
				const d = pointToShapeDistance(p.xy, s.shape).distance;
				if (!best || d < best.distance) best = { id: s.id, distance: d };
			}
			return best;
		});
		const indexed = placesNearScenes(places, scenes).places.map((p) => ({ id: p.nearest?.id, distance: p.distance }));
		expect(indexed).toEqual(naive);
	});

	it('refuses distances that are not a list of metres', () => {
		const args = [collection(place('a', 0, 0)), collection(square(scene('sq', 2023), 100))] as const;
		expect(() => placesNearScenes(...args, { distances: [200, -5] })).toThrow(
			'Invalid distances [200,-5]: expected a non-empty list of metres ≥ 0, e.g. [200, 500]'
		);
		expect(() => placesNearScenes(...args, { distances: [] })).toThrow('Invalid distances []');
	});
});
