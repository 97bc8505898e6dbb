import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { sql } from 'kysely';
import { eachDatabase } from '../../../../test/pg/each-database';
import { type Role, type Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { MeasureStore } from '../measures/measure-store';
import { tempServices } from '../testing/temp-service';
import { ItemChange, NewDecision, NewItem, NewMeeting } from './meeting-input';
import { MeetingStore } from './meeting-store';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

// The layers and accounts the viewers see come from seeded services on SQLite (LayerService and
// AccountStore run there until they move); the meeting store under test runs on each database.
// The tests only read those services, so the file shares one (a test that changes a layer makes its
// own: `withOwnServices`); what they write goes to the meeting store's database, new for every test.
let services: Awaited<ReturnType<typeof tempServices>>;
let meetings: MeetingStore;
beforeAll(async () => {
	services = await tempServices();
});
afterAll(() => services.close());
/** Runs `test` with services of its own, for a test that changes what the others read. */
async function withOwnServices(test: () => Promise<void>) {
	const shared = services;
	services = await tempServices();
	try {
		await test();
	} finally {
		services.close();
		services = shared;
	}
}

const ORG_NAMES: Record<string, string> = { 'sdf-jarva': 'SDF', 'polis-jarva': 'Polis', fastighetsagare: 'Fastighetsägare' };
let nextId = 1;
function as(organisation: string, role: Role = 'redaktör', systemAdmin = false) {
	const viewer: Viewer = { id: nextId++, username: `${organisation}-${role}`, displayName: `Test ${organisation}`, role, systemAdmin, organisation: { id: organisation, name: ORG_NAMES[organisation]!, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}

const meetingInput = (extra: Partial<NewMeeting> = {}) => v.parse(NewMeeting, { title: 'Platssamverkan Husby', date: '2025-03-12', participants: ['Anna, SDF', 'Bo, polisen'], ...extra });
const square = (lon = 17.93, lat = 59.41, d = 0.002) => ({
	type: 'Polygon' as const,
	coordinates: [[[lon - d, lat - d], [lon + d, lat - d], [lon + d, lat + d], [lon - d, lat + d], [lon - d, lat - d]]]
});

eachDatabase((database) => {
	beforeEach(async () => {
		meetings = new MeetingStore(database(), new MeasureStore(database()));
	});
	/** A meeting with one agenda item at an insecure place, made by the district administration. */
	async function placeItem() {
		const sdf = as('sdf-jarva');
		const meeting = await meetings.create(meetingInput(), sdf);
		const item = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		return { sdf, meeting, item };
	}
	/** Rows in a table of the database under test. */
	const count = async (table: string) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(database().query)).rows[0]!.n);

	describe('meetings', () => {
		it('a new meeting has version 1 and includes the maker’s organisation', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
			expect(meeting).toMatchObject({ version: 1, organisationIds: ['sdf-jarva', 'polis-jarva'], itemCount: 0, items: [], createdBy: 'Test sdf-jarva (sdf-jarva-redaktör)' });
		});

		it('is seen by the organisations taking part and the system administrator, and does not exist for others', async () => {
			const meeting = await meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), as('sdf-jarva'));
			expect((await meetings.list(as('polis-jarva', 'läsare'))).map((m) => m.id)).toEqual([meeting.id]);
			expect((await meetings.list(as('fastighetsagare', 'admin', true))).map((m) => m.id)).toEqual([meeting.id]);
			// An organisation admin sees what its organisation sees.
			expect(await meetings.list(as('fastighetsagare', 'admin'))).toEqual([]);
			expect(await meetings.list(as('fastighetsagare'))).toEqual([]);
			await expect(meetings.get(meeting.id, as('fastighetsagare'))).rejects.toThrow(NotFoundError);
		});

		it('a läsare cannot make a meeting', async () => {
			await expect(meetings.create(meetingInput(), as('sdf-jarva', 'läsare'))).rejects.toThrow(ForbiddenError);
		});

		it('an unknown organisation is refused, naming it', async () => {
			await expect(meetings.create(meetingInput({ organisationIds: ['finns-inte'] }), as('sdf-jarva'))).rejects.toThrow(/finns-inte/);
		});

		it('a change based on an old version is refused with the meeting as it is now', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			await meetings.update(meeting.id, { baseVersion: 1, title: 'Nytt namn' }, sdf);
			try {
				await meetings.update(meeting.id, { baseVersion: 1, date: '2025-04-01' }, sdf);
				expect.unreachable();
			} catch (err) {
				expect(err).toBeInstanceOf(VersionConflictError);
				expect((err as VersionConflictError).current).toMatchObject({ title: 'Nytt namn', version: 2 });
			}
			expect((await meetings.get(meeting.id, sdf)).date).toBe('2025-03-12');
		});

		it('the owner cannot take itself out of the meeting', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			await expect(meetings.update(meeting.id, { baseVersion: 1, organisationIds: ['polis-jarva'] }, sdf)).rejects.toThrow(BadParamError);
		});
	});

	describe('the agenda', () => {
		async function withThreeItems() {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['fastighetsagare'] }), sdf);
			const scene = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }, sdf);
			const place = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
			const area = await meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Husby torg', geometry: square() }), sdf);
			return { sdf, meeting, scene, place, area };
		}

		it('items take the object’s name and come in the order added', async () => {
			const { sdf, meeting } = await withThreeItems();
			const got = await meetings.get(meeting.id, sdf);
			expect(got.items.map((i) => [i.position, i.title])).toEqual([
				[1, 'Nordkapsgatan, Husby'],
				[2, 'Parkeringsplats, Husby (exempel)'],
				[3, 'Husby torg']
			]);
			// Every added item is a change of the meeting's agenda.
			expect(got.version).toBe(4);
		});

		it('an item on a layer the viewer may not see is hidden: no layer, id, name or geometry', async () => {
			const { meeting } = await withThreeItems();
			const [scene, place] = (await meetings.get(meeting.id, as('fastighetsagare', 'läsare'))).items;
			expect(scene).toMatchObject({ hidden: true, layerId: null, featureId: null, title: 'Dold plats', geometry: null });
			expect(JSON.stringify(scene)).not.toMatch(/Nordkapsgatan|drogscener/);
			expect(place).toMatchObject({ hidden: false, title: 'Parkeringsplats, Husby (exempel)' });
		});

		it('a place keeps its own saved camera, versioned and restorable; a hidden item never tells it', async () => {
			const { sdf, meeting, scene } = await withThreeItems();
			const camera = { center: [17.9275, 59.4105] as [number, number], zoom: 16.2, bearing: 0 };
			const saved = await meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, camera }, sdf);
			expect(saved).toMatchObject({ version: 2, camera });
			// Notes and the camera are one item: a note written after keeps the camera.
			expect(await meetings.updateItem(meeting.id, scene.id, { baseVersion: 2, notes: 'Sett från torget' }, sdf)).toMatchObject({ version: 3, camera });
			expect((await meetings.updateItem(meeting.id, scene.id, { baseVersion: 3, camera: null }, sdf)).camera).toBeNull();
			const history = await meetings.itemHistory(meeting.id, scene.id, sdf);
			expect(history.map((h) => h.changed)).toEqual([expect.any(Array), ['camera'], ['notes'], ['camera']]);
			expect(await meetings.restoreItem(meeting.id, scene.id, 3, 4, sdf)).toMatchObject({ version: 5, camera, notes: 'Sett från torget' });
			const hidden = await meetings.item(meeting.id, scene.id, as('fastighetsagare', 'läsare'));
			expect(hidden.camera).toBeNull();
			expect(JSON.stringify(await meetings.get(meeting.id, as('fastighetsagare', 'läsare')))).not.toContain('17.9275');
		});

		it('a saved camera outside Stockholm, at a zoom no meeting uses or not a camera at all is refused with the field named', async () => {
			for (const [camera, message] of [
				[{ center: [11.97, 57.7], zoom: 15 }, /inom Stockholm/],
				[{ center: [17.92, 59.41], zoom: 3 }, /10–19/],
				[{ center: [17.92], zoom: 15 }, /\[longitud, latitud\]/],
				['norr', /camera ska vara/]
			] as const) {
				const result = v.safeParse(ItemChange, { baseVersion: 1, camera });
				expect(result.success, JSON.stringify(camera)).toBe(false);
				expect(result.issues?.map((i) => i.message).join(' ')).toMatch(message);
			}
			expect(v.parse(ItemChange, { baseVersion: 1, camera: { center: [17.92, 59.41], zoom: 15 } }).camera).toEqual({ center: [17.92, 59.41], zoom: 15, bearing: 0 });
		});

		it('an item whose object was deleted stays hidden but keeps its notes for those who see the layer, and can be removed', () =>
			withOwnServices(async () => {
				const { sdf, meeting, place } = await withThreeItems();
				await meetings.updateItem(meeting.id, place.id, { baseVersion: 1, notes: 'Trasig belysning' }, sdf);
				const stored = services.layers.feature('otrygga-platser', 'op-husby-02');
				await services.layers.deleteFeature('otrygga-platser', 'op-husby-02', stored.version, 'Test');
				const item = await meetings.item(meeting.id, place.id, sdf);
				expect(item).toMatchObject({ hidden: true, notes: 'Trasig belysning' });
				await expect(meetings.decide(meeting.id, place.id, { text: 'Beslut' }, sdf)).rejects.toThrow(/tagits bort/);
				expect((await meetings.removeItem(meeting.id, place.id, 2, sdf)).deleted).toBe(place.id);
			}));

		it('an object the viewer cannot see cannot be added, and the refusal names only visible layers', async () => {
			const meeting = await meetings.create(meetingInput(), as('fastighetsagare'));
			try {
				await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-kista-c' }, as('fastighetsagare'));
				expect.unreachable();
			} catch (err) {
				expect(err).toBeInstanceOf(BadParamError);
				expect((err as Error).message).not.toContain('drogscener-2021');
			}
		});

		it('an area outside Stockholm or crossing itself is refused with the reason', async () => {
			const parse = (geometry: unknown) => v.safeParse(NewItem, { kind: 'area', title: 'Yta', geometry });
			expect(parse(square(18.9, 59.4)).issues?.[0]?.message).toMatch(/utanför Stockholm/);
			const bowTie = { type: 'Polygon', coordinates: [[[17.92, 59.40], [17.93, 59.41], [17.93, 59.40], [17.92, 59.41], [17.92, 59.40]]] };
			expect(parse(bowTie).issues?.[0]?.message).toMatch(/korsar sig själv/);
			expect(parse({ type: 'Point', coordinates: [17.9, 59.4] }).issues?.[0]?.message).toMatch(/GeoJSON-polygon/);
			expect(parse(square()).success).toBe(true);
		});

		it('reordering needs every item exactly once and the current meeting version', async () => {
			const { sdf, meeting, scene, place, area } = await withThreeItems();
			await expect(meetings.reorder(meeting.id, 4, [area.id, scene.id], sdf)).rejects.toThrow(/saknas/);
			await expect(meetings.reorder(meeting.id, 4, [area.id, scene.id, scene.id, place.id], sdf)).rejects.toThrow(/två gånger/);
			await expect(meetings.reorder(meeting.id, 3, [area.id, scene.id, place.id], sdf)).rejects.toThrow(VersionConflictError);
			const after = await meetings.reorder(meeting.id, 4, [area.id, scene.id, place.id], sdf);
			expect(after.items.map((i) => [i.position, i.id])).toEqual([
				[1, area.id],
				[2, scene.id],
				[3, place.id]
			]);
		});

		it('notes on two items never conflict; notes on one item based on an old version do', async () => {
			const { sdf, meeting, scene, place } = await withThreeItems();
			await meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Polisen ser färre samlingar' }, sdf);
			expect((await meetings.updateItem(meeting.id, place.id, { baseVersion: 1, notes: 'Belysningen trasig' }, as('sdf-jarva'))).version).toBe(2);
			await expect(meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Annat' }, sdf)).rejects.toThrow(VersionConflictError);
			expect((await meetings.item(meeting.id, scene.id, sdf)).notes).toBe('Polisen ser färre samlingar');
		});

		it('removing an item renumbers the rest; an item with decisions stays', async () => {
			const { sdf, meeting, scene, place } = await withThreeItems();
			await meetings.decide(meeting.id, place.id, v.parse(NewDecision, { text: 'Fastighetsägaren ser över belysningen' }), sdf);
			await expect(meetings.removeItem(meeting.id, place.id, 1, sdf)).rejects.toThrow(ConflictError);
			await meetings.removeItem(meeting.id, scene.id, 1, sdf);
			expect((await meetings.get(meeting.id, sdf)).items.map((i) => i.position)).toEqual([1, 2]);
		});
	});

	describe('decisions', () => {

		it('a bad measure is a 400 naming the field under measure', async () => {
			const { sdf, meeting, item } = await placeItem();
			try {
				await meetings.decide(meeting.id, item.id, v.parse(NewDecision, { text: 'Något', measure: { title: 'x', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-02-30' } }), sdf);
				expect.unreachable();
			} catch (err) {
				expect(err).toBeInstanceOf(BadParamError);
				expect((err as BadParamError).param).toBe('measure.title');
			}
			expect(await count('decisions')).toBe(0);
		});
	});

	describe('who writes in a meeting', () => {
		async function shared() {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['polis-jarva', 'fastighetsagare'] }), sdf);
			const item = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
			return { sdf, meeting: await meetings.get(meeting.id, sdf), item };
		}

		it('the meeting is its maker’s organisation’s; the answer says what the viewer may do', async () => {
			const { meeting } = await shared();
			expect(meeting.owner).toEqual({ id: 'sdf-jarva', name: 'Järva stadsdelsförvaltning' });
			expect(meeting.rights).toEqual({ owner: true, takesPart: true });
			expect((await meetings.get(meeting.id, as('fastighetsagare', 'läsare'))).rights).toEqual({ owner: false, takesPart: true });
		});

		it('only the owner changes the details, who takes part and the order – a participant cannot remove the others', async () => {
			const { meeting } = await shared();
			const owner = as('fastighetsagare');
			await expect(meetings.update(meeting.id, { baseVersion: meeting.version, organisationIds: ['fastighetsagare'] }, owner)).rejects.toThrow(
				/Bara ägaren av mötet ”Platssamverkan Husby”, Järva stadsdelsförvaltning, kan ändra mötets uppgifter och vilka organisationer som deltar/
			);
			await expect(meetings.update(meeting.id, { baseVersion: meeting.version, title: 'Annat' }, as('polis-jarva', 'admin'))).rejects.toThrow(ForbiddenError);
			await expect(meetings.reorder(meeting.id, meeting.version, [meeting.items[0]!.id], owner)).rejects.toThrow(/ändra dagordningens ordning/);
			await expect(meetings.authorise(meeting.id, 'details', owner)).rejects.toThrow(ForbiddenError);
			expect((await meetings.get(meeting.id, as('sdf-jarva'))).organisationIds).toEqual(['sdf-jarva', 'polis-jarva', 'fastighetsagare']);
		});

		it('organisations taking part add places, write notes and decide; an organisation outside does not even see it', async () => {
			const { meeting, item } = await shared();
			const owner = as('fastighetsagare');
			const added = await meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Garaget', geometry: square() }), owner);
			expect(added.addedBy).toBe('fastighetsagare');
			expect((await meetings.updateItem(meeting.id, item.id, { baseVersion: 1, notes: 'Belysningen trasig' }, owner)).notes).toBe('Belysningen trasig');
			expect((await meetings.decide(meeting.id, item.id, { text: 'Vi byter armaturerna' }, owner)).decision.text).toBe('Vi byter armaturerna');
			const outside = await meetings.create(meetingInput(), as('polis-jarva'));
			await expect(meetings.updateItem(outside.id, 'x', { baseVersion: 1, notes: 'x' }, owner)).rejects.toThrow(NotFoundError);
		});

		it('an item is removed by the owner or the organisation that added it, not by another participant', async () => {
			const { sdf, meeting, item } = await shared();
			const theirs = await meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Garaget', geometry: square() }), as('fastighetsagare'));
			await expect(meetings.removeItem(meeting.id, item.id, 1, as('polis-jarva'))).rejects.toThrow(/Bara Järva stadsdelsförvaltning \(som lade till det\) och Järva stadsdelsförvaltning \(ägare av mötet\)/);
			await expect(meetings.removeItem(meeting.id, theirs.id, 1, as('polis-jarva'))).rejects.toThrow(ForbiddenError);
			expect((await meetings.removeItem(meeting.id, theirs.id, 1, as('fastighetsagare'))).deleted).toBe(theirs.id);
			expect((await meetings.removeItem(meeting.id, item.id, 1, sdf)).deleted).toBe(item.id);
		});
	});

	describe('the history of meetings and agenda items', () => {
		it('every version of a meeting is kept with who, when and which fields changed', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
			const item = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
			await meetings.update(meeting.id, { baseVersion: 2, title: 'Ny rubrik', organisationIds: ['sdf-jarva'] }, sdf);
			const history = await meetings.history(meeting.id, sdf);
			expect(history.map((h) => [h.version, h.action, h.changed])).toEqual([
				[1, 'create', ['title', 'date', 'participants', 'organisationIds', 'itemIds']],
				[2, 'update', ['itemIds']],
				[3, 'update', ['title', 'organisationIds']]
			]);
			expect(history[2]).toMatchObject({ by: 'Test sdf-jarva (sdf-jarva-redaktör)', before: { title: 'Platssamverkan Husby', organisationIds: ['sdf-jarva', 'polis-jarva'], itemIds: [item.id] }, after: { title: 'Ny rubrik', organisationIds: ['sdf-jarva'] } });
			expect(await meetings.lastChanged('meeting', meeting.id)).toEqual(['title', 'organisationIds']);
		});

		it('an earlier version is restored as a new one: the police are back and can see the meeting again', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
			await meetings.update(meeting.id, { baseVersion: 1, organisationIds: ['sdf-jarva'] }, sdf);
			await expect(meetings.get(meeting.id, as('polis-jarva'))).rejects.toThrow(NotFoundError);
			await expect(meetings.restore(meeting.id, 1, 1, sdf)).rejects.toThrow(VersionConflictError);
			const restored = await meetings.restore(meeting.id, 1, 2, sdf);
			expect(restored).toMatchObject({ version: 3, organisationIds: ['sdf-jarva', 'polis-jarva'] });
			expect((await meetings.get(meeting.id, as('polis-jarva'))).title).toBe('Platssamverkan Husby');
			expect((await meetings.history(meeting.id, sdf)).at(-1)).toMatchObject({ version: 3, action: 'restore', changed: ['organisationIds'] });
			await expect(meetings.restore(meeting.id, 9, 3, sdf)).rejects.toThrow(/ingen version 9/);
			// Restoring changes who takes part: the owner's right.
			await expect(meetings.restore(meeting.id, 2, 3, as('polis-jarva'))).rejects.toThrow(ForbiddenError);
		});

		it('notes overwritten by another participant are restored from the item’s history', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
			const item = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
			await meetings.updateItem(meeting.id, item.id, { baseVersion: 1, notes: 'Stadens anteckningar' }, sdf);
			await meetings.updateItem(meeting.id, item.id, { baseVersion: 2, notes: '' }, as('polis-jarva'));
			const history = await meetings.itemHistory(meeting.id, item.id, sdf);
			expect(history.map((h) => [h.version, h.action, h.changed, h.after?.notes])).toEqual([
				[1, 'create', ['kind', 'layerId', 'featureId', 'title', 'geometry', 'notes', 'addedBy'], ''],
				[2, 'update', ['notes'], 'Stadens anteckningar'],
				[3, 'update', ['notes'], '']
			]);
			expect(await meetings.restoreItem(meeting.id, item.id, 2, 3, sdf)).toMatchObject({ version: 4, notes: 'Stadens anteckningar' });
		});

		it('a removed item comes back at the end of the agenda with its notes, and the meeting’s version moves on', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			const first = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
			const second = await meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Torget', geometry: square() }), sdf);
			await meetings.updateItem(meeting.id, first.id, { baseVersion: 1, notes: 'Viktigt' }, sdf);
			const { meetingVersion } = await meetings.removeItem(meeting.id, first.id, 2, sdf);
			expect((await meetings.itemHistory(meeting.id, first.id, sdf)).at(-1)).toMatchObject({ version: 3, action: 'delete', after: null });
			await expect(meetings.restoreItem(meeting.id, first.id, 3, 3, sdf)).rejects.toThrow(/borttagning/);
			const back = await meetings.restoreItem(meeting.id, first.id, 2, 3, sdf);
			expect(back).toMatchObject({ version: 4, position: 2, notes: 'Viktigt', title: 'Parkeringsplats, Husby (exempel)' });
			const after = await meetings.get(meeting.id, sdf);
			expect(after.items.map((i) => i.id)).toEqual([second.id, first.id]);
			expect(after.version).toBe(meetingVersion + 1);
		});

		it('the history of an item on a layer the viewer may not see is as hidden as the item', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['fastighetsagare'] }), sdf);
			const scene = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }, sdf);
			await meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Langning vid trappan' }, sdf);
			await expect(meetings.itemHistory(meeting.id, scene.id, as('fastighetsagare', 'läsare'))).rejects.toThrow(/lager som ditt konto inte får se/);
			await expect(meetings.restoreItem(meeting.id, scene.id, 1, 2, as('fastighetsagare'))).rejects.toThrow(NotFoundError);
			expect(JSON.stringify(await meetings.history(meeting.id, as('fastighetsagare', 'läsare')))).not.toMatch(/Langning|Nordkapsgatan|drogscener/);
		});
	});

	describe('what PostgreSQL must answer like SQLite', () => {
		it('an id that is no meeting or item (not even a UUID) is not found, for every read and write', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			for (const id of ['finns-inte', "'; DROP TABLE meetings; --", '00000000-0000-4000-8000-000000000000']) {
				await expect(meetings.get(id, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.history(id, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.update(id, { baseVersion: 1, title: 'X' }, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.addItem(id, { kind: 'area', title: 'X', geometry: square() } as never, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.item(meeting.id, id, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.itemHistory(meeting.id, id, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.updateItem(meeting.id, id, { baseVersion: 1, notes: 'X' }, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.decide(meeting.id, id, { text: 'X' }, sdf), id).rejects.toThrow(NotFoundError);
				await expect(meetings.restoreItem(meeting.id, id, 1, 1, sdf), id).rejects.toThrow(NotFoundError);
			}
			expect((await meetings.get(meeting.id, sdf)).version).toBe(1);
		});

		it('a write that fails after its first statements leaves nothing: no item, no history row, no version bump', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			const rows = async () => {
				const { rows } = await sql<{ n: number | string }>`SELECT (SELECT COUNT(*) FROM agenda_items) + (SELECT COUNT(*) FROM object_history) AS n`.execute(database().query);
				return Number(rows[0]!.n);
			};
			const before = await rows();
			await expect(
				database().write(async () => {
					await meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Torget', geometry: square() }), sdf);
					await meetings.update(meeting.id, { baseVersion: 2, title: 'Halvvägs' }, sdf);
					throw new Error('later step failed');
				})
			).rejects.toThrow('later step failed');
			expect(await rows()).toBe(before);
			expect(await meetings.get(meeting.id, sdf)).toMatchObject({ version: 1, title: 'Platssamverkan Husby', items: [] });
		});

		it('two changes from the same version: one is saved, the other is a conflict, and the history has one', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			const results = await Promise.allSettled([
				meetings.update(meeting.id, { baseVersion: 1, title: 'A' }, sdf),
				meetings.update(meeting.id, { baseVersion: 1, title: 'B' }, sdf)
			]);
			expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
			expect(results.find((r) => r.status === 'rejected')!.reason).toBeInstanceOf(VersionConflictError);
			expect((await meetings.history(meeting.id, sdf)).map((h) => h.version)).toEqual([1, 2]);
		});
	});

	describe('decisions that make a measure', () => {
		async function withThreeItems() {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput({ organisationIds: ['fastighetsagare'] }), sdf);
			const scene = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }, sdf);
			return { sdf, meeting, scene };
		}

		it('on a hidden item, a measure assigned to the viewer’s organisation is named (where to act is on the measure), the decision’s text is not', async () => {
			const { sdf, meeting, scene } = await withThreeItems();
			await meetings.decide(meeting.id, scene.id, { text: 'Nordkapsgatan: fastighetsägaren lagar belysningen', measure: { title: 'Laga belysningen vid trappan', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30', status: 'beslutad' } }, sdf);
			await meetings.decide(meeting.id, scene.id, { text: 'Polisen följer upp' }, sdf);
			const hidden = await meetings.item(meeting.id, scene.id, as('fastighetsagare', 'läsare'));
			expect(hidden.hiddenDecisions?.count).toBe(2);
			expect(hidden.hiddenDecisions?.yourMeasures.map((m) => m.title)).toEqual(['Laga belysningen vid trappan']);
			expect(JSON.stringify(hidden)).not.toMatch(/Nordkapsgatan|Polisen följer/);
		});

		it('a hidden item keeps its notes and decisions (with their measures) from the viewer, and they cannot change, decide on or remove it', async () => {
			const { sdf, meeting, scene } = await withThreeItems();
			await meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Langning vid Nordkapsgatan varje kväll' }, sdf);
			await meetings.decide(meeting.id, scene.id, { text: 'Kameraövervakning utreds', measure: { title: 'Utred kamera vid Nordkapsgatan', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30', status: 'beslutad' } }, sdf);
			const seen = (await meetings.get(meeting.id, sdf)).items[0]!;
			expect(seen.notes).toMatch(/Langning/);
			expect(seen.decisions[0]?.measure?.title).toMatch(/kamera/);

			const owner = as('fastighetsagare', 'läsare');
			const hidden = await meetings.item(meeting.id, scene.id, owner);
			expect(hidden).toMatchObject({ hidden: true, hiddenReason: 'layer', notes: '', decisions: [], hiddenDecisions: { count: 1, yourMeasures: [] } });
			expect(JSON.stringify(await meetings.get(meeting.id, owner))).not.toMatch(/Langning|kamera|Nordkapsgatan/i);

			const editor = as('fastighetsagare');
			const refused = [
				() => meetings.updateItem(meeting.id, scene.id, { baseVersion: 2, notes: 'Skrivet över' }, editor),
				// A stale version too: a 409 would hand back the item.
				() => meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Skrivet över' }, editor),
				() => meetings.removeItem(meeting.id, scene.id, 2, editor),
				() => meetings.decide(meeting.id, scene.id, { text: 'Eget beslut' }, editor),
				() => meetings.authorise(meeting.id, 'notes', editor, scene.id)
			];
			for (const attempt of refused) {
				await expect(attempt()).rejects.toThrow(NotFoundError);
				await expect(attempt()).rejects.toThrow(/lager som ditt konto inte får se/);
			}
			const after = (await meetings.get(meeting.id, sdf)).items[0]!;
			expect(after).toMatchObject({ version: 2, notes: 'Langning vid Nordkapsgatan varje kväll' });
			expect(after.decisions).toHaveLength(1);
		});

		it('a decision with a measure makes both, the measure at the item’s place and from this meeting', async () => {
			const { sdf, meeting, item } = await placeItem();
			const { decision, measure } = await meetings.decide(
				meeting.id,
				item.id,
				v.parse(NewDecision, { text: 'Belysningen byts', measure: { title: 'Byt belysning på parkeringen', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30' } }),
				sdf
			);
			expect(measure).toMatchObject({ status: 'beslutad', ownerOrganisationId: 'fastighetsagare', place: { layerId: 'otrygga-platser', featureId: 'op-husby-02' }, origin: { kind: 'meeting', id: meeting.id } });
			expect(decision.measureId).toBe(measure!.id);
			expect((await meetings.item(meeting.id, item.id, sdf)).decisions).toEqual([decision]);
		});

		it('a decision on an area places its measure inside the area', async () => {
			const sdf = as('sdf-jarva');
			const meeting = await meetings.create(meetingInput(), sdf);
			const area = await meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Torget', geometry: square(17.93, 59.41, 0.001) }), sdf);
			const { measure } = await meetings.decide(meeting.id, area.id, v.parse(NewDecision, { text: 'Städning', measure: { title: 'Extra städning', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-05-01' } }), sdf);
			const [lon, lat] = measure!.position!;
			expect(Math.abs(lon - 17.93)).toBeLessThan(0.001);
			expect(Math.abs(lat - 59.41)).toBeLessThan(0.001);
			expect(measure!.place).toBeNull();
		});

		it('a measure the store refuses leaves no decision behind (one transaction)', async () => {
			const { sdf, meeting, item } = await placeItem();
			const before = [await count('decisions'), await count('measures')];
			// Valid by the schema, refused by the store: the organisation does not exist.
			await expect(meetings.decide(meeting.id, item.id, v.parse(NewDecision, { text: 'Något', measure: { title: 'Något att göra', ownerOrganisationId: 'finns-inte', dueDate: '2025-06-30' } }), sdf)).rejects.toThrow(/finns-inte/);
			expect([await count('decisions'), await count('measures')]).toEqual(before);
		});
	});
});
