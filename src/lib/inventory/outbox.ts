/**
 * The device-side queue of writes made in the field, where the network comes and goes: a
 * finding recorded in a stairwell without signal is queued, and sent when there is signal.
 *
 * Sending is made safe to repeat by the server, not by this queue: every entry carries an id
 * made on the device (the finding's clientId), and the server answers a repeated id with the
 * object it already stored. So when a response is lost, the entry stays queued and is simply
 * sent again; the second answer (200/201 with the stored object) removes it.
 *
 * An entry is never changed once queued, except by `syncOutbox` (attempts, lastError). An edit
 * to a finding that is still queued is a new 'finding-update' entry with its own id; changing
 * the queued entry instead could lose the edit if the old body is being sent at that moment.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export interface PhotoBody {
	blob: Blob;
	filename: string;
}

interface EntryBase {
	/** Made on the device; the idempotency key the server recognises a resend by. */
	id: string;
	url: string;
	method: 'POST' | 'PUT';
	/** The server version an update was made against, for the server's conflict check. */
	baseVersion?: number;
	/** ISO timestamp; entries are sent in this order. */
	enqueuedAt: string;
	/** Sends that did not get an answer that settled the entry. */
	attempts: number;
	/**
	 * Set when the server refused the entry (a 4xx other than 408, 409, 429). The entry is then
	 * held, not sent again, until a person has looked at it and released it (`releaseEntry`).
	 */
	lastError?: string;
}

export type OutboxEntry =
	| (EntryBase & { kind: 'finding-create' | 'finding-update'; body: unknown })
	| (EntryBase & { kind: 'photo'; body: PhotoBody });

export type OutboxKind = OutboxEntry['kind'];

/** Where entries wait. Both implementations store copies, as IndexedDB does. */
export interface OutboxStore {
	/** Every entry, oldest `enqueuedAt` first; entries enqueued in the same millisecond in the order put. */
	all(): Promise<OutboxEntry[]>;
	/** Add an entry, or replace the one with the same id keeping its place in the order. */
	put(entry: OutboxEntry): Promise<void>;
	remove(id: string): Promise<void>;
}

/**
 * A store that lives as long as the page: for tests, and the fallback where IndexedDB is
 * missing (the UI should then say that findings are lost if the page is closed).
 */
export class MemoryOutboxStore implements OutboxStore {
	// A Map keeps insertion order, and set() on an existing key keeps the key's place.
	readonly #entries = new Map<string, OutboxEntry>();

	async all(): Promise<OutboxEntry[]> {
		// sort() is stable, so ties stay in insertion order
		return [...this.#entries.values()].map((e) => structuredClone(e)).sort(byEnqueuedAt);
	}

	async put(entry: OutboxEntry): Promise<void> {
		this.#entries.set(entry.id, structuredClone(entry));
	}

	async remove(id: string): Promise<void> {
		this.#entries.delete(id);
	}
}

function byEnqueuedAt(a: { enqueuedAt: string }, b: { enqueuedAt: string }): number {
	return a.enqueuedAt < b.enqueuedAt ? -1 : a.enqueuedAt > b.enqueuedAt ? 1 : 0;
}

export const FIELD_DB_NAME = 'lageskartan-falt';
/** Bump, and extend `upgrade`, when another store is added to the field database. */
const FIELD_DB_VERSION = 1;

/**
 * `seq` is the put order, stored beside the entry: the key is the id (a random UUID), so without
 * it entries enqueued in the same millisecond (a finding and its photo) would come back in
 * random order, and a photo could be sent before the finding it belongs to.
 */
type StoredEntry = OutboxEntry & { seq: number };

interface FieldDb extends DBSchema {
	outbox: {
		key: string;
		value: StoredEntry;
		indexes: { order: [string, number]; seq: number };
	};
}

/** The outbox in IndexedDB (database 'lageskartan-falt', store 'outbox'), which survives reloads. */
export class IndexedDbOutboxStore implements OutboxStore {
	readonly #name: string;
	#db: Promise<IDBPDatabase<FieldDb>> | null = null;

	/** `name` is for tests; the app uses the default. */
	constructor({ name = FIELD_DB_NAME }: { name?: string } = {}) {
		this.#name = name;
	}

	#open(): Promise<IDBPDatabase<FieldDb>> {
		this.#db ??= openDB<FieldDb>(this.#name, FIELD_DB_VERSION, {
			upgrade(db) {
				const store = db.createObjectStore('outbox', { keyPath: 'id' });
				store.createIndex('order', ['enqueuedAt', 'seq']);
				store.createIndex('seq', 'seq');
			},
			// A newer version of the app in another tab wants to upgrade: let it, and reopen on next use.
			blocking: (_current, _blocked, event) => {
				(event.target as IDBDatabase).close();
				this.#db = null;
			},
			terminated: () => {
				this.#db = null;
			}
		});
		return this.#db;
	}

	async all(): Promise<OutboxEntry[]> {
		const rows = await (await this.#open()).getAllFromIndex('outbox', 'order');
		return rows.map(({ seq: _seq, ...entry }) => entry as OutboxEntry);
	}

	async put(entry: OutboxEntry): Promise<void> {
		const tx = (await this.#open()).transaction('outbox', 'readwrite');
		// Only IndexedDB requests are awaited inside the transaction, so it stays open throughout.
		const existing = await tx.store.get(entry.id);
		const last = existing ? null : await tx.store.index('seq').openCursor(null, 'prev');
		const seq = existing?.seq ?? (last ? last.value.seq + 1 : 0);
		await Promise.all([tx.store.put({ ...entry, seq }), tx.done]);
	}

	async remove(id: string): Promise<void> {
		await (await this.#open()).delete('outbox', id);
	}
}

/**
 * The outbox to use on this device: IndexedDB where it works, otherwise memory. `persistent`
 * says which, so the UI can warn that queued findings would not survive closing the page.
 * Open it once and share it: `syncOutbox` keeps two syncs apart per store object.
 */
export async function openOutboxStore(): Promise<{ store: OutboxStore; persistent: boolean }> {
	if (typeof indexedDB !== 'undefined') {
		const store = new IndexedDbOutboxStore();
		try {
			// Some private modes have indexedDB but refuse to open it; find out now, not on the first finding.
			await store.all();
			return { store, persistent: true };
		} catch {
			// fall through to memory
		}
	}
	return { store: new MemoryOutboxStore(), persistent: false };
}

/** What `send` got back from the server. */
export interface SendResponse {
	status: number;
	body: unknown;
}

/** Sends one entry over the network; throws when there was no answer (offline, timeout, CORS). */
export type Send = (entry: OutboxEntry) => Promise<SendResponse>;

export interface SyncOptions {
	/**
	 * The server has a newer version than the one the entry was based on (409). The entry is
	 * removed from the queue once this returns, so keep what the user needs to resolve it (the
	 * entry and the server's body). If it throws, the entry stays queued and syncOutbox throws.
	 */
	onConflict: (entry: OutboxEntry, body: unknown) => void | Promise<void>;
}

export interface SyncResult {
	/** Ids the server accepted (2xx, including the answer to a resend). */
	sent: string[];
	/** Ids handed to onConflict. */
	conflicts: string[];
	/** Ids held for a person: refused in this sync, or earlier and not released. */
	failed: string[];
	/** Entries still queued after the sync, held ones included. */
	remaining: number;
	/** Why the sync stopped early (no network, server trouble), or null when it went through the queue. */
	stopped: { id: string; reason: string } | null;
}

/** Worth retrying later: timeout, rate limit. Any 5xx, too, and any status that is not 2xx or 4xx. */
const TRANSIENT = new Set([408, 429]);

const syncs = new WeakMap<OutboxStore, Promise<SyncResult>>();

/**
 * Send the queued entries in order, one at a time (a photo must not overtake its finding).
 *
 * - 2xx: sent, removed.
 * - 409: handed to `onConflict`, removed.
 * - other 4xx: marked with `lastError` and held; the sync goes on with the rest.
 * - 408, 429, 5xx or no answer (`send` throws): the sync stops, this entry and the rest stay
 *   queued for the next try, and `stopped` says why.
 *
 * A sync started while another is running on the same store waits for it and then sends
 * what is left, so no entry is sent twice by two overlapping syncs (e.g. the 'online' event
 * and a timer firing together). Two tabs have two module instances; the server's idempotency
 * makes their overlap harmless, not this guard.
 *
 * @example
 * const result = await syncOutbox(store, sendWithFetch, { onConflict: keepForUser });
 * if (result.stopped) scheduleRetry();
 */
export function syncOutbox(store: OutboxStore, send: Send, options: SyncOptions): Promise<SyncResult> {
	const previous = syncs.get(store);
	const run = previous
		? previous.then(
				() => syncOnce(store, send, options),
				() => syncOnce(store, send, options)
			)
		: syncOnce(store, send, options);
	syncs.set(store, run);
	const forget = () => {
		if (syncs.get(store) === run) syncs.delete(store);
	};
	run.then(forget, forget);
	return run;
}

async function syncOnce(store: OutboxStore, send: Send, { onConflict }: SyncOptions): Promise<SyncResult> {
	const result: SyncResult = { sent: [], conflicts: [], failed: [], remaining: 0, stopped: null };
	for (const entry of await store.all()) {
		if (entry.lastError !== undefined) {
			result.failed.push(entry.id);
			continue;
		}
		let response: SendResponse;
		try {
			response = await send(entry);
		} catch (error) {
			await store.put({ ...entry, attempts: entry.attempts + 1 });
			result.stopped = { id: entry.id, reason: error instanceof Error ? error.message : String(error) };
			break;
		}
		const { status, body } = response;
		if (status >= 200 && status < 300) {
			await store.remove(entry.id);
			result.sent.push(entry.id);
		} else if (status === 409) {
			await onConflict(entry, body);
			await store.remove(entry.id);
			result.conflicts.push(entry.id);
		} else if (status >= 400 && status < 500 && !TRANSIENT.has(status)) {
			await store.put({ ...entry, attempts: entry.attempts + 1, lastError: `HTTP ${status}: ${serverMessage(body)}` });
			result.failed.push(entry.id);
		} else {
			await store.put({ ...entry, attempts: entry.attempts + 1 });
			result.stopped = { id: entry.id, reason: `HTTP ${status}: ${serverMessage(body)}` };
			break;
		}
	}
	result.remaining = (await store.all()).length;
	return result;
}

/** The message of a SvelteKit `error()` body ({ message }), else the start of the body as text. */
function serverMessage(body: unknown): string {
	const message = (body as { message?: unknown } | null)?.message;
	const text = typeof message === 'string' ? message : typeof body === 'string' ? body : JSON.stringify(body);
	// a proxy's 502 page can be kilobytes of HTML; the start says enough
	return text ? text.slice(0, 300) : 'inget svar';
}

/**
 * Let a held entry be sent again, after a person has looked at it. Returns false when no entry
 * has that id (it was sent or discarded meanwhile).
 */
export async function releaseEntry(store: OutboxStore, id: string): Promise<boolean> {
	const entry = (await store.all()).find((e) => e.id === id);
	if (!entry) return false;
	const { lastError: _lastError, ...released } = entry;
	await store.put(released as OutboxEntry);
	return true;
}
