import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../auth/access';
import { tempServices } from '../testing/temp-service';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

let services: ReturnType<typeof tempServices>;
beforeEach(() => {
	services = tempServices();
	services.accounts.setOperator('sdf-jarva');
});
afterEach(() => services.close());

const KINDS = { 'sdf-jarva': 'stadsdelsförvaltning', 'polis-jarva': 'polis', fastighetsagare: 'fastighetsägare' } as const;
function viewer(organisation: keyof typeof KINDS | 'annan-org', role: Role = 'redaktör'): Viewer {
	return { id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: organisation === 'annan-org' ? 'annan' : KINDS[organisation] } };
}
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const report = (overrides = {}) => ({ clientId: uuid(), category: 'klotter', date: '2026-11-30', time: '21:30', endDate: null, position: [17.9275, 59.4105] as [number, number], placeName: null, text: 'Nytt klotter på gaveln', ...overrides });

describe('reports', () => {
	it('a new report gets its week, its district and version 1 with history', () => {
		const { report: made, created } = services.reports.create(report(), viewer('fastighetsagare'), 'Anna (anna)');
		expect(created).toBe(true);
		expect(made).toMatchObject({ week: '2026-W49', district: 'Husby', organisationId: 'fastighetsagare', categoryLabel: 'Klotter', version: 1, mayEdit: true, example: false });
		expect(services.reports.history(made.id, viewer('fastighetsagare'))).toMatchObject([{ version: 1, action: 'create', by: 'Anna (anna)' }]);
	});

	it('a resend with the same clientId answers with the stored report and stores nothing more', () => {
		const input = report();
		services.reports.create(input, viewer('fastighetsagare'), 'a');
		const again = services.reports.create({ ...input, text: 'annan text' }, viewer('fastighetsagare'), 'a');
		expect(again.created).toBe(false);
		expect(again.report.text).toBe('Nytt klotter på gaveln');
		expect(services.reports.count()).toBe(1);
		expect(() => services.reports.create(input, viewer('polis-jarva'), 'b')).toThrow(ConflictError);
	});

	it('seen by the reporting organisation, the operator and the police; not by other partners', () => {
		const { report: made } = services.reports.create(report(), viewer('fastighetsagare'), 'a');
		for (const who of [viewer('fastighetsagare', 'läsare'), viewer('sdf-jarva', 'läsare'), viewer('polis-jarva', 'läsare')]) {
			expect(services.reports.get(made.id, who).id).toBe(made.id);
			expect(services.reports.list({}, who).map((r) => r.id)).toContain(made.id);
		}
		expect(() => services.reports.get(made.id, viewer('annan-org'))).toThrow(NotFoundError);
		expect(services.reports.list({}, viewer('annan-org'))).toEqual([]);
		expect(services.reports.get(made.id, viewer('polis-jarva')).mayEdit).toBe(false);
	});

	it('a text with a personnummer is refused and nothing is stored, whatever path it takes', () => {
		expect(() => services.reports.create(report({ text: 'Pojken 19850709-1234 klottrade' }), viewer('fastighetsagare'), 'a')).toThrow(/personnummer/);
		expect(() => services.reports.seed([{ ...report({ text: '8507091234' }), organisationId: 'sdf-jarva' }], 'skript')).toThrow(BadParamError);
		expect(services.reports.count()).toBe(0);
	});

	it('an unknown or retired category is refused naming the offered ones', () => {
		expect(() => services.reports.create(report({ category: 'finns-inte' }), viewer('fastighetsagare'), 'a')).toThrow(/Klotter/);
		services.reports.setCategoryActive('klotter', false, { ...viewer('sdf-jarva', 'admin'), systemAdmin: true }, null);
		expect(() => services.reports.create(report(), viewer('fastighetsagare'), 'a')).toThrow(BadParamError);
	});

	it('only the system administrator adds categories', () => {
		expect(() => services.reports.addCategory('Trasiga bänkar', viewer('polis-jarva', 'admin'), null)).toThrow(ForbiddenError);
		const added = services.reports.addCategory('Trasiga bänkar', { ...viewer('sdf-jarva', 'admin'), systemAdmin: true }, null);
		expect(added).toEqual({ id: 'trasiga-bankar', label: 'Trasiga bänkar', active: true });
		expect(() => services.reports.addCategory('trasiga bänkar', { ...viewer('sdf-jarva', 'admin'), systemAdmin: true }, null)).toThrow(ConflictError);
	});

	it('changed by the reporting organisation on the current version; a stale one is a 409; deleted keeps history', () => {
		const { report: made } = services.reports.create(report(), viewer('fastighetsagare'), 'a');
		expect(() => services.reports.update(made.id, { baseVersion: 1, text: 'Polisens text' }, viewer('polis-jarva'), 'p')).toThrow(ForbiddenError);
		const changed = services.reports.update(made.id, { baseVersion: 1, position: [17.9056, 59.3898] }, viewer('fastighetsagare'), 'a');
		expect(changed).toMatchObject({ version: 2, district: 'Tensta' });
		expect(() => services.reports.update(made.id, { baseVersion: 1, text: 'sent' }, viewer('fastighetsagare'), 'a')).toThrow(VersionConflictError);
		expect(() => services.reports.update(made.id, { baseVersion: 2, text: 'se 850709-1234' }, viewer('fastighetsagare'), 'a')).toThrow(/personnummer/);
		services.reports.remove(made.id, 2, viewer('fastighetsagare'), 'a');
		expect(() => services.reports.get(made.id, viewer('fastighetsagare'))).toThrow(NotFoundError);
		expect(services.reports.list({}, viewer('sdf-jarva'))).toEqual([]);
	});

	it('filters by week, category, organisation, district and time of day', () => {
		services.reports.create(report({ date: '2026-11-23', time: '02:00' }), viewer('fastighetsagare'), 'a');
		services.reports.create(report({ category: 'brand', time: '14:00' }), viewer('polis-jarva'), 'p');
		services.reports.create(report({ time: null, endDate: '2026-12-02' }), viewer('polis-jarva'), 'p');
		const police = viewer('polis-jarva');
		expect(services.reports.list({ fromWeek: '2026-W49', toWeek: '2026-W49' }, police)).toHaveLength(2);
		expect(services.reports.list({ categories: ['brand'] }, police)).toHaveLength(1);
		expect(services.reports.list({ organisations: ['fastighetsagare'] }, police)).toHaveLength(1);
		expect(services.reports.list({ districts: ['Husby'] }, police)).toHaveLength(3);
		expect(services.reports.list({ timesOfDay: ['natt'] }, police)).toHaveLength(1);
		expect(services.reports.list({ timesOfDay: ['okand'] }, police)).toHaveLength(1);
	});
});
