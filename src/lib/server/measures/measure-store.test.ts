import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type Role, type Viewer } from '../auth/access';
import type { AppDatabase } from '../db/app-database';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { MeasureStore, roundedPosition } from './measure-store';
import { BadParamError, ForbiddenError, LayerNotFoundError, NotFoundError, TransitionError, VersionConflictError } from '../errors';
import { eachDatabase } from '../../../../test/pg/each-database';

// The map's layers and accounts (FeatureStore and AccountStore, on SQLite until they move) come from
// one seeded store; the measures run on each database in turn.
let services: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	services = await tempServices();
});
afterAll(() => services.close());
let store: MeasureStore;
let today = Date.parse('2026-11-25T10:00:00Z');

/** A meeting of `organisationIds`, written as the meeting store would (it is not this file's). */
async function meeting(database: AppDatabase, organisationIds: string[]): Promise<{ id: string }> {
	const id = crypto.randomUUID();
	await sql`INSERT INTO meetings (id, title, date, participants, organisation_ids, version, created_at, created_by, owner_organisation_id)
		VALUES (${id}, 'Platssamverkan Husby', '2025-03-12', '[]', ${JSON.stringify(organisationIds)}, 1, '2025-03-01T10:00:00.000Z', 'Test', 'sdf-jarva')`.execute(database.query);
	return { id };
}

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

eachDatabase((database) => {
	beforeEach(async () => {
		store = new MeasureStore(database(), () => today);
	});
	const meetingOf = (organisationIds: string[]) => meeting(database(), organisationIds);

	describe('measures', () => {
		it('a new measure at a place is mapped there and starts its history', async () => {
			const meeting = await meetingOf(['sdf-jarva', 'polis-jarva']);
			const measure = await store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'), { kind: 'meeting', id: meeting.id });
			expect(measure).toMatchObject({ version: 1, open: true, overdue: false, ownerOrganisationName: 'Järva stadsdelsförvaltning', origin: { kind: 'meeting', id: meeting.id } });
			expect(measure.place).toMatchObject({ layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' });
			expect(measure.position?.[1]).toBeCloseTo(59.41, 1);
			expect((await store.history(measure.id))).toHaveLength(1);
		});

		it('a place on a layer the organisation may not see is hidden, position included', async () => {
			const { id } = await store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
			const seen = await store.get(id, view('fastighetsagare', 'läsare'));
			expect(seen.place).toEqual({ hidden: true, reason: 'layer', positionRounded: false });
			expect(seen.position).toBeNull();
		});

		it('the organisation assigned a measure at a place it may not see is told where to act, rounded to about 100 m, never the shape or name', async () => {
			const made = await store.create(input({ ownerOrganisationId: 'fastighetsagare', place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
			const seen = await store.get(made.id, view('fastighetsagare', 'läsare'));
			expect(seen.place).toEqual({ hidden: true, reason: 'layer', positionRounded: true });
			const [lon, lat] = seen.position!;
			expect(seen.position).toEqual(roundedPosition(made.position!));
			expect(Math.abs(lat - made.position![1]) * 111_000).toBeLessThanOrEqual(56);
			expect(Math.abs(lon - made.position![0]) * 111_000 * Math.cos((lat * Math.PI) / 180)).toBeLessThanOrEqual(57);
			expect(JSON.stringify(seen)).not.toMatch(/Dragongr|ds2023/i);
			// Another organisation that may not see the layer gets nothing of where.
			const other = await store.create(input({ ownerOrganisationId: 'sdf-jarva', place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
			expect((await store.get(other.id, view('fastighetsagare', 'läsare'))).position).toBeNull();
		});

		it('a measure cannot be made at a place the maker cannot see', async () => {
			await expect(store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('fastighetsagare'))).rejects.toThrow(/Okänt lager/);
		});

		it('moves föreslagen → beslutad → pågår → klar, each a new version in the history', async () => {
			const editor = view('sdf-jarva');
			let m = await store.create(input(), editor);
			for (const status of ['beslutad', 'pågår', 'klar'] as const) m = await store.update(m.id, m.version, { status }, editor);
			expect(m).toMatchObject({ status: 'klar', open: false, version: 4 });
			expect((await store.history(m.id)).map((h) => (h.after as { status: string }).status)).toEqual(['föreslagen', 'beslutad', 'pågår', 'klar']);
		});

		it('a jump the workflow does not allow is refused with the allowed next statuses', async () => {
			const m = await store.create(input(), view('sdf-jarva'));
			const refused = (await store.update(m.id, 1, { status: 'klar' }, view('sdf-jarva')).catch((err: unknown) => err)) as TransitionError;
			expect(refused).toBeInstanceOf(TransitionError);
			expect(refused.allowed).toEqual(['beslutad', 'avslagen']);
			expect((await store.get(m.id, view('sdf-jarva'))).version).toBe(1);
		});

		it('a change based on an old version is a conflict carrying the current measure', async () => {
			const editor = view('sdf-jarva');
			const m = await store.create(input(), editor);
			await store.update(m.id, 1, { title: 'Belysning och röjning vid tunneln' }, editor);
			await expect(store.update(m.id, 1, { status: 'beslutad' }, editor)).rejects.toThrow(VersionConflictError);
		});

		it('is overdue from the day after its due date while open', async () => {
			const m = await store.create(input({ dueDate: '2026-11-24' }), view('sdf-jarva'));
			expect(m.overdue).toBe(true);
			expect((await store.list({ overdue: true }, view('sdf-jarva'))).map((x) => x.id)).toEqual([m.id]);
			expect((await store.list({ status: 'klar' }, view('sdf-jarva')))).toEqual([]);
		});

		it('an owner organisation that does not exist is refused and nothing is stored', async () => {
			await expect(store.create(input({ ownerOrganisationId: 'finns-inte' }), view('sdf-jarva'))).rejects.toThrow(/finns inte/);
			expect((await store.list({ status: 'all' }, view('sdf-jarva')))).toEqual([]);
		});
	});

	describe('who sees which measure', () => {
		const SCENE = { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };
		const jpeg = { kind: 'before' as const, mime: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), width: 1, height: 1 };

		it('filtering by a place on a layer the viewer may not see is answered as for an unknown layer', async () => {
			await store.create(input({ place: SCENE }), view('polis-jarva'));
			const place = { layerId: SCENE.layerId, featureId: SCENE.featureId };
			expect((await store.list({ status: 'all', place }, view('polis-jarva', 'läsare')))).toHaveLength(1);
			await expect(store.list({ status: 'all', place }, view('fastighetsagare', 'läsare'))).rejects.toThrow(LayerNotFoundError);
			await expect(store.list({ status: 'all', place: { layerId: 'finns-inte', featureId: 'x' } }, view('polis-jarva'))).rejects.toThrow(LayerNotFoundError);
			// The message is the same as for an unknown layer and names only layers the viewer may see.
			const message = await store.list({ status: 'all', place }, view('fastighetsagare', 'läsare')).then(
				() => '',
				(err: Error) => err.message
			);
			expect(message).toMatch(/lager/i);
			expect(message).not.toMatch(/drogscener-2021/);
			// Without the filter the measure is listed, but never with its place.
			const listed = await store.list({ status: 'all' }, view('fastighetsagare', 'läsare'));
			expect(listed.map((m) => m.place)).toEqual([{ hidden: true, reason: 'layer', positionRounded: false }]);
			expect(listed[0]!.position).toBeNull();
		});

		it('a measure decided in a meeting is seen by the meeting’s organisations, the system administrator and its owner, and by nobody else', async () => {
			// The district administration, not a participant, decides for the police's meeting (as the meeting store lets a meeting's owner).
			const sdf = view('sdf-jarva');
			const meeting = await meetingOf(['polis-jarva', 'sdf-jarva']);
			const fromMeeting = { kind: 'meeting' as const, id: meeting.id };
			const measure = await store.create(input({ title: 'Ny belysning vid parkeringen', place: { layerId: 'otrygga-platser', featureId: 'op-husby-02' }, status: 'beslutad' }), sdf, fromMeeting);
			const owned = await store.create(input({ title: 'Röj buskarna vid parkeringen', ownerOrganisationId: 'fastighetsagare', status: 'beslutad' }), sdf, fromMeeting);
			await sql`UPDATE meetings SET organisation_ids = ${JSON.stringify(['polis-jarva'])} WHERE id = ${meeting.id}`.execute(database().query);
			const other = await store.create(input({ title: 'Åtgärd utan möte' }), sdf);
			const ids = async (who: LayerView, filter = {}) => (await store.list({ status: 'all', ...filter }, who)).map((m) => m.id).sort();

			expect(await ids(view('polis-jarva', 'läsare'))).toEqual([measure!.id, owned!.id, other.id].sort());
			// The system administrator sees them all; an organisation admin what its organisation sees.
			expect(await ids(system())).toEqual([measure!.id, owned!.id, other.id].sort());
			expect(await ids(view('fastighetsagare', 'admin'))).toEqual([owned!.id, other.id].sort());
			// The owner organisation sees the one it owns, not the meeting's other measures.
			const owner = view('fastighetsagare', 'läsare');
			expect(await ids(owner)).toEqual([owned!.id, other.id].sort());
			expect(await ids(owner, { origin: 'meeting', originId: meeting.id })).toEqual([owned!.id]);
			await expect(store.get(measure!.id, owner)).rejects.toThrow(NotFoundError);
			await expect(store.history(measure!.id, owner)).rejects.toThrow(NotFoundError);
			await expect(store.update(measure!.id, 1, { title: 'Kapad' }, view('fastighetsagare'))).rejects.toThrow(NotFoundError);
			// Another organisation's account sees none of the meeting's measures, however it filters.
			await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES ('bostadsbolaget', 'Bostadsbolaget', 'fastighetsägare', '2025-01-01')`.execute(database().query);
			expect(await ids(view('bostadsbolaget', 'läsare'), { origin: 'meeting', originId: meeting.id })).toEqual([]);
			expect(await ids(view('bostadsbolaget', 'läsare'))).toEqual([other.id]);
		});

		it('a measure cannot claim to come from a meeting its maker may not see, or a walk that does not exist', async () => {
			const meeting = await meetingOf(['polis-jarva']);
			await expect(store.create(input(), view('sdf-jarva'), { kind: 'meeting', id: meeting.id })).rejects.toThrow(BadParamError);
			await expect(store.create(input(), view('sdf-jarva'), { kind: 'meeting', id: 'finns-inte' })).rejects.toThrow(BadParamError);
			await expect(store.create(input(), view('sdf-jarva'), { kind: 'inventory', id: 'finns-inte' })).rejects.toThrow(/Inventeringen finns-inte finns inte/);
			expect((await store.list({ status: 'all' }, view('sdf-jarva', 'admin')))).toEqual([]);
		});

		it('a photo is served as its measure is seen: not of a place on a hidden layer, not of a hidden meeting’s measure', async () => {
			const atScene = await store.create(input({ place: SCENE }), view('polis-jarva'));
			const photo = await store.addPhoto(atScene.id, jpeg, view('polis-jarva'));
			expect((await store.photo(photo.id, view('polis-jarva', 'läsare'))).mime).toBe('image/jpeg');
			await expect(store.photo(photo.id, view('fastighetsagare', 'läsare'))).rejects.toThrow(NotFoundError);
			expect((await store.get(atScene.id, view('polis-jarva', 'läsare'))).photos).toEqual([{ id: photo.id, kind: 'before' }]);
			expect((await store.get(atScene.id, view('fastighetsagare', 'läsare'))).photos).toEqual([]);

			const meeting = await meetingOf(['polis-jarva']);
			const decided = await store.create(input({ ownerOrganisationId: 'polis-jarva' }), view('polis-jarva'), { kind: 'meeting', id: meeting.id });
			const meetingPhoto = await store.addPhoto(decided.id, jpeg, view('polis-jarva'));
			expect((await store.photo(meetingPhoto.id, view('polis-jarva', 'läsare'))).bytes.length).toBe(6);
			await expect(store.photo(meetingPhoto.id, view('sdf-jarva', 'läsare'))).rejects.toThrow(NotFoundError);
			await expect(store.photo('finns-inte', view('polis-jarva'))).rejects.toThrow(NotFoundError);
		});
	});

	describe('ids and batches', () => {
		it('an id that is not one of ours (not a UUID, very long, 2^63) is a 404 like an unknown one, on both databases', async () => {
			for (const id of ['finns-inte', 'x'.repeat(500), '9223372036854775808', "'; DROP TABLE measures; --"]) {
				await expect(store.get(id, view('sdf-jarva')), id).rejects.toThrow(NotFoundError);
				await expect(store.history(id), id).rejects.toThrow(NotFoundError);
				await expect(store.photo(id, view('sdf-jarva')), id).rejects.toThrow(NotFoundError);
				expect(await store.sees(id, view('sdf-jarva').viewer)).toBe(false);
			}
		});

		it('decides who sees each of a batch of measures in one read (the live updates), as get does', async () => {
			const meeting = await meetingOf(['polis-jarva']);
			const open = await store.create(input(), view('polis-jarva'));
			const decided = await store.create(input({ ownerOrganisationId: 'polis-jarva' }), view('polis-jarva'), { kind: 'meeting', id: meeting.id });
			const checks = await store.visibilityOf([open.id, decided.id, 'finns-inte']);
			expect([...checks.keys()].sort()).toEqual([open.id, decided.id].sort());
			const owner = view('fastighetsagare', 'läsare').viewer;
			expect(checks.get(open.id)!(owner)).toBe(true);
			expect(checks.get(decided.id)!(owner)).toBe(false);
			expect(checks.get(decided.id)!(view('polis-jarva', 'läsare').viewer)).toBe(true);
			expect(await store.visibilityOf([])).toEqual(new Map());
		});

		it('lists a measure’s photos with it, oldest first, and a list reads them for every measure', async () => {
			const jpeg = { kind: 'before' as const, mime: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), width: 1, height: 1 };
			const a = await store.create(input({ title: 'A' }), view('sdf-jarva'));
			const b = await store.create(input({ title: 'B' }), view('sdf-jarva'));
			const first = await store.addPhoto(a.id, jpeg, view('sdf-jarva'));
			today += 1000;
			const second = await store.addPhoto(a.id, { ...jpeg, kind: 'after' }, view('sdf-jarva'));
			const third = await store.addPhoto(b.id, jpeg, view('sdf-jarva'));
			const listed = new Map((await store.list({ status: 'all' }, view('sdf-jarva'))).map((m) => [m.id, m.photos]));
			expect(listed.get(a.id)).toEqual([
				{ id: first.id, kind: 'before' },
				{ id: second.id, kind: 'after' }
			]);
			expect(listed.get(b.id)).toEqual([{ id: third.id, kind: 'before' }]);
			expect(Buffer.from((await store.photo(first.id, view('sdf-jarva'))).bytes)).toEqual(Buffer.from(jpeg.bytes));
		});
	});

	describe('who changes a measure', () => {
		it('the organisation that carries it out and the one that made it; a third one that sees it may not re-assign it to itself', async () => {
			const made = await store.create(input({ ownerOrganisationId: 'polis-jarva' }), view('sdf-jarva'));
			expect(made).toMatchObject({ ownerOrganisationId: 'polis-jarva', makerOrganisationId: 'sdf-jarva', makerOrganisationName: 'Järva stadsdelsförvaltning', mayEdit: true });
			expect((await store.get(made.id, view('fastighetsagare'))).mayEdit).toBe(false);
			expect((await store.get(made.id, view('polis-jarva', 'läsare'))).mayEdit).toBe(false);
			await expect(store.update(made.id, 1, { ownerOrganisationId: 'fastighetsagare' }, view('fastighetsagare', 'admin'))).rejects.toThrow(
				/Åtgärden ”Bättre belysning vid gångtunneln” kan bara ändras av Lokalpolisområde Järva \(ansvarig\) och Järva stadsdelsförvaltning \(som beslutade den\)/
			);
			await expect(store.authorise(made.id, view('fastighetsagare'))).rejects.toThrow(ForbiddenError);
			await expect(store.addPhoto(made.id, { kind: 'before', mime: 'image/png', bytes: new Uint8Array(4), width: 1, height: 1 }, view('fastighetsagare'))).rejects.toThrow(ForbiddenError);
			expect((await store.update(made.id, 1, { status: 'beslutad' }, view('polis-jarva'))).version).toBe(2);
			// The owner hands it over; the new owner changes it, the old one no longer does.
			const handed = await store.update(made.id, 2, { ownerOrganisationId: 'fastighetsagare' }, view('polis-jarva'));
			expect(handed.ownerOrganisationName).toBe('Fastighetsägare i Järva');
			expect((await store.update(made.id, 3, { status: 'pågår' }, view('fastighetsagare'))).version).toBe(4);
			await expect(store.update(made.id, 4, { status: 'klar' }, view('polis-jarva'))).rejects.toThrow(ForbiddenError);
			expect((await store.get(made.id, view('sdf-jarva'))).status).toBe('pågår');
		});
	});
});
