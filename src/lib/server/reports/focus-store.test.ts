import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Role, Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { openDatabase } from '../db/database';
import { sqliteDatabase, type AppDatabase } from '../db/app-database';
import { createServices } from '../services';
import { MeasureStore } from '../measures/measure-store';
import { eachDatabase } from '../../../../test/pg/each-database';
import { ensureDemoReports } from './demo-reports';
import { FocusPlaceStore } from './focus-store';
import { ReportStore } from './report-store';
import { weekMeeting } from './week-meeting';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

// The layers, accounts and districts are the seeded ones (a SQLite store of their own); the focus
// places (and the reports the agenda is made from) are on each database in turn. MeasureStore runs
// on SQLite only until it moves onto AppDatabase: on SQLite the measures are on the database under
// test; the tests that make measures through it run there, and the carrying of open measures is
// tested on both with measure rows written in SQL.
let seeded: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	seeded = await tempServices();
	await seeded.accounts.setOperator('sdf-jarva');
});
afterAll(() => seeded.close());

const KINDS = { 'sdf-jarva': 'stadsdelsförvaltning', 'polis-jarva': 'polis', fastighetsagare: 'fastighetsägare' } as const;
function as(organisation: keyof typeof KINDS, role: Role = 'redaktör'): LayerView {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: `Test ${organisation}`, role, organisation: { id: organisation, name: organisation, kind: KINDS[organisation] } };
	return new LayerView(seeded.layers, seeded.accounts, viewer);
}
const police = () => as('polis-jarva');
const district = () => as('sdf-jarva');
const owner = () => as('fastighetsagare');
const input = (overrides = {}) => ({
	week: '2026-W49',
	place: { kind: 'cell' as const, cellId: 'E666000N6589400', cellSize: 200 },
	ownerOrganisationId: 'fastighetsagare',
	text: 'Klotter och nedskräpning vid entrén',
	...overrides
});

/** The measure store on the database under test. */
const measuresOn = (database: AppDatabase) => new MeasureStore(database, Date.now, () => 'sdf-jarva');
const focusOn = (database: AppDatabase, measures: MeasureStore) => new FocusPlaceStore(database, measures, () => 'sdf-jarva', (position) => seeded.districts.at(position));

/** A measure row written in SQL, with a given id and status (the store makes its own ids). */
async function insertMeasure(database: AppDatabase, id: string, status: string): Promise<void> {
	const at = new Date().toISOString();
	await sql`INSERT INTO measures (id, title, description, owner_organisation_id, due_date, status, version, created_at, created_by, updated_at, updated_by, maker_organisation_id)
		VALUES (${id}, ${`Åtgärd ${id}`}, '', 'polis-jarva', '2026-12-20', ${status}, 1, ${at}, 'test', ${at}, 'test', 'polis-jarva')`.execute(database.query);
}

describe('the weekly meeting’s agenda', () => {
	eachDatabase((database) => {
		let stores: { reports: ReportStore; districts: typeof seeded.districts; focusPlaces: FocusPlaceStore };
		beforeEach(async () => {
			const reports = new ReportStore(database(), () => 'sdf-jarva', (position) => seeded.districts.at(position));
			await ensureDemoReports({ layers: seeded.layers, districts: seeded.districts, reports }, '2026-W49');
			stores = { reports, districts: seeded.districts, focusPlaces: focusOn(database(), measuresOn(database())) };
		}, 60_000);

		it('proposes the week’s hot cells and new places, each with why, for those who see every report', async () => {
			const meeting = await weekMeeting('2026-W49', stores, police());
			expect(meeting.seesAll).toBe(true);
			expect(meeting.mayEdit).toBe(true);
			expect(meeting.examples).toBe(true);
			const hot = meeting.agenda.filter((a) => a.source === 'hotspot');
			expect(hot.length).toBeGreaterThan(0);
			expect(hot[0]!.title).toMatch(/Hett område/);
			expect(hot[0]!.cell?.cellId).toMatch(/^E\d+N\d+$/);
			expect(hot[0]!.why).toMatch(/rapporter? i (rutan|områdets \d+ rutor)/);
			for (const p of meeting.agenda.filter((a) => a.source === 'new-place')) expect(p.why).toMatch(/inga i eller runt rutan/);
			expect(meeting.newPlaceRule).toMatch(/fyra föregående veckorna/);
		});

		it('a partner gets no agenda (it is built from reports it may not see) and cannot set focus places', async () => {
			const meeting = await weekMeeting('2026-W49', stores, owner());
			expect(meeting.seesAll).toBe(false);
			expect(meeting.mayEdit).toBe(false);
			expect(meeting.agenda).toEqual([]);
			await expect(stores.focusPlaces.create(input(), owner())).rejects.toThrow(ForbiddenError);
			await expect(stores.focusPlaces.create(input(), as('polis-jarva', 'läsare'))).rejects.toThrow(ForbiddenError);
		});
	});
});

describe('focus places', () => {
	eachDatabase((database) => {
		let measures: MeasureStore;
		let focus: FocusPlaceStore;
		beforeEach(async () => {
			measures = measuresOn(database());
			focus = focusOn(database(), measures);
		});
		const store = () => focus;

		it('a cell becomes a focus place with its district in the name, version 1 and history', async () => {
			const f = await store().create(input(), police());
			expect(f).toMatchObject({ week: '2026-W49', version: 1, ownerOrganisationName: 'Fastighetsägare i Järva', followUp: null, carriedFrom: null, mayEdit: true, measures: [] });
			expect(f.name).toMatch(/^Ruta E666000N6589400 \(Husby\)$/);
			expect(f.place).toMatchObject({ kind: 'cell', cellId: 'E666000N6589400', cellSize: 200 });
			expect(await store().history(f.id, police().viewer)).toMatchObject([{ version: 1, action: 'create' }]);
		});

		it('a point and an object on a layer are places too; an unknown owner, an off-grid cell or a hidden layer is refused', async () => {
			const point = await store().create(input({ place: { kind: 'point', position: [17.9275, 59.4105] }, name: 'Husby centrum' }), district());
			expect(point).toMatchObject({ name: 'Husby centrum', place: { kind: 'point' }, position: [17.9275, 59.4105] });
			const place = await store().create(input({ place: { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), police());
			expect(place.place).toMatchObject({ kind: 'feature', layerId: 'drogscener-2023' });
			expect(place.position[1]).toBeCloseTo(59.41, 1);
			await expect(store().create(input({ ownerOrganisationId: 'finns-inte' }), police())).rejects.toThrow(BadParamError);
			await expect(store().create(input({ ownerOrganisationId: 'a\u0000b' }), police())).rejects.toThrow(BadParamError);
			await expect(store().create(input({ place: { kind: 'cell', cellId: 'E666050N6589400', cellSize: 200 } }), police())).rejects.toThrow(/multipel/);
			await expect(store().create(input({ place: { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), owner())).rejects.toThrow();
			await expect(store().create(input({ text: 'Klotter\u0000' }), police())).rejects.toThrow(BadParamError);
			expect(await store().list('2026-W49', police())).toHaveLength(2);
		});

		it('partners see the focus places their organisation owns, not the others; an unknown or impossible id is a 404', async () => {
			const theirs = await store().create(input(), police());
			const other = await store().create(input({ ownerOrganisationId: 'sdf-jarva' }), police());
			expect((await store().list('2026-W49', owner())).map((f) => f.id)).toEqual([theirs.id]);
			await expect(store().get(other.id, owner())).rejects.toThrow(NotFoundError);
			expect((await store().get(theirs.id, owner())).mayEdit).toBe(false);
			for (const id of ['finns-inte', 'inte-ett-uuid\u0000', "' OR 1=1 --"]) {
				await expect(store().get(id, police()), JSON.stringify(id)).rejects.toThrow(NotFoundError);
				await expect(store().update(id, { baseVersion: 1, text: 'x' }, police()), JSON.stringify(id)).rejects.toThrow(NotFoundError);
				await expect(store().followUp(id, { baseVersion: 1, outcome: 'klar' }, police()), JSON.stringify(id)).rejects.toThrow(NotFoundError);
			}
		});

		it('a change on a stale version is a 409 with the current one, in Swedish', async () => {
			const f = await store().create(input(), police());
			await store().update(f.id, { baseVersion: 1, text: 'Klotter, nedskräpning och trasig belysning' }, district());
			try {
				await store().update(f.id, { baseVersion: 1, text: 'Något annat' }, police());
				expect.unreachable();
			} catch (err) {
				expect(err).toBeInstanceOf(VersionConflictError);
				expect((err as Error).message).toMatch(/har ändrats av Test sdf-jarva.*version 1, nu version 2/);
				expect((err as VersionConflictError).current).toMatchObject({ version: 2, text: 'Klotter, nedskräpning och trasig belysning' });
			}
			expect((await store().get(f.id, police())).text).toBe('Klotter, nedskräpning och trasig belysning');
		});

		it('two changes on the same version at once: one is stored, the other is a 409', async () => {
			const f = await store().create(input(), police());
			const results = await Promise.allSettled([
				store().update(f.id, { baseVersion: 1, text: 'Först' }, police()),
				store().update(f.id, { baseVersion: 1, text: 'Sedan' }, district())
			]);
			expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
			expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
			expect((await store().get(f.id, police())).version).toBe(2);
			expect(await store().history(f.id, police().viewer)).toHaveLength(2);
		});

		it('a follow-up that fails after its write leaves neither the outcome nor a carried place', async () => {
			const f = await store().create(input(), police());
			await expect(
				database().write(async () => {
					await store().followUp(f.id, { baseVersion: 1, outcome: 'fortsatter' }, district());
					throw new Error('audit row failed');
				})
			).rejects.toThrow('audit row failed');
			expect((await store().get(f.id, police())).followUp).toBeNull();
			expect(await store().list('2026-W50', police())).toEqual([]);
			expect(await store().history(f.id, police().viewer)).toHaveLength(1);
		});

		it('continue carries the place and its open measures (not the closed ones) into the next week, once', async () => {
			const f = await store().create(input({ place: { kind: 'point', position: [17.9275, 59.4105] }, name: 'Husby centrum' }), police());
			for (const [id, status] of [['m-open', 'pågår'], ['m-done', 'klar'], ['m-new', 'föreslagen']] as const) {
				await insertMeasure(database(), id, status);
				await sql`INSERT INTO focus_place_measures (focus_place_id, measure_id, made_here) VALUES (${f.id}, ${id}, ${false})`.execute(database().query);
			}
			const { carried } = await store().followUp(f.id, { baseVersion: 1, outcome: 'fortsatter' }, district());
			expect(carried).toMatchObject({ week: '2026-W50', name: 'Husby centrum', carriedFrom: f.id, position: [17.9275, 59.4105] });
			const links = async (id: string) =>
				(await sql<{ measure_id: string }>`SELECT measure_id FROM focus_place_measures WHERE focus_place_id = ${id} ORDER BY rowid`.execute(database().query)).rows.map((r) => r.measure_id);
			expect(await links(carried!.id)).toEqual(['m-open', 'm-new']);
			// the same outcome again carries nothing twice
			await store().followUp(f.id, { baseVersion: 2, outcome: 'fortsatter', note: 'Igen' }, district());
			expect((await store().list('2026-W50', police())).map((p) => p.id)).toEqual([carried!.id]);
			expect(await links(carried!.id)).toEqual(['m-open', 'm-new']);
		});

		it('a short-term measure is made from the focus place (an app measure, at its point) or linked, in one transaction', async () => {
			const f = await store().create(input(), police());
			const { focusPlace, measureId } = await store().addMeasure(f.id, { measure: { title: 'Sanera klottret', description: '', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-11', status: 'beslutad' } }, police());
			expect(focusPlace.measures).toMatchObject([{ id: measureId, title: 'Sanera klottret', open: true }]);
			const measure = await measures.get(measureId, owner());
			expect(measure.position).toEqual(f.position);
			// an existing measure is linked, once
			const other = await measures.create({ title: 'Extra städning', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2026-12-31', status: 'beslutad' }, district());
			expect((await store().addMeasure(f.id, { measureId: other.id }, district())).focusPlace.measures).toHaveLength(2);
			await expect(store().addMeasure(f.id, { measureId: other.id }, district())).rejects.toThrow(ConflictError);
			// a bad measure leaves nothing behind
			const before = (await measures.list({ status: 'all' }, police())).length;
			await expect(store().addMeasure(f.id, { measure: { title: 'X', description: '', ownerOrganisationId: 'finns-inte', dueDate: '2026-12-11', status: 'beslutad' } }, police())).rejects.toThrow();
			expect((await measures.list({ status: 'all' }, police())).length).toBe(before);
			expect((await store().get(f.id, police())).measures).toHaveLength(2);
		});

		it('a measure made at a focus place is seen as the focus place is; one linked to it keeps its own visibility', async () => {
			await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES ('vaktbolaget', 'Vaktbolaget (exempel)', 'säkerhetsföretag', ${new Date().toISOString()})`.execute(database().query);
			const guard = new LayerView(seeded.layers, seeded.accounts, {
				id: 2,
				username: 'vakt',
				displayName: 'Test vakt',
				role: 'redaktör',
				organisation: { id: 'vaktbolaget', name: 'Vaktbolaget (exempel)', kind: 'säkerhetsföretag' }
			});
			const f = await store().create(input({ place: { kind: 'cell' as const, cellId: 'E666200N6589400', cellSize: 200 } }), police());
			const made = (await store().addMeasure(f.id, { measure: { title: 'Bevaka entrén kvällstid', description: '', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-11', status: 'beslutad' } }, police())).measureId;
			const linked = await measures.create({ title: 'Gemensam städdag', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2026-12-31', status: 'beslutad' }, district());
			await store().addMeasure(f.id, { measureId: linked.id }, district());
			// the weekly meeting's organisations and the focus place's owner (the property owner) see it
			for (const viewer of [police(), district(), owner()]) expect(await measures.sees(made, viewer.viewer)).toBe(true);
			// another partner, whose reports did not make the place: not listed, 404 by id
			expect(await measures.sees(made, guard.viewer)).toBe(false);
			expect((await measures.list({ status: 'all' }, guard)).map((m) => m.id)).not.toContain(made);
			await expect(Promise.resolve().then(() => measures.get(made, guard))).rejects.toThrow(NotFoundError);
			// a measure that existed before and was linked is seen as before
			expect(await measures.sees(linked.id, guard.viewer)).toBe(true);
			// made for the security company: it carries it out, so it sees it
			const theirs = (await store().addMeasure(f.id, { measure: { title: 'Extra rond', description: '', ownerOrganisationId: 'vaktbolaget', dueDate: '2026-12-11', status: 'beslutad' } }, police())).measureId;
			expect(await measures.sees(theirs, guard.viewer)).toBe(true);
		});

		it('next week: done, not done, continue – who and when; continue carries the place and its open measures into the week', async () => {
			const reports = new ReportStore(database(), () => 'sdf-jarva', (position) => seeded.districts.at(position));
			const stores = { reports, districts: seeded.districts, focusPlaces: store() };
			const a = await store().create(input(), police());
			const b = await store().create(input({ place: { kind: 'point', position: [17.9275, 59.4105] }, name: 'Husby centrum' }), police());
			const { measureId } = await store().addMeasure(b.id, { measure: { title: 'Fler ronder kvällstid', description: '', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-20', status: 'pågår' } }, police());

			const meeting = await weekMeeting('2026-W50', stores, district());
			expect(meeting.followUp.map((f) => f.id)).toEqual([a.id, b.id]);
			expect(meeting.agenda.filter((p) => p.source === 'last-week').map((p) => p.focusPlaceId)).toEqual([a.id, b.id]);

			const done = await store().followUp(a.id, { baseVersion: 1, outcome: 'klar' }, district());
			expect(done.focusPlace.followUp).toMatchObject({ outcome: 'klar', by: 'Test sdf-jarva (sdf-jarva-redaktör)' });
			expect(done.carried).toBeNull();

			const goesOn = await store().followUp(b.id, { baseVersion: 1, outcome: 'fortsatter', note: 'Fortfarande grupperingar kvällstid' }, district());
			expect(goesOn.carried).toMatchObject({ week: '2026-W50', name: 'Husby centrum', carriedFrom: b.id, measures: [{ id: measureId }] });
			expect((await store().list('2026-W50', police())).map((f) => f.id)).toEqual([goesOn.carried!.id]);
			expect((await store().history(b.id, police().viewer)).map((h) => h.version)).toEqual([1, 2]);

			// changing the outcome back removes the carried place again (it was not changed since)
			await store().followUp(b.id, { baseVersion: 2, outcome: 'inte-klar' }, district());
			expect(await store().list('2026-W50', police())).toEqual([]);
			// continue again, change the carried one, then the outcome can no longer be taken back silently
			const again = await store().followUp(b.id, { baseVersion: 3, outcome: 'fortsatter' }, district());
			await store().update(again.carried!.id, { baseVersion: 1, text: 'Ny inriktning' }, police());
			await expect(store().followUp(b.id, { baseVersion: 4, outcome: 'klar' }, district())).rejects.toThrow(ConflictError);
			expect((await store().get(b.id, police())).followUp?.outcome).toBe('fortsatter');
			// a stale follow-up is a version conflict
			await expect(store().followUp(a.id, { baseVersion: 1, outcome: 'inte-klar' }, district())).rejects.toThrow(VersionConflictError);
		});

		it('a removed focus place is gone from the week but kept in its history; its measures stay; a stale removal is refused', async () => {
			const f = await store().create(input(), police());
			const { measureId } = await store().addMeasure(f.id, { measure: { title: 'Städa trappan', description: '', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-11', status: 'beslutad' } }, police());
			await store().update(f.id, { baseVersion: 1, text: 'Klotter' }, police());
			await expect(store().remove(f.id, 1, police())).rejects.toThrow(VersionConflictError);
			await expect(store().remove(f.id, 2, owner())).rejects.toThrow(ForbiddenError);
			await store().remove(f.id, 2, district());
			expect(await store().list('2026-W49', police())).toEqual([]);
			await expect(store().get(f.id, police())).rejects.toThrow(NotFoundError);
			expect((await measures.get(measureId, police())).title).toBe('Städa trappan');
			const { rows } = await sql`SELECT version, action FROM object_history WHERE kind = 'focus-place' AND object_id = ${f.id} ORDER BY seq`.execute(database().query);
			expect(rows).toEqual([{ version: 1, action: 'create' }, { version: 2, action: 'update' }, { version: 3, action: 'delete' }]);
		});
	});

	it('is stored in the SQLite file: a reopened database has the focus places, links and follow-up', async () => {
		const f = await seeded.focusPlaces.create(input(), police());
		await seeded.focusPlaces.followUp(f.id, { baseVersion: 1, outcome: 'klar', note: 'Sanerat' }, police());
		const db = openDatabase(seeded.dir);
		try {
			const reopened = await createServices(sqliteDatabase(db));
			const view = new LayerView(reopened.layers, reopened.accounts, police().viewer);
			expect((await reopened.focusPlaces.get(f.id, view)).followUp).toMatchObject({ outcome: 'klar', note: 'Sanerat' });
		} finally {
			db.close();
		}
	});
});
