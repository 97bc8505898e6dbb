import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/access';
import { eachDatabase } from '../../../../test/pg/each-database';
import { tempServices } from '../testing/temp-service';
import { ensureDemoReports } from './demo-reports';
import { ReportStore } from './report-store';
import { weekPicture } from './week-service';

// The layers and districts are the seeded ones (a SQLite store of their own); the reports are on each database in turn.
let seeded: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	seeded = await tempServices();
});
afterAll(() => seeded.close());

const police: Viewer = { id: 1, username: 'p', displayName: 'P', role: 'läsare', organisation: { id: 'polis-jarva', name: 'Polisen', kind: 'polis' } };
const owner: Viewer = { id: 2, username: 'f', displayName: 'F', role: 'läsare', organisation: { id: 'fastighetsagare', name: 'Fastighetsägare', kind: 'fastighetsägare' } };
const options = { week: '2026-W49', filter: {}, cellSize: 200, fdr: true, emergingWeeks: 10 };

describe('the week picture', () => {
	eachDatabase((database) => {
		let reports: ReportStore;
		beforeEach(async () => {
			reports = new ReportStore(database(), () => 'sdf-jarva', (position) => seeded.districts.at(position));
			await ensureDemoReports({ layers: seeded.layers, districts: seeded.districts, reports }, '2026-W49');
		}, 60_000);

		it('the week’s reports, the comparison with four weeks, hot spots and emerging ones', async () => {
			const picture = await weekPicture(reports, seeded.districts, police, options);
			expect(picture.reports.length).toBeGreaterThan(20);
			expect(picture.reports.every((r) => r.week === '2026-W49')).toBe(true);
			expect(picture.comparison.baselineWeeks).toEqual(['2026-W45', '2026-W46', '2026-W47', '2026-W48']);
			expect(picture.comparison.total.current).toBe(picture.reports.length);
			expect(picture.comparison.byDistrict.map((d) => d.district)).toContain('Husby');
			expect(picture.hotspots.features.some((c) => c.properties.class === 'hot')).toBe(true);
			expect(picture.hotspots.properties.fdr).toBe(true);
			// The demo's clusters lie in the districts: each hot cell names where it is.
			expect(picture.hotspots.features.filter((c) => c.properties.class === 'hot').every((c) => typeof c.properties.district === 'string')).toBe(true);
			expect(picture.emerging?.properties.weeks).toHaveLength(10);
			expect(picture.emerging?.features.some((c) => c.properties.spot === 'hot')).toBe(true);
			expect(picture.examples).toBe(true);
		});

		it('a partner that sees only its own reports gets a picture of those only', async () => {
			const picture = await weekPicture(reports, seeded.districts, owner, options);
			expect(picture.seesAll).toBe(false);
			expect(picture.reports.every((r) => r.organisationId === 'fastighetsagare')).toBe(true);
			expect(picture.reports.length).toBeLessThan((await weekPicture(reports, seeded.districts, police, options)).reports.length);
		});

		it('filters narrow every part, and too few weeks say why instead of a trend', async () => {
			const picture = await weekPicture(reports, seeded.districts, police, { ...options, filter: { categories: ['brand'] } });
			expect(picture.reports.every((r) => r.category === 'brand')).toBe(true);
			expect(picture.comparison.total.current).toBe(picture.reports.length);
			// The demo year starts in 2025-W50: in 2026-W02 there are five weeks behind.
			const early = await weekPicture(reports, seeded.districts, police, { ...options, week: '2026-W02' });
			expect(early.emerging).toBeNull();
			expect(early.emergingProblem).toMatch(/minst 8 veckor/);
		});
	});
});
