import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Role, Viewer } from '../auth/access';
import { eachDatabase } from '../../../../test/pg/each-database';
import { tempServices } from '../testing/temp-service';
import { ReportStore } from './report-store';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

// Järva's districts come from the seeded layers (a SQLite store of their own); the reports under
// test are on each database in turn.
let seeded: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	seeded = await tempServices();
});
afterAll(() => seeded.close());

const KINDS = { 'sdf-jarva': 'stadsdelsförvaltning', 'polis-jarva': 'polis', fastighetsagare: 'fastighetsägare' } as const;
function viewer(organisation: keyof typeof KINDS | 'annan-org', role: Role = 'redaktör'): Viewer {
	return { id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: organisation === 'annan-org' ? 'annan' : KINDS[organisation] } };
}
let n = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const report = (overrides = {}) => ({ clientId: uuid(), category: 'klotter', date: '2026-11-30', time: '21:30', endDate: null, position: [17.9275, 59.4105] as [number, number], placeName: null, text: 'Nytt klotter på gaveln', ...overrides });
const sysadmin = () => ({ ...viewer('sdf-jarva', 'admin'), systemAdmin: true });

describe('reports', () => {
	eachDatabase((database) => {
		let reports: ReportStore;
		beforeEach(async () => {
			reports = new ReportStore(database(), () => 'sdf-jarva', (position) => seeded.districts.at(position));
		});

		it('a new report gets its week, its district and version 1 with history', async () => {
			const { report: made, created } = await reports.create(report(), viewer('fastighetsagare'), 'Anna (anna)');
			expect(created).toBe(true);
			expect(made).toMatchObject({ week: '2026-W49', district: 'Husby', organisationId: 'fastighetsagare', categoryLabel: 'Klotter', version: 1, mayEdit: true, example: false });
			expect(made.position).toEqual([17.9275, 59.4105]);
			expect(await reports.history(made.id, viewer('fastighetsagare'))).toMatchObject([{ version: 1, action: 'create', by: 'Anna (anna)' }]);
		});

		it('a resend with the same clientId answers with the stored report and stores nothing more', async () => {
			const input = report();
			await reports.create(input, viewer('fastighetsagare'), 'a');
			const again = await reports.create({ ...input, text: 'annan text' }, viewer('fastighetsagare'), 'a');
			expect(again.created).toBe(false);
			expect(again.report.text).toBe('Nytt klotter på gaveln');
			expect(await reports.count()).toBe(1);
			await expect(reports.create(input, viewer('polis-jarva'), 'b')).rejects.toThrow(ConflictError);
		});

		it('seen by the reporting organisation, the operator and the police; not by other partners', async () => {
			const { report: made } = await reports.create(report(), viewer('fastighetsagare'), 'a');
			for (const who of [viewer('fastighetsagare', 'läsare'), viewer('sdf-jarva', 'läsare'), viewer('polis-jarva', 'läsare')]) {
				expect((await reports.get(made.id, who)).id).toBe(made.id);
				expect((await reports.list({}, who)).map((r) => r.id)).toContain(made.id);
			}
			await expect(reports.get(made.id, viewer('annan-org'))).rejects.toThrow(NotFoundError);
			expect(await reports.list({}, viewer('annan-org'))).toEqual([]);
			expect((await reports.get(made.id, viewer('polis-jarva'))).mayEdit).toBe(false);
		});

		it('an unknown id – also one that is no UUID, or holds a NUL – is a 404, not a database error', async () => {
			for (const id of ['finns-inte', "x' OR '1'='1", 'a\u0000b', '']) {
				await expect(reports.get(id, viewer('sdf-jarva')), JSON.stringify(id)).rejects.toThrow(NotFoundError);
				await expect(reports.update(id, { baseVersion: 1, text: 'x' }, viewer('sdf-jarva'), 'a'), JSON.stringify(id)).rejects.toThrow(NotFoundError);
			}
		});

		it('a text with a NUL (which PostgreSQL cannot store) is a 400 on both databases', async () => {
			await expect(reports.create(report({ text: 'Klotter\u0000' }), viewer('fastighetsagare'), 'a')).rejects.toThrow(BadParamError);
			await expect(reports.create(report({ placeName: 'Gatan\u0000' }), viewer('fastighetsagare'), 'a')).rejects.toThrow(BadParamError);
			await expect(reports.create(report({ clientId: 'a\u0000' }), viewer('fastighetsagare'), 'a')).rejects.toThrow(BadParamError);
			await expect(reports.create(report({ category: 'klotter\u0000' }), viewer('fastighetsagare'), 'a')).rejects.toThrow(BadParamError);
			await expect(reports.seed([{ ...report(), organisationId: 'sdf-jarva', source: 'Tyck till', sourceId: 'T\u00001' }], 'import')).rejects.toThrow(BadParamError);
			expect(await reports.count()).toBe(0);
		});

		it('a text with a personnummer is refused and nothing is stored, whatever path it takes', async () => {
			await expect(reports.create(report({ text: 'Pojken 19850709-1234 klottrade' }), viewer('fastighetsagare'), 'a')).rejects.toThrow(/personnummer/);
			await expect(reports.seed([{ ...report({ text: '8507091234' }), organisationId: 'sdf-jarva' }], 'skript')).rejects.toThrow(BadParamError);
			expect(await reports.count()).toBe(0);
		});

		it('a seed is all or nothing: a bad report late in the list leaves none of the earlier ones, nor their history', async () => {
			const good = Array.from({ length: 5 }, () => ({ ...report(), organisationId: 'polis-jarva' }));
			await expect(reports.seed([...good, { ...report({ category: 'finns-inte' }), organisationId: 'polis-jarva' }], 'skript')).rejects.toThrow(BadParamError);
			expect(await reports.count()).toBe(0);
			const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM report_history`.execute(database().query);
			expect(Number(rows[0]!.n)).toBe(0);
			expect(await reports.seed(good, 'skript')).toBe(5);
			expect(await reports.count()).toBe(5);
		});

		it('an unknown or retired category is refused naming the offered ones', async () => {
			await expect(reports.create(report({ category: 'finns-inte' }), viewer('fastighetsagare'), 'a')).rejects.toThrow(/Klotter/);
			expect(await reports.setCategoryActive('klotter', false, sysadmin(), null)).toEqual({ id: 'klotter', label: 'Klotter', active: false });
			await expect(reports.create(report(), viewer('fastighetsagare'), 'a')).rejects.toThrow(BadParamError);
			expect((await reports.categories()).find((c) => c.id === 'klotter')).toEqual({ id: 'klotter', label: 'Klotter', active: false });
			await expect(reports.setCategoryActive('finns-inte', false, sysadmin(), null)).rejects.toThrow(NotFoundError);
		});

		it('only the system administrator adds categories; a name taken in another case is a 409', async () => {
			await expect(reports.addCategory('Trasiga bänkar', viewer('polis-jarva', 'admin'), null)).rejects.toThrow(ForbiddenError);
			const added = await reports.addCategory('Trasiga bänkar', sysadmin(), null);
			expect(added).toEqual({ id: 'trasiga-bankar', label: 'Trasiga bänkar', active: true });
			await expect(reports.addCategory('trasiga bänkar', sysadmin(), null)).rejects.toThrow(ConflictError);
			await expect(reports.addCategory('KLOTTER', sysadmin(), null)).rejects.toThrow(ConflictError);
			expect((await reports.categories()).at(-1)).toEqual(added);
		});

		it('changed by the reporting organisation on the current version; a stale one is a 409; deleted keeps history', async () => {
			const { report: made } = await reports.create(report(), viewer('fastighetsagare'), 'a');
			await expect(reports.update(made.id, { baseVersion: 1, text: 'Polisens text' }, viewer('polis-jarva'), 'p')).rejects.toThrow(ForbiddenError);
			const changed = await reports.update(made.id, { baseVersion: 1, position: [17.9056, 59.3898] }, viewer('fastighetsagare'), 'a');
			expect(changed).toMatchObject({ version: 2, district: 'Tensta' });
			await expect(reports.update(made.id, { baseVersion: 1, text: 'sent' }, viewer('fastighetsagare'), 'a')).rejects.toThrow(VersionConflictError);
			await expect(reports.update(made.id, { baseVersion: 2, text: 'se 850709-1234' }, viewer('fastighetsagare'), 'a')).rejects.toThrow(/personnummer/);
			await expect(reports.remove(made.id, 1, viewer('fastighetsagare'), 'a')).rejects.toThrow(VersionConflictError);
			await reports.remove(made.id, 2, viewer('fastighetsagare'), 'a');
			await expect(reports.get(made.id, viewer('fastighetsagare'))).rejects.toThrow(NotFoundError);
			expect(await reports.list({}, viewer('sdf-jarva'))).toEqual([]);
			// The same clientId again after the deletion is taken, not the deleted report answered.
			await expect(reports.create({ ...report(), clientId: made.id }, viewer('fastighetsagare'), 'a')).rejects.toThrow(ConflictError);
			const { rows } = await sql<{ version: number; action: string }>`SELECT version, action FROM report_history WHERE object_id = ${made.id} ORDER BY seq`.execute(database().query);
			expect(rows).toEqual([{ version: 1, action: 'create' }, { version: 2, action: 'update' }, { version: 3, action: 'delete' }]);
		});

		it('an update that fails after its write leaves the report as it was (version, text, history)', async () => {
			const { report: made } = await reports.create(report(), viewer('fastighetsagare'), 'a');
			await expect(
				database().write(async () => {
					await reports.update(made.id, { baseVersion: 1, text: 'Ändrad' }, viewer('fastighetsagare'), 'a');
					throw new Error('audit row failed');
				})
			).rejects.toThrow('audit row failed');
			expect(await reports.get(made.id, viewer('fastighetsagare'))).toMatchObject({ version: 1, text: 'Nytt klotter på gaveln' });
			expect(await reports.history(made.id, viewer('fastighetsagare'))).toHaveLength(1);
		});

		it('filters by week, category, organisation, district and time of day; a period sorts before the day’s times', async () => {
			await reports.create(report({ date: '2026-11-23', time: '02:00' }), viewer('fastighetsagare'), 'a');
			await reports.create(report({ category: 'brand', time: '14:00' }), viewer('polis-jarva'), 'p');
			const period = (await reports.create(report({ time: null, endDate: '2026-12-02' }), viewer('polis-jarva'), 'p')).report;
			const police = viewer('polis-jarva');
			expect(await reports.list({ fromWeek: '2026-W49', toWeek: '2026-W49' }, police)).toHaveLength(2);
			expect(await reports.list({ categories: ['brand'] }, police)).toHaveLength(1);
			expect(await reports.list({ categories: ['brand', 'klotter'] }, police)).toHaveLength(3);
			expect(await reports.list({ organisations: ['fastighetsagare'] }, police)).toHaveLength(1);
			expect(await reports.list({ districts: ['Husby'] }, police)).toHaveLength(3);
			expect(await reports.list({ timesOfDay: ['natt'] }, police)).toHaveLength(1);
			expect(await reports.list({ timesOfDay: ['okand'] }, police)).toHaveLength(1);
			expect((await reports.list({}, police)).map((r) => r.time)).toEqual(['02:00', null, '14:00']);
			// A filter value with a NUL (PostgreSQL refuses it in a query) matches nothing, on both.
			expect(await reports.list({ categories: ['brand\u0000'] }, police)).toEqual([]);
			expect(await reports.list({ districts: ['Husby\u0000', 'Husby'] }, police)).toHaveLength(3);
			expect((await reports.list({}, police))[1]!.id).toBe(period.id);
		});

		it('knows which source ids an organisation has imported, in chunks past the parameter limits', async () => {
			const ids = Array.from({ length: 1200 }, (_, i) => `TT-${i}`);
			await reports.seed(
				['TT-3', 'TT-700', 'TT-1199'].map((sourceId) => ({ ...report(), organisationId: 'sdf-jarva', source: 'Tyck till', sourceId })),
				'import'
			);
			expect([...(await reports.importedSourceIds('sdf-jarva', 'Tyck till', ids))].sort()).toEqual(['TT-1199', 'TT-3', 'TT-700']);
			expect((await reports.importedSourceIds('polis-jarva', 'Tyck till', ids)).size).toBe(0);
			expect((await reports.importedSourceIds('sdf-jarva', 'Tyck till', [])).size).toBe(0);
		});
	});
});
