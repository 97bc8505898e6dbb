import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placesGeoJSON, placesReport, sceneYears, scenesGeoJSON, scenesReport } from './analysis-service';
import type { LayerService } from './layer-service';
import { tempService } from './testing/temp-service';

let service: LayerService;
let close: () => void;
beforeEach(async () => ({ service, close } = await tempService()));
afterEach(() => close());

describe('the analysis on the stored layers', () => {
	it('compares the demo years as the lägesbild does', () => {
		const report = scenesReport(service, { from: 2021, to: 2023, radius: 1000, tolerance: 'precision' });
		expect(report.summary).toMatchObject({ persisted: 4, ceased: 3, new: 2 });
		expect(report.centrography.shift?.distance).toBeGreaterThan(0);
	});

	it('a new year without scenes yet gives an answer, not an error', () => {
		service.store.createLayer(
			{ id: 'drogscener-2024', title: 'Öppna drogscener 2024', titleEn: 'x', kind: 'drug-scene', year: 2024, geometry: 'Polygon', source: 't', precision: 't', approximate: true, editable: true },
			'test',
			'polis-jarva'
		);
		expect(sceneYears(service)).toEqual([2021, 2023, 2024]);
		const report = scenesReport(service, { from: 2023, to: 2024, radius: 1000, tolerance: 'precision' });
		expect(report.summary).toMatchObject({ ceased: 6, new: 0 });
		expect(report.centrography).toMatchObject({ to: null, shift: null });
		expect(scenesGeoJSON(service, report).features.filter((f) => f.properties?.kind === 'ellipse')).toHaveLength(1);
		const places = placesReport(service, 2024, [200, 500]);
		expect(places.places.every((p) => p.nearest === null)).toBe(true);
		expect(placesGeoJSON(service, places).features.some((f) => f.properties?.kind === 'ring')).toBe(false);
	});

	it('follows an edit: a new scene changes the next answer', () => {
		const before = scenesReport(service, { from: 2021, to: 2023, radius: 1000, tolerance: 'precision' });
		service.createFeature(
			'drogscener-2023',
			{
				type: 'Feature',
				properties: { name: 'Hjulsta C', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, year: 2023, district: 'Tensta', drawing: 'outline' },
				geometry: { type: 'Polygon', coordinates: [[[17.8875, 59.3965], [17.8885, 59.3965], [17.8885, 59.397], [17.8875, 59.397], [17.8875, 59.3965]]] }
			},
			'test'
		);
		const after = scenesReport(service, { from: 2021, to: 2023, radius: 1000, tolerance: 'precision' });
		expect(after.summary.toCount).toBe(before.summary.toCount + 1);
	});
});
