import { describe, expect, it } from 'vitest';
import { countIncidents } from './count-incidents';
import { collection, point, square } from './testing/shapes';
import { weightedDisplacementQuotient } from './wdq';

const target = square({ id: 'mål' }, 200);
const disc = square({ id: 'buffert' }, 600); // drawn over the target: counted as a ring
const control = square({ id: 'kontroll' }, 400, 3000, 0);
const incident = (period: string, east: number, north: number, i = 0) => point({ period, i }, east, north);

describe('countIncidents', () => {
	it('counts per area and period, a buffer drawn over the target counting as a ring', () => {
		const points = collection(
			incident('before', 0, 0),
			incident('before', 50, 50),
			incident('after', -90, 0),
			incident('before', 200, 0), // ring
			incident('after', 0, -250), // ring
			incident('after', 0, 280), // ring
			incident('before', 3000, 0),
			incident('after', 3100, 100),
			incident('after', 2900, -100),
			incident('before', -2000, 0) // outside
		);
		expect(countIncidents(points, { target, buffer: disc, control })).toEqual({
			target: { before: 2, after: 1 },
			buffer: { before: 1, after: 2 },
			control: { before: 1, after: 2 },
			outside: { before: 1, after: 0 }
		});
	});

	it('feeds weightedDisplacementQuotient', () => {
		const points = collection(
			...[0, 1, 2, 3].map((i) => incident('before', i * 10, 0, i)),
			incident('after', 0, 0),
			incident('before', 200, 0),
			incident('after', 200, 0),
			incident('before', 3000, 0),
			incident('after', 3000, 0)
		);
		const r = weightedDisplacementQuotient(countIncidents(points, { target, buffer: disc, control }));
		expect(r.successMeasure).toBe(-3);
		expect(r.wdq).toBe(0);
	});

	it('refuses a control area that overlaps the target', () => {
		const overlapping = square({ id: 'kontroll' }, 400, 250, 0);
		expect(() => countIncidents(collection(), { target, buffer: square({}, 300, -1000, 0), control: overlapping })).toThrow(
			/^Kontrollområdet överlappar målområdet \(10000 m²\): kontrollområdet ska ligga helt utanför mål- och buffertområdet\.$/
		);
	});

	it('refuses a point without a period, naming it', () => {
		const points = collection(incident('before', 0, 0), point({ id: 'x7', period: 'under' }, 0, 0));
		expect(() => countIncidents(points, { target, buffer: disc, control })).toThrow(
			`incidents: feature 1 (id "x7") has period "under"; expected 'before' or 'after'`
		);
	});

	it('refuses an area that is not a polygon', () => {
		const line = { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [] } };
		expect(() => countIncidents(collection(), { target, buffer: disc, control: line as unknown as typeof control })).toThrow(
			'areas.control: expected a Polygon or MultiPolygon feature, got LineString'
		);
	});
});
