import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { addConflict, conflictFrom, findingUrl, keepMine, loadConflicts, queueEdit, queueFinding, saveConflicts, withQueuedEdits, type Conflict } from './field-queue';
import type { Finding } from './model';
import { IndexedDbOutboxStore, MemoryOutboxStore, syncOutbox, type OutboxEntry } from './outbox';

let databases = 0;
const idbStore = () => new IndexedDbOutboxStore({ name: `field-queue-test-${++databases}` });

const finding = (overrides: Partial<Finding> = {}): Finding => ({
	id: 'f1',
	inventoryId: 'walk-a',
	category: 'belysning',
	severity: 2,
	note: 'Släckt lampa',
	position: [17.9275, 59.4105],
	stopId: null,
	photos: [],
	measureId: null,
	placeFeatureId: null,
	organisationId: 'sdf-jarva',
	version: 2,
	recordedAt: '2025-05-14T18:30:00.000Z',
	createdAt: '2025-05-14T18:31:00.000Z',
	createdBy: 'Bo (bo)',
	updatedAt: '2025-05-14T18:40:00.000Z',
	updatedBy: 'Bo (bo)',
	...overrides
});

describe('queueFinding', () => {
	const body = { clientId: 'c0ffee00-0000-4000-8000-000000000001', category: 'belysning', note: 'Mörk tunnel' };
	const jpeg = (id: string) => ({ id, blob: new Blob(['jpeg'], { type: 'image/jpeg' }), filename: `${id}.jpg` });

	it('queues the finding and its photos for the account, the photos after the finding', async () => {
		const store = idbStore();
		await queueFinding(store, { account: 'anna', inventoryId: 'walk-a', body, photos: [jpeg('p1'), jpeg('p2')] });
		expect((await store.all()).map((e) => [e.id, e.kind, e.url, e.account, e.findingId])).toEqual([
			[body.clientId, 'finding-create', '/api/inventories/walk-a/findings', 'anna', body.clientId],
			['p1', 'photo', `/api/findings/${body.clientId}/photos`, 'anna', body.clientId],
			['p2', 'photo', `/api/findings/${body.clientId}/photos`, 'anna', body.clientId]
		]);
	});

	it('queues nothing when a photo cannot be stored, so saving again does not make a second finding', async () => {
		const store = idbStore();
		// A photo IndexedDB cannot store: its copy fails the way a full disk does.
		const tooBig = {
			get bytes(): never {
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			}
		} as unknown as Blob;
		const failed = await queueFinding(store, { account: 'anna', inventoryId: 'walk-a', body, photos: [jpeg('p1'), { id: 'p2', blob: tooBig, filename: 'p2.jpg' }] }).catch((err: unknown) => err);
		expect((failed as DOMException).name).toBe('QuotaExceededError');
		expect(await store.all()).toEqual([]);
		// "Spara fynd" again, with room this time: one finding.
		await queueFinding(store, { account: 'anna', inventoryId: 'walk-a', body, photos: [jpeg('p1'), jpeg('p2')] });
		expect((await store.all()).filter((e) => e.kind === 'finding-create')).toHaveLength(1);
	});
});

describe('conflicts', () => {
	const edit = (): OutboxEntry => ({
		id: 'u1',
		kind: 'finding-update',
		url: findingUrl('walk-a', 'f1'),
		method: 'PUT',
		account: 'anna',
		findingId: 'f1',
		baseVersion: 1,
		body: { baseVersion: 1, note: 'Tre lampor släckta' },
		enqueuedAt: '2025-05-14T18:35:00.000Z',
		attempts: 0
	});

	it("keeps the entry's own walk and url, and 'keep mine' sends there whatever walk is open", async () => {
		const made = conflictFrom(edit(), { message: 'Fyndet har ändrats', current: finding() });
		expect(made && 'conflict' in made ? made.conflict : null).toMatchObject({ account: 'anna', inventoryId: 'walk-a', url: '/api/inventories/walk-a/findings/f1', findingId: 'f1', yours: { note: 'Tre lampor släckta' } });
		const store = new MemoryOutboxStore();
		const queued = await keepMine(store, (made as { conflict: Conflict }).conflict);
		expect([queued.url, queued.baseVersion, queued.body, queued.account]).toEqual(['/api/inventories/walk-a/findings/f1', 2, { note: 'Tre lampor släckta', baseVersion: 2 }, 'anna']);
	});

	it('is no conflict when the server already has my change (a resend whose answer was lost)', () => {
		expect(conflictFrom(edit(), { current: finding({ note: 'Tre lampor släckta' }) })).toEqual({ applied: true });
		expect(conflictFrom(edit(), { message: 'no current' })).toBeNull();
	});

	it('merges a second conflict of the same finding into the first', () => {
		const first = (conflictFrom(edit(), { current: finding() }) as { conflict: Conflict }).conflict;
		const second = (conflictFrom({ ...edit(), id: 'u2', body: { baseVersion: 1, severity: 3 } } as OutboxEntry, { current: finding({ version: 3 }) }) as { conflict: Conflict }).conflict;
		const merged = addConflict([first], second);
		expect(merged).toHaveLength(1);
		expect(merged[0]).toMatchObject({ id: 'u1', yours: { note: 'Tre lampor släckta', severity: 3 }, current: { version: 3 } });
	});

	it('are kept per account', () => {
		const map = new Map<string, string>();
		const storage = { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
		const conflict = (conflictFrom(edit(), { current: finding() }) as { conflict: Conflict }).conflict;
		saveConflicts(storage, 'anna', [conflict]);
		expect([loadConflicts(storage, 'anna').length, loadConflicts(storage, 'bo').length]).toEqual([1, 0]);
		saveConflicts(storage, 'anna', []);
		expect(map.size).toBe(0);
	});
});

describe('queueEdit and withQueuedEdits', () => {
	it('shows a finding with its queued edits, and a second edit made from that view reaches the server once', async () => {
		const store = new MemoryOutboxStore();
		const stored = finding({ version: 1 });
		await queueEdit(store, { account: 'anna', url: findingUrl('walk-a', 'f1'), findingId: 'f1', baseVersion: 1, change: { note: 'Tre lampor släckta' } });
		const shown = withQueuedEdits(stored, await store.all(), 'anna');
		expect([shown.note, withQueuedEdits(stored, await store.all(), 'bo').note]).toEqual(['Tre lampor släckta', 'Släckt lampa']);
		// The form sends every field, starting from what it showed.
		await queueEdit(store, { account: 'anna', url: findingUrl('walk-a', 'f1'), findingId: 'f1', baseVersion: 1, change: { category: shown.category, note: shown.note, severity: 3 } });
		const sent: unknown[] = [];
		const result = await syncOutbox(store, async (e) => (sent.push(e.body), { status: 200, body: null }), { account: 'anna', onConflict: () => expect.fail('no conflict') });
		expect([result.sent.length, sent]).toEqual([1, [{ baseVersion: 1, note: 'Tre lampor släckta', category: 'belysning', severity: 3 }]]);
	});
});
