import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import type { Role, Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { MeasureConflictError, MeasureStore, TransitionError } from './measure-store';
import { checkPhoto, MAX_PHOTO_BYTES, PhotoError } from './photo';

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
const input = (overrides = {}) => ({ title: 'Bättre belysning vid gångtunneln', description: '', ownerOrganisationId: 'sdf-jarva', dueDate: '2027-03-31', status: 'föreslagen' as const, ...overrides });

describe('measures', () => {
	it('a new measure at a place is mapped there and starts its history', () => {
		const measure = store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'), { kind: 'meeting', id: 'm1' });
		expect(measure).toMatchObject({ version: 1, open: true, overdue: false, ownerOrganisationName: 'Järva stadsdelsförvaltning', origin: { kind: 'meeting', id: 'm1' } });
		expect(measure.place).toMatchObject({ layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' });
		expect(measure.position?.[1]).toBeCloseTo(59.41, 1);
		expect(store.history(measure.id)).toHaveLength(1);
	});

	it('a place on a layer the organisation may not see is hidden, position included', () => {
		const { id } = store.create(input({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }), view('polis-jarva'));
		const seen = store.get(id, view('fastighetsagare', 'läsare'));
		expect(seen.place).toEqual({ hidden: true });
		expect(seen.position).toBeNull();
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
		expect(() => store.update(m.id, 1, { status: 'beslutad' }, editor)).toThrow(MeasureConflictError);
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

describe('photos', () => {
	const png = (w: number, h: number) => {
		const header = Buffer.alloc(33);
		header.writeUInt32BE(0x89504e47, 0);
		header.writeUInt32BE(0x0d0a1a0a, 4);
		header.writeUInt32BE(13, 8);
		header.write('IHDR', 12, 'ascii');
		header.writeUInt32BE(w, 16);
		header.writeUInt32BE(h, 20);
		return new Uint8Array(Buffer.concat([header, deflateSync(Buffer.alloc(10))]));
	};

	it('recognises PNG and JPEG by their bytes and reads the size', () => {
		expect(checkPhoto(png(640, 480))).toEqual({ mime: 'image/png', width: 640, height: 480 });
		const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 120, 0, 160, 3, 0, 0, 0]);
		expect(checkPhoto(jpeg)).toEqual({ mime: 'image/jpeg', width: 160, height: 120 });
	});

	it('refuses text dressed as an image, empty files and files over the limit', () => {
		expect(() => checkPhoto(new TextEncoder().encode('<svg onload=alert(1)>'), 'bild.jpg')).toThrow(/inte en JPEG/);
		expect(() => checkPhoto(new Uint8Array())).toThrow(PhotoError);
		const big = new Uint8Array(MAX_PHOTO_BYTES + 1);
		big.set([0xff, 0xd8, 0xff]);
		expect(() => checkPhoto(big)).toThrow(/högst 5 MB/);
	});
});
