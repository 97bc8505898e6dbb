import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/access';
import { tempServices } from '../testing/temp-service';
import { ensureDemoReports } from './demo-reports';
import { weekPicture } from './week-service';

let services: ReturnType<typeof tempServices>;
beforeAll(() => {
	services = tempServices();
	services.accounts.setOperator('sdf-jarva');
	ensureDemoReports(services, '2026-W49');
});
afterAll(() => services.close());

const police: Viewer = { id: 1, username: 'p', displayName: 'P', role: 'läsare', organisation: { id: 'polis-jarva', name: 'Polisen', kind: 'polis' } };
const owner: Viewer = { id: 2, username: 'f', displayName: 'F', role: 'läsare', organisation: { id: 'fastighetsagare', name: 'Fastighetsägare', kind: 'fastighetsägare' } };
const options = { week: '2026-W49', filter: {}, cellSize: 200, fdr: true, emergingWeeks: 10 };

describe('the week picture', () => {
	it('the week’s reports, the comparison with four weeks, hot spots and emerging ones', () => {
		const picture = weekPicture(services.reports, services.districts, police, options);
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

	it('a partner that sees only its own reports gets a picture of those only', () => {
		const picture = weekPicture(services.reports, services.districts, owner, options);
		expect(picture.seesAll).toBe(false);
		expect(picture.reports.every((r) => r.organisationId === 'fastighetsagare')).toBe(true);
		expect(picture.reports.length).toBeLessThan(weekPicture(services.reports, services.districts, police, options).reports.length);
	});

	it('filters narrow every part, and too few weeks say why instead of a trend', () => {
		const picture = weekPicture(services.reports, services.districts, police, { ...options, filter: { categories: ['brand'] } });
		expect(picture.reports.every((r) => r.category === 'brand')).toBe(true);
		expect(picture.comparison.total.current).toBe(picture.reports.length);
		// The demo year starts in 2025-W50: in 2026-W02 there are five weeks behind.
		const early = weekPicture(services.reports, services.districts, police, { ...options, week: '2026-W02' });
		expect(early.emerging).toBeNull();
		expect(early.emergingProblem).toMatch(/minst 8 veckor/);
	});
});

