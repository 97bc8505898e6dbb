import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
	discardEntry,
	enqueueUpdate,
	IndexedDbOutboxStore,
	MAX_SERVER_FAILURES,
	MemoryOutboxStore,
	queuedFindingCount,
	releaseEntry,
	storageErrorMessage,
	syncOutbox,
	type OutboxEntry,
	type OutboxStore,
	type SendResponse
} from './outbox';

/** Fields to change in a test entry (loosely typed: a test may make any kind). */
type Overrides = Partial<Record<keyof OutboxEntry, unknown>>;

function entry(id: string, overrides: Overrides = {}): OutboxEntry {
	return {
		id,
		kind: 'finding-create',
		url: '/api/inventeringar/i1/fynd',
		method: 'POST',
		body: { clientId: id, category: 'belysning' },
		account: 'anna',
		enqueuedAt: '2025-05-14T18:30:00.000Z',
		attempts: 0,
		...overrides
	} as OutboxEntry;
}

async function storeWith(...entries: OutboxEntry[]): Promise<MemoryOutboxStore> {
	const store = new MemoryOutboxStore();
	for (const e of entries) await store.put(e);
	return store;
}

/**
 * The server side of idempotency: a write is stored once per id, and a repeated id is answered
 * with what was stored (200) instead of being stored again.
 */
function fakeServer() {
	const stored = new Map<string, unknown>();
	const received: string[] = [];
	return {
		stored,
		received,
		handle(e: OutboxEntry): SendResponse {
			received.push(e.id);
			if (stored.has(e.id)) return { status: 200, body: stored.get(e.id) };
			stored.set(e.id, e.body);
			return { status: 201, body: e.body };
		}
	};
}

const noConflicts = { account: 'anna', onConflict: () => expect.fail('no conflict expected') };
/** A body IndexedDB cannot store, failing the way a full disk does. */
const fullDisk = () => ({
	get bytes(): never {
		throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
	}
});
const ids = (entries: OutboxEntry[]) => entries.map((e) => e.id);
const update = (id: string, overrides: Overrides = {}) =>
	entry(id, { kind: 'finding-update', method: 'PUT', url: '/api/inventories/i1/findings/f1', findingId: 'f1', baseVersion: 1, body: { baseVersion: 1, note: id }, ...overrides });
const photo = (id: string, finding: string, overrides: Overrides = {}) =>
	entry(id, { kind: 'photo', url: `/api/findings/${finding}/photos`, findingId: finding, body: { blob: new Blob(['jpeg']), filename: `${id}.jpg` }, ...overrides });

/** What every OutboxStore must do; run against each implementation. */
function storeContract(makeStore: () => OutboxStore) {
	it('lists entries oldest enqueuedAt first', async () => {
		const store = makeStore();
		await store.put(entry('b', { enqueuedAt: '2025-05-14T18:31:00.000Z' }));
		await store.put(entry('a', { enqueuedAt: '2025-05-14T18:30:00.000Z' }));
		await store.put(entry('c', { enqueuedAt: '2025-05-14T18:32:00.000Z' }));
		expect(ids(await store.all())).toEqual(['a', 'b', 'c']);
	});

	it('keeps entries of the same millisecond in the order put, whatever their ids', async () => {
		const store = makeStore();
		for (const id of ['f0c1', '0a9e', 'bb22', '0000']) await store.put(entry(id));
		expect(ids(await store.all())).toEqual(['f0c1', '0a9e', 'bb22', '0000']);
	});

	it('replaces an entry put again without moving it', async () => {
		const store = makeStore();
		for (const id of ['a', 'b', 'c']) await store.put(entry(id));
		await store.put(entry('a', { attempts: 3 }));
		const all = await store.all();
		expect([ids(all), all[0]!.attempts]).toEqual([['a', 'b', 'c'], 3]);
	});

	it('removes an entry by id', async () => {
		const store = makeStore();
		for (const id of ['a', 'b']) await store.put(entry(id));
		await store.remove('a');
		expect(ids(await store.all())).toEqual(['b']);
	});

	it('stores a copy, so changing the object after put changes nothing', async () => {
		const store = makeStore();
		const e = entry('a');
		await store.put(e);
		e.attempts = 9;
		expect((await store.all())[0]!.attempts).toBe(0);
	});

	it('keeps a photo blob and its filename', async () => {
		const store = makeStore();
		const blob = new Blob(['jpeg-bytes'], { type: 'image/jpeg' });
		await store.put(entry('p', { kind: 'photo', body: { blob, filename: 'tunnel.jpg' } }));
		const [stored] = await store.all();
		const body = stored!.body as { blob: Blob; filename: string };
		expect([body.filename, await body.blob.text(), body.blob.type]).toEqual(['tunnel.jpg', 'jpeg-bytes', 'image/jpeg']);
	});

	it('puts several entries in order, keeping the place of one already there', async () => {
		const store = makeStore();
		await store.put(entry('a'));
		await store.putAll([entry('b'), entry('a', { attempts: 2 }), entry('c')]);
		const all = await store.all();
		expect([ids(all), all[0]!.attempts]).toEqual([['a', 'b', 'c'], 2]);
	});

	it('stores none of several entries when one cannot be stored (storage full), and says why', async () => {
		const store = makeStore();
		await store.put(entry('before'));
		const photo = entry('p', { kind: 'photo', body: fullDisk() as never });
		const failed = await store.putAll([entry('f'), photo]).catch((err: unknown) => err);
		expect((failed as DOMException).name).toBe('QuotaExceededError');
		expect(ids(await store.all())).toEqual(['before']);
		// and the store still works afterwards
		await store.putAll([entry('f')]);
		expect(ids(await store.all())).toEqual(['before', 'f']);
	});
}

describe('MemoryOutboxStore', () => {
	storeContract(() => new MemoryOutboxStore());
});

// IndexedDB is not in Node; fake-indexeddb (imported above) provides it.
let databases = 0;

describe('IndexedDbOutboxStore (with fake-indexeddb)', () => {
	storeContract(() => new IndexedDbOutboxStore({ name: `outbox-test-${++databases}` }));
});

describe('syncOutbox', () => {
	it('sends entries in enqueue order and removes each one the server accepted', async () => {
		const store = await storeWith(
			entry('b', { enqueuedAt: '2025-05-14T18:31:00.000Z' }),
			entry('a', { enqueuedAt: '2025-05-14T18:30:00.000Z' }),
			entry('c', { enqueuedAt: '2025-05-14T18:32:00.000Z' })
		);
		const server = fakeServer();
		const result = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect(server.received).toEqual(['a', 'b', 'c']);
		expect(result).toEqual({ sent: ['a', 'b', 'c'], conflicts: [], failed: [], waiting: [], remaining: 0, others: 0, stopped: null });
	});

	it('stores a finding exactly once when the response to it was lost and it is sent again', async () => {
		const store = await storeWith(entry('a'), entry('b'), entry('c'));
		const server = fakeServer();
		let lose = true;
		const send = async (e: OutboxEntry) => {
			const response = server.handle(e);
			// the server stored b, but the answer never reached the device
			if (e.id === 'b' && lose) {
				lose = false;
				throw new TypeError('Failed to fetch');
			}
			return response;
		};
		const first = await syncOutbox(store, send, noConflicts);
		const second = await syncOutbox(store, send, noConflicts);
		expect([first.sent, first.remaining, second.sent, second.remaining]).toEqual([['a'], 2, ['b', 'c'], 0]);
		expect(server.received).toEqual(['a', 'b', 'b', 'c']);
		expect([...server.stored.keys()]).toEqual(['a', 'b', 'c']);
	});

	it('stops at a network error and leaves that entry and the rest queued, counting the attempt', async () => {
		const store = await storeWith(entry('a'), entry('b'), entry('c'));
		const tried: string[] = [];
		const result = await syncOutbox(
			store,
			async (e) => {
				tried.push(e.id);
				if (e.id === 'b') throw new TypeError('Failed to fetch');
				return { status: 201, body: null };
			},
			noConflicts
		);
		expect(tried).toEqual(['a', 'b']);
		expect(result).toEqual({
			sent: ['a'],
			conflicts: [],
			failed: [],
			waiting: [],
			remaining: 2,
			others: 0,
			stopped: { id: 'b', reason: 'Failed to fetch' }
		});
		expect((await store.all()).map((e) => [e.id, e.attempts, e.lastError])).toEqual([
			['b', 1, undefined],
			['c', 0, undefined]
		]);
	});

	it.each([500, 502, 503, 408, 429])('stops at HTTP %i to try again later', async (status) => {
		const store = await storeWith(entry('a'), entry('b'));
		const result = await syncOutbox(store, async () => ({ status, body: { message: 'Försök igen' } }), noConflicts);
		expect([result.sent, result.remaining, result.stopped]).toEqual([
			[],
			2,
			{ id: 'a', reason: `HTTP ${status}: Försök igen` }
		]);
	});

	it('hands a 409 conflict to onConflict with the server body and takes it off the queue', async () => {
		const store = await storeWith(entry('a', { kind: 'finding-update', method: 'PUT', baseVersion: 2 }), entry('b'));
		const handed: [string, unknown][] = [];
		const result = await syncOutbox(
			store,
			async (e) => (e.id === 'a' ? { status: 409, body: { version: 3 } } : { status: 201, body: null }),
			{ account: 'anna', onConflict: (e, body) => void handed.push([e.id, body]) }
		);
		expect(handed).toEqual([['a', { version: 3 }]]);
		expect([result.conflicts, result.sent, result.remaining]).toEqual([['a'], ['b'], 0]);
	});

	it('keeps a conflicting entry queued when onConflict fails to keep it', async () => {
		const store = await storeWith(update('a'));
		const sync = syncOutbox(store, async () => ({ status: 409, body: null }), {
			account: 'anna',
			onConflict: () => {
				throw new Error('disk full');
			}
		});
		await expect(sync).rejects.toThrow('disk full');
		expect(ids(await store.all())).toEqual(['a']);
	});

	it('holds an entry the server refused, with the reason, and goes on with the rest', async () => {
		const store = await storeWith(entry('a'), entry('b'));
		const result = await syncOutbox(
			store,
			async (e) =>
				e.id === 'a' ? { status: 400, body: { message: 'Okänd kategori "lampor"' } } : { status: 201, body: null },
			noConflicts
		);
		expect([result.failed, result.sent, result.remaining]).toEqual([['a'], ['b'], 1]);
		expect((await store.all())[0]!.lastError).toBe('HTTP 400: Okänd kategori "lampor"');
	});

	it('does not send a held entry again until it is released', async () => {
		const store = await storeWith(entry('a', { lastError: 'HTTP 400: Okänd kategori "lampor"' }));
		const server = fakeServer();
		const held = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect([held.failed, server.received]).toEqual([['a'], []]);
		expect(await releaseEntry(store, 'a')).toBe(true);
		const released = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect([released.sent, server.received]).toEqual([['a'], ['a']]);
	});

	it('releases nothing when the id is no longer queued', async () => {
		expect(await releaseEntry(new MemoryOutboxStore(), 'a')).toBe(false);
	});

	it('sends each entry once when two syncs overlap', async () => {
		const store = await storeWith(entry('a'), entry('b'), entry('c'));
		const server = fakeServer();
		const send = async (e: OutboxEntry) => {
			// yield to the event loop, as a real request would, so the second sync starts meanwhile
			await new Promise((resolve) => setTimeout(resolve, 1));
			return server.handle(e);
		};
		const [first, second] = await Promise.all([
			syncOutbox(store, send, noConflicts),
			syncOutbox(store, send, noConflicts)
		]);
		expect(server.received).toEqual(['a', 'b', 'c']);
		expect([first.sent, second.sent, second.remaining]).toEqual([['a', 'b', 'c'], [], 0]);
	});

	it('sends an entry enqueued during a sync in the sync that follows', async () => {
		const store = await storeWith(entry('a'));
		const server = fakeServer();
		const send = async (e: OutboxEntry) => {
			if (e.id === 'a') await store.put(entry('b', { enqueuedAt: '2025-05-14T18:31:00.000Z' }));
			return server.handle(e);
		};
		const first = await syncOutbox(store, send, noConflicts);
		const second = await syncOutbox(store, send, noConflicts);
		expect([first.sent, first.remaining, second.sent]).toEqual([['a'], 1, ['b']]);
	});

	it('runs a sync after one that failed', async () => {
		const store = await storeWith(update('a'));
		const failing = syncOutbox(store, async () => ({ status: 409, body: null }), {
			account: 'anna',
			onConflict: () => {
				throw new Error('disk full');
			}
		});
		const next = syncOutbox(store, async () => ({ status: 201, body: null }), noConflicts);
		await expect(failing).rejects.toThrow('disk full');
		expect((await next).sent).toEqual(['a']);
	});

	it("sends only the logged-in account's entries; another account's stay queued until that account syncs", async () => {
		const store = await storeWith(entry('a1'), entry('b1', { account: 'bo' }), photo('a1p', 'a1'), entry('a2'));
		const server = fakeServer();
		const asBo = await syncOutbox(store, async (e) => server.handle(e), { ...noConflicts, account: 'bo' });
		expect([server.received, asBo.sent, asBo.remaining, asBo.others]).toEqual([['b1'], ['b1'], 0, 3]);
		const asAnna = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect([server.received, asAnna.remaining, asAnna.others]).toEqual([['b1', 'a1', 'a1p', 'a2'], 0, 0]);
	});

	it(`holds an entry after ${MAX_SERVER_FAILURES} server errors in a row, so the entries after it are sent`, async () => {
		const store = await storeWith(entry('a'), photo('ap', 'a'), entry('b'));
		const server = fakeServer();
		const send = async (e: OutboxEntry) => (e.id === 'a' ? { status: 503, body: { message: 'Databasen är upptagen' } } : server.handle(e));
		const results = [];
		for (let i = 0; i < MAX_SERVER_FAILURES; i++) results.push(await syncOutbox(store, send, noConflicts));
		expect(results.slice(0, -1).map((r) => r.stopped?.id)).toEqual(Array(MAX_SERVER_FAILURES - 1).fill('a'));
		const last = results.at(-1)!;
		expect([last.stopped, last.failed, last.waiting, last.sent]).toEqual([null, ['a'], ['ap'], ['b']]);
		expect((await store.all()).find((e) => e.id === 'a')!.lastError).toBe(`HTTP 503: Databasen är upptagen (${MAX_SERVER_FAILURES} försök i rad)`);
	});

	it('holds a new finding or photo answered 409 (its id is taken) instead of dropping it', async () => {
		const store = await storeWith(entry('a'), photo('p', 'x'));
		const handed: string[] = [];
		const result = await syncOutbox(store, async () => ({ status: 409, body: { message: 'Fynd-id a används redan i en annan inventering' } }), {
			account: 'anna',
			onConflict: (e) => void handed.push(e.id)
		});
		expect([handed, result.failed, result.remaining]).toEqual([[], ['a', 'p'], 2]);
		expect((await store.all())[0]!.lastError).toBe('HTTP 409: Fynd-id a används redan i en annan inventering');
	});

	it('holds an edit whose 409 onConflict cannot resolve', async () => {
		const store = await storeWith(update('u'));
		const result = await syncOutbox(store, async () => ({ status: 409, body: { message: 'Konflikt' } }), { account: 'anna', onConflict: () => false });
		expect([result.failed, result.conflicts, (await store.all())[0]!.lastError]).toEqual([['u'], [], 'HTTP 409: Konflikt']);
	});

	it('keeps the photos of a held finding waiting, and releasing the finding releases its held photos', async () => {
		// p1 was refused earlier (its finding was not there yet); p2 has not been tried.
		const store = await storeWith(entry('f', { lastError: 'HTTP 400: Okänd kategori' }), photo('p1', 'f', { lastError: 'HTTP 404: Fyndet f finns inte' }), photo('p2', 'f'), entry('g'));
		const server = fakeServer();
		const held = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect([held.sent, held.failed, held.waiting, server.received]).toEqual([['g'], ['f', 'p1'], ['p2'], ['g']]);
		expect(await releaseEntry(store, 'f')).toBe(true);
		expect((await store.all()).map((e) => e.lastError)).toEqual([undefined, undefined, undefined]);
		const released = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect([released.sent, released.remaining]).toEqual([['f', 'p1', 'p2'], 0]);
	});

	it('throws away a held finding together with its photos and edits, nothing else', async () => {
		const store = await storeWith(entry('f', { lastError: 'HTTP 409: id taken' }), photo('p', 'f'), update('u', { findingId: 'f', url: '/api/inventories/i1/findings/f' }), entry('g'));
		expect(await discardEntry(store, 'f')).toEqual(['f', 'p', 'u']);
		expect(ids(await store.all())).toEqual(['g']);
		expect(await discardEntry(store, 'f')).toEqual([]);
	});
});

/** A server that keeps versions, as the inventory store does: an edit names the version it was based on. */
function versionedServer(version = 1) {
	const puts: unknown[] = [];
	let note = 'Släckt lampa';
	let severity = 2;
	return {
		puts,
		get current() {
			return { id: 'f1', version, note, severity };
		},
		handle(e: OutboxEntry): SendResponse {
			const body = e.body as { baseVersion: number; note?: string; severity?: number };
			puts.push(body);
			if (body.baseVersion !== version) return { status: 409, body: { message: 'Fyndet har ändrats', current: this.current } };
			note = body.note ?? note;
			severity = body.severity ?? severity;
			version++;
			return { status: 200, body: { finding: this.current } };
		}
	};
}

describe('enqueueUpdate', () => {
	it('folds two offline edits of one finding into one, so they reach the server without a conflict', async () => {
		const store = new MemoryOutboxStore();
		// both edits were made while the device still had version 1
		await enqueueUpdate(store, update('u1', { body: { baseVersion: 1, note: 'Tre lampor släckta' } }) as OutboxEntry & { kind: 'finding-update' });
		await enqueueUpdate(store, update('u2', { body: { baseVersion: 1, severity: 3 } }) as OutboxEntry & { kind: 'finding-update' });
		const queued = await store.all();
		expect(queued.map((e) => [e.id, e.body])).toEqual([['u1', { baseVersion: 1, note: 'Tre lampor släckta', severity: 3 }]]);
		const server = versionedServer();
		const result = await syncOutbox(store, async (e) => server.handle(e), noConflicts);
		expect([result.sent, result.conflicts, server.current]).toEqual([['u1'], [], { id: 'f1', version: 2, note: 'Tre lampor släckta', severity: 3 }]);
	});

	it('keeps edits of different findings, of other accounts and held edits apart', async () => {
		const store = await storeWith(update('held', { lastError: 'HTTP 400: nej' }), update('bo', { account: 'bo' }), update('other', { findingId: 'f2', url: '/api/inventories/i1/findings/f2' }));
		await enqueueUpdate(store, update('new', { body: { baseVersion: 1, note: 'ny' } }) as OutboxEntry & { kind: 'finding-update' });
		expect(ids(await store.all())).toEqual(['held', 'bo', 'other', 'new']);
	});

	it('never rewrites an edit while it is being sent: one made meanwhile waits and is queued on its own', async () => {
		const store = await storeWith(update('u1', { body: { baseVersion: 1, note: 'först' } }));
		let sent: unknown = null;
		const during: Promise<OutboxEntry>[] = [];
		const sync = syncOutbox(
			store,
			async (e) => {
				during.push(enqueueUpdate(store, update('u2', { body: { baseVersion: 2, note: 'sedan' } }) as OutboxEntry & { kind: 'finding-update' }));
				await new Promise((resolve) => setTimeout(resolve, 5));
				sent = e.body;
				return { status: 200, body: null };
			},
			noConflicts
		);
		await sync;
		expect(during).toHaveLength(1);
		await Promise.all(during);
		expect(sent).toEqual({ baseVersion: 1, note: 'först' });
		expect((await store.all()).map((e) => [e.id, e.body])).toEqual([['u2', { baseVersion: 2, note: 'sedan' }]]);
	});
});

describe('queuedFindingCount', () => {
	it('counts findings, not entries: a finding with its photos and an edit is one', () => {
		const entries = [entry('f'), photo('p1', 'f'), photo('p2', 'f'), update('u'), entry('g', { account: 'bo' })];
		expect([queuedFindingCount(entries, 'anna'), queuedFindingCount(entries, 'bo'), queuedFindingCount(entries, 'cia')]).toEqual([2, 1, 0]);
	});
});

describe('storageErrorMessage', () => {
	it('says in Swedish that the phone is full and what to do', () => {
		expect(storageErrorMessage(new DOMException('quota', 'QuotaExceededError'))).toMatch(/^Telefonens lagring är full.*frigör utrymme/);
		expect(storageErrorMessage(new Error('Välj kategori'))).toBe('Välj kategori');
	});
});
