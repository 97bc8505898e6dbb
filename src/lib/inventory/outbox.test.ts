import { describe, expect, it } from 'vitest';
import {
	IndexedDbOutboxStore,
	MemoryOutboxStore,
	releaseEntry,
	syncOutbox,
	type OutboxEntry,
	type OutboxStore,
	type SendResponse
} from './outbox';

function entry(id: string, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
	return {
		id,
		kind: 'finding-create',
		url: '/api/inventeringar/i1/fynd',
		method: 'POST',
		body: { clientId: id, category: 'belysning' },
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

const noConflicts = { onConflict: () => expect.fail('no conflict expected') };
const ids = (entries: OutboxEntry[]) => entries.map((e) => e.id);

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
}

describe('MemoryOutboxStore', () => {
	storeContract(() => new MemoryOutboxStore());
});

// IndexedDB is not in Node; fake-indexeddb provides it where installed (a devDependency to add).
// The variable name keeps Vite from resolving the import when the package is missing.
const fakeIndexedDb = 'fake-indexeddb/auto';
const hasIndexedDb = await import(/* @vite-ignore */ fakeIndexedDb).then(
	() => true,
	() => false
);
let databases = 0;

describe.skipIf(!hasIndexedDb)('IndexedDbOutboxStore (with fake-indexeddb)', () => {
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
		expect(result).toEqual({ sent: ['a', 'b', 'c'], conflicts: [], failed: [], remaining: 0, stopped: null });
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
			remaining: 2,
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
			{ onConflict: (e, body) => void handed.push([e.id, body]) }
		);
		expect(handed).toEqual([['a', { version: 3 }]]);
		expect([result.conflicts, result.sent, result.remaining]).toEqual([['a'], ['b'], 0]);
	});

	it('keeps a conflicting entry queued when onConflict fails to keep it', async () => {
		const store = await storeWith(entry('a'));
		const sync = syncOutbox(store, async () => ({ status: 409, body: null }), {
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
		const store = await storeWith(entry('a'));
		const failing = syncOutbox(store, async () => ({ status: 409, body: null }), {
			onConflict: () => {
				throw new Error('disk full');
			}
		});
		const next = syncOutbox(store, async () => ({ status: 201, body: null }), noConflicts);
		await expect(failing).rejects.toThrow('disk full');
		expect((await next).sent).toEqual(['a']);
	});
});
