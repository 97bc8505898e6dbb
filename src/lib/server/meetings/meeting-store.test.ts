import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { type Role, type Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { MeasureStore } from '../measures/measure-store';
import { tempServices } from '../testing/temp-service';
import { ItemChange, NewDecision, NewItem, NewMeeting } from './meeting-input';
import { MeetingStore } from './meeting-store';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

let services: ReturnType<typeof tempServices>;
let meetings: MeetingStore;
let measures: MeasureStore;
beforeEach(() => {
	services = tempServices();
	measures = new MeasureStore(services.db);
	meetings = new MeetingStore(services.db, measures);
});
afterEach(() => services.close());

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

describe('meetings', () => {
	it('a new meeting has version 1 and includes the maker’s organisation', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
		expect(meeting).toMatchObject({ version: 1, organisationIds: ['sdf-jarva', 'polis-jarva'], itemCount: 0, items: [], createdBy: 'Test sdf-jarva (sdf-jarva-redaktör)' });
	});

	it('is seen by the organisations taking part and the system administrator, and does not exist for others', () => {
		const meeting = meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), as('sdf-jarva'));
		expect(meetings.list(as('polis-jarva', 'läsare')).map((m) => m.id)).toEqual([meeting.id]);
		expect(meetings.list(as('fastighetsagare', 'admin', true)).map((m) => m.id)).toEqual([meeting.id]);
		// An organisation admin sees what its organisation sees.
		expect(meetings.list(as('fastighetsagare', 'admin'))).toEqual([]);
		expect(meetings.list(as('fastighetsagare'))).toEqual([]);
		expect(() => meetings.get(meeting.id, as('fastighetsagare'))).toThrow(NotFoundError);
	});

	it('a läsare cannot make a meeting', () => {
		expect(() => meetings.create(meetingInput(), as('sdf-jarva', 'läsare'))).toThrow(ForbiddenError);
	});

	it('an unknown organisation is refused, naming it', () => {
		expect(() => meetings.create(meetingInput({ organisationIds: ['finns-inte'] }), as('sdf-jarva'))).toThrow(/finns-inte/);
	});

	it('a change based on an old version is refused with the meeting as it is now', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput(), sdf);
		meetings.update(meeting.id, { baseVersion: 1, title: 'Nytt namn' }, sdf);
		try {
			meetings.update(meeting.id, { baseVersion: 1, date: '2025-04-01' }, sdf);
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(VersionConflictError);
			expect((err as VersionConflictError).current).toMatchObject({ title: 'Nytt namn', version: 2 });
		}
		expect(meetings.get(meeting.id, sdf).date).toBe('2025-03-12');
	});

	it('the owner cannot take itself out of the meeting', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput(), sdf);
		expect(() => meetings.update(meeting.id, { baseVersion: 1, organisationIds: ['polis-jarva'] }, sdf)).toThrow(BadParamError);
	});
});

describe('the agenda', () => {
	function withThreeItems() {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['fastighetsagare'] }), sdf);
		const scene = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }, sdf);
		const place = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		const area = meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Husby torg', geometry: square() }), sdf);
		return { sdf, meeting, scene, place, area };
	}

	it('items take the object’s name and come in the order added', () => {
		const { sdf, meeting } = withThreeItems();
		const got = meetings.get(meeting.id, sdf);
		expect(got.items.map((i) => [i.position, i.title])).toEqual([
			[1, 'Nordkapsgatan, Husby'],
			[2, 'Parkeringsplats, Husby (exempel)'],
			[3, 'Husby torg']
		]);
		// Every added item is a change of the meeting's agenda.
		expect(got.version).toBe(4);
	});

	it('an item on a layer the viewer may not see is hidden: no layer, id, name or geometry', () => {
		const { meeting } = withThreeItems();
		const [scene, place] = meetings.get(meeting.id, as('fastighetsagare', 'läsare')).items;
		expect(scene).toMatchObject({ hidden: true, layerId: null, featureId: null, title: 'Dold plats', geometry: null });
		expect(JSON.stringify(scene)).not.toMatch(/Nordkapsgatan|drogscener/);
		expect(place).toMatchObject({ hidden: false, title: 'Parkeringsplats, Husby (exempel)' });
	});

	it('on a hidden item, a measure assigned to the viewer’s organisation is named (where to act is on the measure), the decision’s text is not', () => {
		const { sdf, meeting, scene } = withThreeItems();
		meetings.decide(meeting.id, scene.id, { text: 'Nordkapsgatan: fastighetsägaren lagar belysningen', measure: { title: 'Laga belysningen vid trappan', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30', status: 'beslutad' } }, sdf);
		meetings.decide(meeting.id, scene.id, { text: 'Polisen följer upp' }, sdf);
		const hidden = meetings.item(meeting.id, scene.id, as('fastighetsagare', 'läsare'));
		expect(hidden.hiddenDecisions?.count).toBe(2);
		expect(hidden.hiddenDecisions?.yourMeasures.map((m) => m.title)).toEqual(['Laga belysningen vid trappan']);
		expect(JSON.stringify(hidden)).not.toMatch(/Nordkapsgatan|Polisen följer/);
	});

	it('a hidden item keeps its notes and decisions (with their measures) from the viewer, and they cannot change, decide on or remove it', () => {
		const { sdf, meeting, scene } = withThreeItems();
		meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Langning vid Nordkapsgatan varje kväll' }, sdf);
		meetings.decide(meeting.id, scene.id, { text: 'Kameraövervakning utreds', measure: { title: 'Utred kamera vid Nordkapsgatan', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30', status: 'beslutad' } }, sdf);
		const seen = meetings.get(meeting.id, sdf).items[0]!;
		expect(seen.notes).toMatch(/Langning/);
		expect(seen.decisions[0]?.measure?.title).toMatch(/kamera/);

		const owner = as('fastighetsagare', 'läsare');
		const hidden = meetings.item(meeting.id, scene.id, owner);
		expect(hidden).toMatchObject({ hidden: true, hiddenReason: 'layer', notes: '', decisions: [], hiddenDecisions: { count: 1, yourMeasures: [] } });
		expect(JSON.stringify(meetings.get(meeting.id, owner))).not.toMatch(/Langning|kamera|Nordkapsgatan/i);

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
			expect(attempt).toThrow(NotFoundError);
			expect(attempt).toThrow(/lager som ditt konto inte får se/);
		}
		const after = meetings.get(meeting.id, sdf).items[0]!;
		expect(after).toMatchObject({ version: 2, notes: 'Langning vid Nordkapsgatan varje kväll' });
		expect(after.decisions).toHaveLength(1);
	});

	it('a place keeps its own saved camera, versioned and restorable; a hidden item never tells it', () => {
		const { sdf, meeting, scene } = withThreeItems();
		const camera = { center: [17.9275, 59.4105] as [number, number], zoom: 16.2, bearing: 0 };
		const saved = meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, camera }, sdf);
		expect(saved).toMatchObject({ version: 2, camera });
		// Notes and the camera are one item: a note written after keeps the camera.
		expect(meetings.updateItem(meeting.id, scene.id, { baseVersion: 2, notes: 'Sett från torget' }, sdf)).toMatchObject({ version: 3, camera });
		expect(meetings.updateItem(meeting.id, scene.id, { baseVersion: 3, camera: null }, sdf).camera).toBeNull();
		const history = meetings.itemHistory(meeting.id, scene.id, sdf);
		expect(history.map((h) => h.changed)).toEqual([expect.any(Array), ['camera'], ['notes'], ['camera']]);
		expect(meetings.restoreItem(meeting.id, scene.id, 3, 4, sdf)).toMatchObject({ version: 5, camera, notes: 'Sett från torget' });
		const hidden = meetings.item(meeting.id, scene.id, as('fastighetsagare', 'läsare'));
		expect(hidden.camera).toBeNull();
		expect(JSON.stringify(meetings.get(meeting.id, as('fastighetsagare', 'läsare')))).not.toContain('17.9275');
	});

	it('a saved camera outside Stockholm, at a zoom no meeting uses or not a camera at all is refused with the field named', () => {
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

	it('an item whose object was deleted stays hidden but keeps its notes for those who see the layer, and can be removed', () => {
		const { sdf, meeting, place } = withThreeItems();
		meetings.updateItem(meeting.id, place.id, { baseVersion: 1, notes: 'Trasig belysning' }, sdf);
		const stored = services.layers.feature('otrygga-platser', 'op-husby-02');
		services.layers.deleteFeature('otrygga-platser', 'op-husby-02', stored.version, 'Test');
		const item = meetings.item(meeting.id, place.id, sdf);
		expect(item).toMatchObject({ hidden: true, notes: 'Trasig belysning' });
		expect(() => meetings.decide(meeting.id, place.id, { text: 'Beslut' }, sdf)).toThrow(/tagits bort/);
		expect(meetings.removeItem(meeting.id, place.id, 2, sdf).deleted).toBe(place.id);
	});

	it('an object the viewer cannot see cannot be added, and the refusal names only visible layers', () => {
		const meeting = meetings.create(meetingInput(), as('fastighetsagare'));
		try {
			meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-kista-c' }, as('fastighetsagare'));
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(BadParamError);
			expect((err as Error).message).not.toContain('drogscener-2021');
		}
	});

	it('an area outside Stockholm or crossing itself is refused with the reason', () => {
		const parse = (geometry: unknown) => v.safeParse(NewItem, { kind: 'area', title: 'Yta', geometry });
		expect(parse(square(18.9, 59.4)).issues?.[0]?.message).toMatch(/utanför Stockholm/);
		const bowTie = { type: 'Polygon', coordinates: [[[17.92, 59.40], [17.93, 59.41], [17.93, 59.40], [17.92, 59.41], [17.92, 59.40]]] };
		expect(parse(bowTie).issues?.[0]?.message).toMatch(/korsar sig själv/);
		expect(parse({ type: 'Point', coordinates: [17.9, 59.4] }).issues?.[0]?.message).toMatch(/GeoJSON-polygon/);
		expect(parse(square()).success).toBe(true);
	});

	it('reordering needs every item exactly once and the current meeting version', () => {
		const { sdf, meeting, scene, place, area } = withThreeItems();
		expect(() => meetings.reorder(meeting.id, 4, [area.id, scene.id], sdf)).toThrow(/saknas/);
		expect(() => meetings.reorder(meeting.id, 4, [area.id, scene.id, scene.id, place.id], sdf)).toThrow(/två gånger/);
		expect(() => meetings.reorder(meeting.id, 3, [area.id, scene.id, place.id], sdf)).toThrow(VersionConflictError);
		const after = meetings.reorder(meeting.id, 4, [area.id, scene.id, place.id], sdf);
		expect(after.items.map((i) => [i.position, i.id])).toEqual([
			[1, area.id],
			[2, scene.id],
			[3, place.id]
		]);
	});

	it('notes on two items never conflict; notes on one item based on an old version do', () => {
		const { sdf, meeting, scene, place } = withThreeItems();
		meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Polisen ser färre samlingar' }, sdf);
		expect(meetings.updateItem(meeting.id, place.id, { baseVersion: 1, notes: 'Belysningen trasig' }, as('sdf-jarva')).version).toBe(2);
		expect(() => meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Annat' }, sdf)).toThrow(VersionConflictError);
		expect(meetings.item(meeting.id, scene.id, sdf).notes).toBe('Polisen ser färre samlingar');
	});

	it('removing an item renumbers the rest; an item with decisions stays', () => {
		const { sdf, meeting, scene, place } = withThreeItems();
		meetings.decide(meeting.id, place.id, v.parse(NewDecision, { text: 'Fastighetsägaren ser över belysningen' }), sdf);
		expect(() => meetings.removeItem(meeting.id, place.id, 1, sdf)).toThrow(ConflictError);
		meetings.removeItem(meeting.id, scene.id, 1, sdf);
		expect(meetings.get(meeting.id, sdf).items.map((i) => i.position)).toEqual([1, 2]);
	});
});

describe('decisions', () => {
	function placeItem() {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput(), sdf);
		const item = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		return { sdf, meeting, item };
	}
	const count = (table: string) => (services.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

	it('a decision with a measure makes both, the measure at the item’s place and from this meeting', () => {
		const { sdf, meeting, item } = placeItem();
		const { decision, measure } = meetings.decide(
			meeting.id,
			item.id,
			v.parse(NewDecision, { text: 'Belysningen byts', measure: { title: 'Byt belysning på parkeringen', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30' } }),
			sdf
		);
		expect(measure).toMatchObject({ status: 'beslutad', ownerOrganisationId: 'fastighetsagare', place: { layerId: 'otrygga-platser', featureId: 'op-husby-02' }, origin: { kind: 'meeting', id: meeting.id } });
		expect(decision.measureId).toBe(measure!.id);
		expect(meetings.item(meeting.id, item.id, sdf).decisions).toEqual([decision]);
	});

	it('a decision on an area places its measure inside the area', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput(), sdf);
		const area = meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Torget', geometry: square(17.93, 59.41, 0.001) }), sdf);
		const { measure } = meetings.decide(meeting.id, area.id, v.parse(NewDecision, { text: 'Städning', measure: { title: 'Extra städning', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-05-01' } }), sdf);
		const [lon, lat] = measure!.position!;
		expect(Math.abs(lon - 17.93)).toBeLessThan(0.001);
		expect(Math.abs(lat - 59.41)).toBeLessThan(0.001);
		expect(measure!.place).toBeNull();
	});

	it('a measure the store refuses leaves no decision behind (one transaction)', () => {
		const { sdf, meeting, item } = placeItem();
		const before = [count('decisions'), count('measures')];
		// Valid by the schema, refused by the store: the organisation does not exist.
		expect(() =>
			meetings.decide(meeting.id, item.id, v.parse(NewDecision, { text: 'Något', measure: { title: 'Något att göra', ownerOrganisationId: 'finns-inte', dueDate: '2025-06-30' } }), sdf)
		).toThrow(/finns-inte/);
		expect([count('decisions'), count('measures')]).toEqual(before);
	});

	it('a bad measure is a 400 naming the field under measure', () => {
		const { sdf, meeting, item } = placeItem();
		try {
			meetings.decide(meeting.id, item.id, v.parse(NewDecision, { text: 'Något', measure: { title: 'x', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-02-30' } }), sdf);
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(BadParamError);
			expect((err as BadParamError).param).toBe('measure.title');
		}
		expect(count('decisions')).toBe(0);
	});
});

describe('who writes in a meeting', () => {
	function shared() {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['polis-jarva', 'fastighetsagare'] }), sdf);
		const item = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		return { sdf, meeting: meetings.get(meeting.id, sdf), item };
	}

	it('the meeting is its maker’s organisation’s; the answer says what the viewer may do', () => {
		const { meeting } = shared();
		expect(meeting.owner).toEqual({ id: 'sdf-jarva', name: 'Järva stadsdelsförvaltning' });
		expect(meeting.rights).toEqual({ owner: true, takesPart: true });
		expect(meetings.get(meeting.id, as('fastighetsagare', 'läsare')).rights).toEqual({ owner: false, takesPart: true });
	});

	it('only the owner changes the details, who takes part and the order – a participant cannot remove the others', () => {
		const { meeting } = shared();
		const owner = as('fastighetsagare');
		expect(() => meetings.update(meeting.id, { baseVersion: meeting.version, organisationIds: ['fastighetsagare'] }, owner)).toThrow(
			/Bara ägaren av mötet ”Platssamverkan Husby”, Järva stadsdelsförvaltning, kan ändra mötets uppgifter och vilka organisationer som deltar/
		);
		expect(() => meetings.update(meeting.id, { baseVersion: meeting.version, title: 'Annat' }, as('polis-jarva', 'admin'))).toThrow(ForbiddenError);
		expect(() => meetings.reorder(meeting.id, meeting.version, [meeting.items[0]!.id], owner)).toThrow(/ändra dagordningens ordning/);
		expect(() => meetings.authorise(meeting.id, 'details', owner)).toThrow(ForbiddenError);
		expect(meetings.get(meeting.id, as('sdf-jarva')).organisationIds).toEqual(['sdf-jarva', 'polis-jarva', 'fastighetsagare']);
	});

	it('organisations taking part add places, write notes and decide; an organisation outside does not even see it', () => {
		const { meeting, item } = shared();
		const owner = as('fastighetsagare');
		const added = meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Garaget', geometry: square() }), owner);
		expect(added.addedBy).toBe('fastighetsagare');
		expect(meetings.updateItem(meeting.id, item.id, { baseVersion: 1, notes: 'Belysningen trasig' }, owner).notes).toBe('Belysningen trasig');
		expect(meetings.decide(meeting.id, item.id, { text: 'Vi byter armaturerna' }, owner).decision.text).toBe('Vi byter armaturerna');
		const outside = meetings.create(meetingInput(), as('polis-jarva'));
		expect(() => meetings.updateItem(outside.id, 'x', { baseVersion: 1, notes: 'x' }, owner)).toThrow(NotFoundError);
	});

	it('an item is removed by the owner or the organisation that added it, not by another participant', () => {
		const { sdf, meeting, item } = shared();
		const theirs = meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Garaget', geometry: square() }), as('fastighetsagare'));
		expect(() => meetings.removeItem(meeting.id, item.id, 1, as('polis-jarva'))).toThrow(/Bara Järva stadsdelsförvaltning \(som lade till det\) och Järva stadsdelsförvaltning \(ägare av mötet\)/);
		expect(() => meetings.removeItem(meeting.id, theirs.id, 1, as('polis-jarva'))).toThrow(ForbiddenError);
		expect(meetings.removeItem(meeting.id, theirs.id, 1, as('fastighetsagare')).deleted).toBe(theirs.id);
		expect(meetings.removeItem(meeting.id, item.id, 1, sdf).deleted).toBe(item.id);
	});
});

describe('the history of meetings and agenda items', () => {
	it('every version of a meeting is kept with who, when and which fields changed', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
		const item = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		meetings.update(meeting.id, { baseVersion: 2, title: 'Ny rubrik', organisationIds: ['sdf-jarva'] }, sdf);
		const history = meetings.history(meeting.id, sdf);
		expect(history.map((h) => [h.version, h.action, h.changed])).toEqual([
			[1, 'create', ['title', 'date', 'participants', 'organisationIds', 'itemIds']],
			[2, 'update', ['itemIds']],
			[3, 'update', ['title', 'organisationIds']]
		]);
		expect(history[2]).toMatchObject({ by: 'Test sdf-jarva (sdf-jarva-redaktör)', before: { title: 'Platssamverkan Husby', organisationIds: ['sdf-jarva', 'polis-jarva'], itemIds: [item.id] }, after: { title: 'Ny rubrik', organisationIds: ['sdf-jarva'] } });
		expect(meetings.lastChanged('meeting', meeting.id)).toEqual(['title', 'organisationIds']);
	});

	it('an earlier version is restored as a new one: the police are back and can see the meeting again', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
		meetings.update(meeting.id, { baseVersion: 1, organisationIds: ['sdf-jarva'] }, sdf);
		expect(() => meetings.get(meeting.id, as('polis-jarva'))).toThrow(NotFoundError);
		expect(() => meetings.restore(meeting.id, 1, 1, sdf)).toThrow(VersionConflictError);
		const restored = meetings.restore(meeting.id, 1, 2, sdf);
		expect(restored).toMatchObject({ version: 3, organisationIds: ['sdf-jarva', 'polis-jarva'] });
		expect(meetings.get(meeting.id, as('polis-jarva')).title).toBe('Platssamverkan Husby');
		expect(meetings.history(meeting.id, sdf).at(-1)).toMatchObject({ version: 3, action: 'restore', changed: ['organisationIds'] });
		expect(() => meetings.restore(meeting.id, 9, 3, sdf)).toThrow(/ingen version 9/);
		// Restoring changes who takes part: the owner's right.
		expect(() => meetings.restore(meeting.id, 2, 3, as('polis-jarva'))).toThrow(ForbiddenError);
	});

	it('notes overwritten by another participant are restored from the item’s history', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['polis-jarva'] }), sdf);
		const item = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		meetings.updateItem(meeting.id, item.id, { baseVersion: 1, notes: 'Stadens anteckningar' }, sdf);
		meetings.updateItem(meeting.id, item.id, { baseVersion: 2, notes: '' }, as('polis-jarva'));
		const history = meetings.itemHistory(meeting.id, item.id, sdf);
		expect(history.map((h) => [h.version, h.action, h.changed, h.after?.notes])).toEqual([
			[1, 'create', ['kind', 'layerId', 'featureId', 'title', 'geometry', 'notes', 'addedBy'], ''],
			[2, 'update', ['notes'], 'Stadens anteckningar'],
			[3, 'update', ['notes'], '']
		]);
		expect(meetings.restoreItem(meeting.id, item.id, 2, 3, sdf)).toMatchObject({ version: 4, notes: 'Stadens anteckningar' });
	});

	it('a removed item comes back at the end of the agenda with its notes, and the meeting’s version moves on', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput(), sdf);
		const first = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		const second = meetings.addItem(meeting.id, v.parse(NewItem, { kind: 'area', title: 'Torget', geometry: square() }), sdf);
		meetings.updateItem(meeting.id, first.id, { baseVersion: 1, notes: 'Viktigt' }, sdf);
		const { meetingVersion } = meetings.removeItem(meeting.id, first.id, 2, sdf);
		expect(meetings.itemHistory(meeting.id, first.id, sdf).at(-1)).toMatchObject({ version: 3, action: 'delete', after: null });
		expect(() => meetings.restoreItem(meeting.id, first.id, 3, 3, sdf)).toThrow(/borttagning/);
		const back = meetings.restoreItem(meeting.id, first.id, 2, 3, sdf);
		expect(back).toMatchObject({ version: 4, position: 2, notes: 'Viktigt', title: 'Parkeringsplats, Husby (exempel)' });
		const after = meetings.get(meeting.id, sdf);
		expect(after.items.map((i) => i.id)).toEqual([second.id, first.id]);
		expect(after.version).toBe(meetingVersion + 1);
	});

	it('the history of an item on a layer the viewer may not see is as hidden as the item', () => {
		const sdf = as('sdf-jarva');
		const meeting = meetings.create(meetingInput({ organisationIds: ['fastighetsagare'] }), sdf);
		const scene = meetings.addItem(meeting.id, { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' }, sdf);
		meetings.updateItem(meeting.id, scene.id, { baseVersion: 1, notes: 'Langning vid trappan' }, sdf);
		expect(() => meetings.itemHistory(meeting.id, scene.id, as('fastighetsagare', 'läsare'))).toThrow(/lager som ditt konto inte får se/);
		expect(() => meetings.restoreItem(meeting.id, scene.id, 1, 2, as('fastighetsagare'))).toThrow(NotFoundError);
		expect(JSON.stringify(meetings.history(meeting.id, as('fastighetsagare', 'läsare')))).not.toMatch(/Langning|Nordkapsgatan|drogscener/);
	});
});
