import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Role, type Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { MeetingStore } from '../meetings/meeting-store';
import { tempServices } from '../testing/temp-service';
import { MeasureStore, roundedPosition } from './measure-store';
import { BadParamError, ForbiddenError, LayerNotFoundError, NotFoundError, TransitionError, VersionConflictError } from '../errors';

let services: ReturnType<typeof tempServices>;
let store: MeasureStore;
let today = Date.parse('2026-11-25T10:00:00Z');
beforeEach(() => {
	services = tempServices();
	store = new MeasureStore(services.db, () => today);
});
afterEach(() => services.close());

function view(organisation: string, role: Role = 'redaktör') {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}
/** The system administrator (an admin of the district administration, which operates the installation). */
function system() {
	const viewer: Viewer = { id: 2, username: 'system', displayName: 'System', role: 'admin', systemAdmin: true, organisation: { id: 'sdf-jarva', name: 'sdf-jarva', kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}
const input = (overrides = {}) => ({ title: 'Bättre belysning vid gångtunneln', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2027-03-31', status: 'föreslagen' as const, ...overrides });

describe('measures', () => {
	it('a new measure at a place is mapped there and starts its history', async () => {
		const meeting = await new MeetingStore(services.database, store).create({ title: 'Möte', date: '2025-03-12', participants: [], organisationIds: ['sdf-jarva'] }, view('polis-jarva'));
		const measure = store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'), { kind: 'meeting', id: meeting.id });
		expect(measure).toMatchObject({ version: 1, open: true, overdue: false, ownerOrganisationName: 'Järva stadsdelsförvaltning', origin: { kind: 'meeting', id: meeting.id } });
		expect(measure.place).toMatchObject({ layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' });
		expect(measure.position?.[1]).toBeCloseTo(59.41, 1);
		expect(store.history(measure.id)).toHaveLength(1);
	});

	it('a place on a layer the organisation may not see is hidden, position included', () => {
		const { id } = store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
		const seen = store.get(id, view('fastighetsagare', 'läsare'));
		expect(seen.place).toEqual({ hidden: true, reason: 'layer', positionRounded: false });
		expect(seen.position).toBeNull();
	});

	it('the organisation assigned a measure at a place it may not see is told where to act, rounded to about 100 m, never the shape or name', () => {
		const made = store.create(input({ ownerOrganisationId: 'fastighetsagare', place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
		const seen = store.get(made.id, view('fastighetsagare', 'läsare'));
		expect(seen.place).toEqual({ hidden: true, reason: 'layer', positionRounded: true });
		const [lon, lat] = seen.position!;
		expect(seen.position).toEqual(roundedPosition(made.position!));
		expect(Math.abs(lat - made.position![1]) * 111_000).toBeLessThanOrEqual(56);
		expect(Math.abs(lon - made.position![0]) * 111_000 * Math.cos((lat * Math.PI) / 180)).toBeLessThanOrEqual(57);
		expect(JSON.stringify(seen)).not.toMatch(/Dragongr|ds2023/i);
		// Another organisation that may not see the layer gets nothing of where.
		const other = store.create(input({ ownerOrganisationId: 'sdf-jarva', place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
		expect(store.get(other.id, view('fastighetsagare', 'läsare')).position).toBeNull();
	});

	it('a measure cannot be made at a place the maker cannot see', () => {
		expect(() => store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('fastighetsagare'))).toThrow(/Okänt lager/);
	});

	it('moves föreslagen → beslutad → pågår → klar, each a new version in the history', () => {
		const editor = view('sdf-jarva');
		let m = store.create(input(), editor);
		for (const status of ['beslutad', 'pågår', 'klar'] as const) m = store.update(m.id, m.version, { status }, editor);
		expect(m).toMatchObject({ status: 'klar', open: false, version: 4 });
		expect(store.history(m.id).map((h) => (h.after as { status: string }).status)).toEqual(['föreslagen', 'beslutad', 'pågår', 'klar']);
	});

	it('a jump the workflow does not allow is refused with the allowed next statuses', () => {
		const m = store.create(input(), view('sdf-jarva'));
		const refused = (() => {
			try {
				store.update(m.id, 1, { status: 'klar' }, view('sdf-jarva'));
			} catch (err) {
				return err;
			}
		})() as TransitionError;
		expect(refused).toBeInstanceOf(TransitionError);
		expect(refused.allowed).toEqual(['beslutad', 'avslagen']);
		expect(store.get(m.id, view('sdf-jarva')).version).toBe(1);
	});

	it('a change based on an old version is a conflict carrying the current measure', () => {
		const editor = view('sdf-jarva');
		const m = store.create(input(), editor);
		store.update(m.id, 1, { title: 'Belysning och röjning vid tunneln' }, editor);
		expect(() => store.update(m.id, 1, { status: 'beslutad' }, editor)).toThrow(VersionConflictError);
	});

	it('is overdue from the day after its due date while open', () => {
		const m = store.create(input({ dueDate: '2026-11-24' }), view('sdf-jarva'));
		expect(m.overdue).toBe(true);
		expect(store.list({ overdue: true }, view('sdf-jarva')).map((x) => x.id)).toEqual([m.id]);
		expect(store.list({ status: 'klar' }, view('sdf-jarva'))).toEqual([]);
	});

	it('an owner organisation that does not exist is refused and nothing is stored', () => {
		expect(() => store.create(input({ ownerOrganisationId: 'finns-inte' }), view('sdf-jarva'))).toThrow(/finns inte/);
		expect(store.list({ status: 'all' }, view('sdf-jarva'))).toEqual([]);
	});
});

describe('who sees which measure', () => {
	const SCENE = { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };
	const jpeg = { kind: 'before' as const, mime: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), width: 1, height: 1 };

	it('filtering by a place on a layer the viewer may not see is answered as for an unknown layer', () => {
		store.create(input({ place: SCENE }), view('polis-jarva'));
		const place = { layerId: SCENE.layerId, featureId: SCENE.featureId };
		expect(store.list({ status: 'all', place }, view('polis-jarva', 'läsare'))).toHaveLength(1);
		expect(() => store.list({ status: 'all', place }, view('fastighetsagare', 'läsare'))).toThrow(LayerNotFoundError);
		expect(() => store.list({ status: 'all', place: { layerId: 'finns-inte', featureId: 'x' } }, view('polis-jarva'))).toThrow(LayerNotFoundError);
		// The message is the same as for an unknown layer and names only layers the viewer may see.
		try {
			store.list({ status: 'all', place }, view('fastighetsagare', 'läsare'));
		} catch (err) {
			expect((err as Error).message).not.toMatch(/drogscener-2021/);
		}
		// Without the filter the measure is listed, but never with its place.
		const listed = store.list({ status: 'all' }, view('fastighetsagare', 'läsare'));
		expect(listed.map((m) => m.place)).toEqual([{ hidden: true, reason: 'layer', positionRounded: false }]);
		expect(listed[0]!.position).toBeNull();
	});

	it('a measure decided in a meeting is seen by the meeting’s organisations, the system administrator and its owner, and by nobody else', async () => {
		const meetings = new MeetingStore(services.database, store);
		const sdf = view('sdf-jarva');
		const meeting = await meetings.create({ title: 'Platssamverkan Husby', date: '2025-03-12', participants: [], organisationIds: ['polis-jarva'] }, sdf);
		const item = await meetings.addItem(meeting.id, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, sdf);
		const { measure } = await meetings.decide(meeting.id, item.id, { text: 'Belysning', measure: { title: 'Ny belysning vid parkeringen', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30', status: 'beslutad' } }, sdf);
		const { measure: owned } = await meetings.decide(meeting.id, item.id, { text: 'Röjning', measure: { title: 'Röj buskarna vid parkeringen', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30', status: 'beslutad' } }, sdf);
		const other = store.create(input({ title: 'Åtgärd utan möte' }), sdf);
		const ids = (who: LayerView, filter = {}) => store.list({ status: 'all', ...filter }, who).map((m) => m.id).sort();

		expect(ids(view('polis-jarva', 'läsare'))).toEqual([measure!.id, owned!.id, other.id].sort());
		// The system administrator sees them all; an organisation admin what its organisation sees.
		expect(ids(system())).toEqual([measure!.id, owned!.id, other.id].sort());
		expect(ids(view('fastighetsagare', 'admin'))).toEqual([owned!.id, other.id].sort());
		// The owner organisation sees the one it owns, not the meeting's other measures.
		const owner = view('fastighetsagare', 'läsare');
		expect(ids(owner)).toEqual([owned!.id, other.id].sort());
		expect(ids(owner, { origin: 'meeting', originId: meeting.id })).toEqual([owned!.id]);
		expect(() => store.get(measure!.id, owner)).toThrow(NotFoundError);
		expect(() => store.history(measure!.id, owner)).toThrow(NotFoundError);
		expect(() => store.update(measure!.id, 1, { title: 'Kapad' }, view('fastighetsagare'))).toThrow(NotFoundError);
		// Another organisation's account sees none of the meeting's measures, however it filters.
		services.db.prepare("INSERT INTO organisations (id, name, kind, created_at) VALUES ('bostadsbolaget', 'Bostadsbolaget', 'fastighetsägare', '2025-01-01')").run();
		expect(ids(view('bostadsbolaget', 'läsare'), { origin: 'meeting', originId: meeting.id })).toEqual([]);
		expect(ids(view('bostadsbolaget', 'läsare'))).toEqual([other.id]);
	});

	it('a measure cannot claim to come from a meeting its maker may not see, or a walk that does not exist', async () => {
		const meetings = new MeetingStore(services.database, store);
		const meeting = await meetings.create({ title: 'Polisens möte', date: '2025-03-12', participants: [], organisationIds: [] }, view('polis-jarva'));
		expect(() => store.create(input(), view('sdf-jarva'), { kind: 'meeting', id: meeting.id })).toThrow(BadParamError);
		expect(() => store.create(input(), view('sdf-jarva'), { kind: 'meeting', id: 'finns-inte' })).toThrow(BadParamError);
		expect(() => store.create(input(), view('sdf-jarva'), { kind: 'inventory', id: 'finns-inte' })).toThrow(/Inventeringen finns-inte finns inte/);
		expect(store.list({ status: 'all' }, view('sdf-jarva', 'admin'))).toEqual([]);
	});

	it('a photo is served as its measure is seen: not of a place on a hidden layer, not of a hidden meeting’s measure', async () => {
		const atScene = store.create(input({ place: SCENE }), view('polis-jarva'));
		const photo = store.addPhoto(atScene.id, jpeg, view('polis-jarva'));
		expect(store.photo(photo.id, view('polis-jarva', 'läsare')).mime).toBe('image/jpeg');
		expect(() => store.photo(photo.id, view('fastighetsagare', 'läsare'))).toThrow(NotFoundError);
		expect(store.get(atScene.id, view('polis-jarva', 'läsare')).photos).toEqual([{ id: photo.id, kind: 'before' }]);
		expect(store.get(atScene.id, view('fastighetsagare', 'läsare')).photos).toEqual([]);

		const meetings = new MeetingStore(services.database, store);
		const meeting = await meetings.create({ title: 'Möte', date: '2025-03-12', participants: [], organisationIds: [] }, view('polis-jarva'));
		const decided = store.create(input({ ownerOrganisationId: 'polis-jarva' }), view('polis-jarva'), { kind: 'meeting', id: meeting.id });
		const meetingPhoto = store.addPhoto(decided.id, jpeg, view('polis-jarva'));
		expect(store.photo(meetingPhoto.id, view('polis-jarva', 'läsare')).bytes.length).toBe(6);
		expect(() => store.photo(meetingPhoto.id, view('sdf-jarva', 'läsare'))).toThrow(NotFoundError);
		expect(() => store.photo('finns-inte', view('polis-jarva'))).toThrow(NotFoundError);
	});
});

describe('who changes a measure', () => {
	it('the organisation that carries it out and the one that made it; a third one that sees it may not re-assign it to itself', () => {
		const made = store.create(input({ ownerOrganisationId: 'polis-jarva' }), view('sdf-jarva'));
		expect(made).toMatchObject({ ownerOrganisationId: 'polis-jarva', makerOrganisationId: 'sdf-jarva', makerOrganisationName: 'Järva stadsdelsförvaltning', mayEdit: true });
		expect(store.get(made.id, view('fastighetsagare')).mayEdit).toBe(false);
		expect(store.get(made.id, view('polis-jarva', 'läsare')).mayEdit).toBe(false);
		expect(() => store.update(made.id, 1, { ownerOrganisationId: 'fastighetsagare' }, view('fastighetsagare', 'admin'))).toThrow(
			/Åtgärden ”Bättre belysning vid gångtunneln” kan bara ändras av Lokalpolisområde Järva \(ansvarig\) och Järva stadsdelsförvaltning \(som beslutade den\)/
		);
		expect(() => store.authorise(made.id, view('fastighetsagare'))).toThrow(ForbiddenError);
		expect(() => store.addPhoto(made.id, { kind: 'before', mime: 'image/png', bytes: new Uint8Array(4), width: 1, height: 1 }, view('fastighetsagare'))).toThrow(ForbiddenError);
		expect(store.update(made.id, 1, { status: 'beslutad' }, view('polis-jarva')).version).toBe(2);
		// The owner hands it over; the new owner changes it, the old one no longer does.
		const handed = store.update(made.id, 2, { ownerOrganisationId: 'fastighetsagare' }, view('polis-jarva'));
		expect(handed.ownerOrganisationName).toBe('Fastighetsägare i Järva');
		expect(store.update(made.id, 3, { status: 'pågår' }, view('fastighetsagare')).version).toBe(4);
		expect(() => store.update(made.id, 4, { status: 'klar' }, view('polis-jarva'))).toThrow(ForbiddenError);
		expect(store.get(made.id, view('sdf-jarva')).status).toBe('pågår');
	});
});
