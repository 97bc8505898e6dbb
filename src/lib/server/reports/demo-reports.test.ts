import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hotspotGrid } from '$lib/analysis/weekly';
import { eachDatabase } from '../../../../test/pg/each-database';
import { tempServices } from '../testing/temp-service';
import { demoReports, ensureDemoReports } from './demo-reports';
import { ReportStore } from './report-store';
import type { Feature, Point } from 'geojson';

// The places and districts are the seeded layers (a SQLite store of their own); the reports are on each database in turn.
let seeded: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	seeded = await tempServices();
});
afterAll(() => seeded.close());

const places = () => seeded.layers.features('otrygga-platser').features as Feature<Point>[];

describe('demo reports', () => {
	it('the same seed and end week give the same year', () => {
		const a = demoReports(places(), seeded.districts.collection().features, { endWeek: '2026-W49' });
		const b = demoReports(places(), seeded.districts.collection().features, { endWeek: '2026-W49' });
		expect(a).toEqual(b);
		expect(new Set(a.map((r) => r.clientId)).size).toBe(a.length);
	});

	it('a year with a seasonal and weekly rhythm, every report an example', () => {
		const reports = demoReports(places(), seeded.districts.collection().features, { endWeek: '2026-W49' });
		expect(reports.length).toBeGreaterThan(1500);
		expect(reports.every((r) => r.example && r.text.endsWith('(exempel)'))).toBe(true);
		const month = (m: string) => reports.filter((r) => r.date.slice(5, 7) === m).length;
		expect(month('08')).toBeGreaterThan(month('02') * 1.3);
		const weekday = (d: number) => reports.filter((r) => new Date(`${r.date}T12:00:00Z`).getUTCDay() === d).length;
		expect(weekday(6)).toBeGreaterThan(weekday(1) * 1.5);
	});

	eachDatabase((database) => {
		let reports: ReportStore;
		beforeEach(async () => {
			reports = new ReportStore(database(), () => 'sdf-jarva', (position) => seeded.districts.at(position));
		});

		it('seeded once into an empty store, with districts; the week has hot spots where the clusters are', async () => {
			const services = { layers: seeded.layers, districts: seeded.districts, reports };
			expect(await ensureDemoReports(services, '2026-W49')).toBeGreaterThan(1500);
			expect(await ensureDemoReports(services, '2026-W49')).toBe(0);
			const week = await reports.list({ fromWeek: '2026-W49', toWeek: '2026-W49' }, { id: 1, username: 'p', displayName: 'P', role: 'läsare', organisation: { id: 'polis-jarva', name: 'Polisen', kind: 'polis' } });
			expect(week.length).toBeGreaterThan(20);
			expect(week.every((r) => r.example)).toBe(true);
			expect(week.filter((r) => r.district !== null).length).toBe(week.length);
			const grid = hotspotGrid({ type: 'FeatureCollection', features: week.map((r) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: r.position } })) }, { studyArea: seeded.districts.collection() });
			expect(grid.features.some((c) => c.properties.class === 'hot')).toBe(true);
		}, 60_000);
	});
});
