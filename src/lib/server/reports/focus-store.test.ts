import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role, Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { openDatabase } from '../db/database';
import { sqliteDatabase } from '../db/app-database';
import { createServices } from '../services';
import { ensureDemoReports } from './demo-reports';
import { weekMeeting } from './week-meeting';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

let services: ReturnType<typeof tempServices>;
beforeAll(() => {
	services = tempServices();
	services.accounts.setOperator('sdf-jarva');
	ensureDemoReports(services, '2026-W49');
});
afterAll(() => services.close());

const KINDS = { 'sdf-jarva': 'stadsdelsförvaltning', 'polis-jarva': 'polis', fastighetsagare: 'fastighetsägare' } as const;
function as(organisation: keyof typeof KINDS, role: Role = 'redaktör'): LayerView {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: `Test ${organisation}`, role, organisation: { id: organisation, name: organisation, kind: KINDS[organisation] } };
	return new LayerView(services.layers, services.accounts, viewer);
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
const store = () => services.focusPlaces;

describe('the weekly meeting’s agenda', () => {
	it('proposes the week’s hot cells and new places, each with why, for those who see every report', () => {
		const meeting = weekMeeting('2026-W49', services, police());
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

	it('a partner gets no agenda (it is built from reports it may not see) and cannot set focus places', () => {
		const meeting = weekMeeting('2026-W49', services, owner());
		expect(meeting.seesAll).toBe(false);
		expect(meeting.mayEdit).toBe(false);
		expect(meeting.agenda).toEqual([]);
		expect(() => store().create(input(), owner())).toThrow(ForbiddenError);
		expect(() => store().create(input(), as('polis-jarva', 'läsare'))).toThrow(ForbiddenError);
	});
});

describe('focus places', () => {
	beforeEach(() => {
		services.db.exec('DELETE FROM focus_place_measures; DELETE FROM focus_places');
	});

	it('a cell becomes a focus place with its district in the name, version 1 and history', () => {
		const f = store().create(input(), police());
		expect(f).toMatchObject({ week: '2026-W49', version: 1, ownerOrganisationName: 'Fastighetsägare i Järva', followUp: null, carriedFrom: null, mayEdit: true });
		expect(f.name).toMatch(/^Ruta E666000N6589400 \(Husby\)$/);
		expect(f.place).toMatchObject({ kind: 'cell', cellId: 'E666000N6589400', cellSize: 200 });
		expect(store().history(f.id, police().viewer)).toMatchObject([{ version: 1, action: 'create' }]);
	});

	it('a point and an object on a layer are places too; an unknown owner, an off-grid cell or a hidden layer is refused', () => {
		const point = store().create(input({ place: { kind: 'point', position: [17.9275, 59.4105] }, name: 'Husby centrum' }), district());
		expect(point).toMatchObject({ name: 'Husby centrum', place: { kind: 'point' }, position: [17.9275, 59.4105] });
		const place = store().create(input({ place: { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), police());
		expect(place.place).toMatchObject({ kind: 'feature', layerId: 'drogscener-2023' });
		expect(place.position[1]).toBeCloseTo(59.41, 1);
		expect(() => store().create(input({ ownerOrganisationId: 'finns-inte' }), police())).toThrow(BadParamError);
		expect(() => store().create(input({ place: { kind: 'cell', cellId: 'E666050N6589400', cellSize: 200 } }), police())).toThrow(/multipel/);
		expect(store().list('2026-W49', police())).toHaveLength(2);
	});

	it('partners see the focus places their organisation owns, not the others', () => {
		const theirs = store().create(input(), police());
		const other = store().create(input({ ownerOrganisationId: 'sdf-jarva' }), police());
		expect(store().list('2026-W49', owner()).map((f) => f.id)).toEqual([theirs.id]);
		expect(() => store().get(other.id, owner())).toThrow(NotFoundError);
		expect(store().get(theirs.id, owner()).mayEdit).toBe(false);
	});

	it('a change on a stale version is a 409 with the current one, in Swedish', () => {
		const f = store().create(input(), police());
		store().update(f.id, { baseVersion: 1, text: 'Klotter, nedskräpning och trasig belysning' }, district());
		try {
			store().update(f.id, { baseVersion: 1, text: 'Något annat' }, police());
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(VersionConflictError);
			expect((err as Error).message).toMatch(/har ändrats av Test sdf-jarva.*version 1, nu version 2/);
			expect((err as VersionConflictError).current).toMatchObject({ version: 2, text: 'Klotter, nedskräpning och trasig belysning' });
		}
		expect(store().get(f.id, police()).text).toBe('Klotter, nedskräpning och trasig belysning');
	});

	it('a short-term measure is made from the focus place (an app measure, at its point) or linked, in one transaction', () => {
		const f = store().create(input(), police());
		const { focusPlace, measureId } = store().addMeasure(f.id, { measure: { title: 'Sanera klottret', description: '', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-11', status: 'beslutad' } }, police());
		expect(focusPlace.measures).toMatchObject([{ id: measureId, title: 'Sanera klottret', open: true }]);
		const measure = services.measures.get(measureId, owner());
		expect(measure.position).toEqual(f.position);
		// an existing measure is linked, once
		const other = services.measures.create({ title: 'Extra städning', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2026-12-31', status: 'beslutad' }, district());
		expect(store().addMeasure(f.id, { measureId: other.id }, district()).focusPlace.measures).toHaveLength(2);
		expect(() => store().addMeasure(f.id, { measureId: other.id }, district())).toThrow(ConflictError);
		// a bad measure leaves nothing behind
		const before = services.measures.list({ status: 'all' }, police()).length;
		expect(() => store().addMeasure(f.id, { measure: { title: 'X', description: '', ownerOrganisationId: 'finns-inte', dueDate: '2026-12-11', status: 'beslutad' } }, police())).toThrow();
		expect(services.measures.list({ status: 'all' }, police()).length).toBe(before);
		expect(store().get(f.id, police()).measures).toHaveLength(2);
	});

	it('a measure made at a focus place is seen as the focus place is; one linked to it keeps its own visibility', () => {
		const security = services.accounts.createOrganisation(`Vaktbolaget ${Date.now()}`, 'säkerhetsföretag');
		const guard = new LayerView(services.layers, services.accounts, {
			id: 2,
			username: 'vakt',
			displayName: 'Test vakt',
			role: 'redaktör',
			organisation: { id: security.id, name: security.name, kind: 'säkerhetsföretag' }
		});
		const f = store().create(input({ place: { kind: 'cell' as const, cellId: 'E666200N6589400', cellSize: 200 } }), police());
		const made = store().addMeasure(f.id, { measure: { title: 'Bevaka entrén kvällstid', description: '', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-11', status: 'beslutad' } }, police()).measureId;
		const linked = services.measures.create({ title: 'Gemensam städdag', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2026-12-31', status: 'beslutad' }, district());
		store().addMeasure(f.id, { measureId: linked.id }, district());
		// the weekly meeting's organisations and the focus place's owner (the property owner) see it
		for (const viewer of [police(), district(), owner()]) expect(services.measures.sees(made, viewer.viewer)).toBe(true);
		// another partner, whose reports did not make the place: not listed, 404 by id
		expect(services.measures.sees(made, guard.viewer)).toBe(false);
		expect(services.measures.list({ status: 'all' }, guard).map((m) => m.id)).not.toContain(made);
		expect(() => services.measures.get(made, guard)).toThrow(NotFoundError);
		// a measure that existed before and was linked is seen as before
		expect(services.measures.sees(linked.id, guard.viewer)).toBe(true);
		// made for the security company: it carries it out, so it sees it
		const theirs = store().addMeasure(f.id, { measure: { title: 'Extra rond', description: '', ownerOrganisationId: security.id, dueDate: '2026-12-11', status: 'beslutad' } }, police()).measureId;
		expect(services.measures.sees(theirs, guard.viewer)).toBe(true);
	});

	it('next week: done, not done, continue – who and when; continue carries the place and its open measures into the week', () => {
		const a = store().create(input(), police());
		const b = store().create(input({ place: { kind: 'point', position: [17.9275, 59.4105] }, name: 'Husby centrum' }), police());
		const { measureId } = store().addMeasure(b.id, { measure: { title: 'Fler ronder kvällstid', description: '', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-20', status: 'pågår' } }, police());

		const meeting = weekMeeting('2026-W50', services, district());
		expect(meeting.followUp.map((f) => f.id)).toEqual([a.id, b.id]);
		expect(meeting.agenda.filter((p) => p.source === 'last-week').map((p) => p.focusPlaceId)).toEqual([a.id, b.id]);

		const done = store().followUp(a.id, { baseVersion: 1, outcome: 'klar' }, district());
		expect(done.focusPlace.followUp).toMatchObject({ outcome: 'klar', by: 'Test sdf-jarva (sdf-jarva-redaktör)' });
		expect(done.carried).toBeNull();

		const goesOn = store().followUp(b.id, { baseVersion: 1, outcome: 'fortsatter', note: 'Fortfarande grupperingar kvällstid' }, district());
		expect(goesOn.carried).toMatchObject({ week: '2026-W50', name: 'Husby centrum', carriedFrom: b.id, measures: [{ id: measureId }] });
		expect(store().list('2026-W50', police()).map((f) => f.id)).toEqual([goesOn.carried!.id]);
		expect(store().history(b.id, police().viewer).map((h) => h.version)).toEqual([1, 2]);

		// changing the outcome back removes the carried place again (it was not changed since)
		store().followUp(b.id, { baseVersion: 2, outcome: 'inte-klar' }, district());
		expect(store().list('2026-W50', police())).toEqual([]);
		// continue again, change the carried one, then the outcome can no longer be taken back silently
		const again = store().followUp(b.id, { baseVersion: 3, outcome: 'fortsatter' }, district());
		store().update(again.carried!.id, { baseVersion: 1, text: 'Ny inriktning' }, police());
		expect(() => store().followUp(b.id, { baseVersion: 4, outcome: 'klar' }, district())).toThrow(ConflictError);
		expect(store().get(b.id, police()).followUp?.outcome).toBe('fortsatter');
		// a stale follow-up is a version conflict
		expect(() => store().followUp(a.id, { baseVersion: 1, outcome: 'inte-klar' }, district())).toThrow(VersionConflictError);
	});

	it('a removed focus place is gone from the week but kept in its history; its measures stay; a stale removal is refused', () => {
		const f = store().create(input(), police());
		const { measureId } = store().addMeasure(f.id, { measure: { title: 'Städa trappan', description: '', ownerOrganisationId: 'fastighetsagare', dueDate: '2026-12-11', status: 'beslutad' } }, police());
		store().update(f.id, { baseVersion: 1, text: 'Klotter' }, police());
		expect(() => store().remove(f.id, 1, police())).toThrow(VersionConflictError);
		expect(() => store().remove(f.id, 2, owner())).toThrow(ForbiddenError);
		store().remove(f.id, 2, district());
		expect(store().list('2026-W49', police())).toEqual([]);
		expect(() => store().get(f.id, police())).toThrow(NotFoundError);
		expect(services.measures.get(measureId, police()).title).toBe('Städa trappan');
		const rows = services.db.prepare("SELECT version, action FROM object_history WHERE kind = 'focus-place' AND object_id = ? ORDER BY seq").all(f.id);
		expect(rows).toEqual([{ version: 1, action: 'create' }, { version: 2, action: 'update' }, { version: 3, action: 'delete' }]);
	});

	it('is stored in the SQLite file: a reopened database has the focus places, links and follow-up', () => {
		const f = store().create(input(), police());
		store().followUp(f.id, { baseVersion: 1, outcome: 'klar', note: 'Sanerat' }, police());
		const db = openDatabase(services.dir);
		try {
			const reopened = createServices(sqliteDatabase(db));
			const view = new LayerView(reopened.layers, reopened.accounts, police().viewer);
			expect(reopened.focusPlaces.get(f.id, view).followUp).toMatchObject({ outcome: 'klar', note: 'Sanerat' });
		} finally {
			db.close();
		}
	});
});
