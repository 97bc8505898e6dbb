/**
 * The device-side queue of writes made in the field, where the network comes and goes: a
 * finding recorded in a stairwell without signal is queued, and sent when there is signal. The
 * same queue carries the weekly lägesbild's reports (kind 'report-create', src/lib/reports/
 * report-queue.ts): a report is one create with no photos or edits, idempotent by its clientId.
 *
 * Sending is made safe to repeat by the server, not by this queue: every entry carries an id
 * made on the device (the finding's clientId), and the server answers a repeated id with the
 * object it already stored. So when a response is lost, the entry stays queued and is simply
 * sent again; the second answer (200/201 with the stored object) removes it.
 *
 * Entries belong to the account that made them (`account`, the username), not to the phone: a
 * sync sends only the logged-in account's entries, so findings queued by one person are never
 * sent under (and stored as made by) the next person to log in on the same phone.
 *
 * An entry is changed once queued only by `syncOutbox` (attempts, failures, lastError) and by
 * `enqueueUpdate`, which folds a second edit of a finding into the one still queued. Both run
 * one at a time per store object (`serialized`), so an entry is never rewritten while it is sent.
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
	/** Username of the account that made the entry; only that account's session sends it. */
	account: string;
	/**
	 * The finding the entry belongs to (its clientId): the entry's own id for a new finding, the
	 * finding an edit or a photo is for. Entries queued before this field existed have it in the url.
	 */
	findingId?: string;
	/** The server version an update was made against, for the server's conflict check. */
	baseVersion?: number;
	/** ISO timestamp; entries are sent in this order. */
	enqueuedAt: string;
	/** Sends that did not get an answer that settled the entry. */
	attempts: number;
	/** Answers 408, 429 or 5xx in a row; at `MAX_SERVER_FAILURES` the entry is held. */
	serverFailures?: number;
	/**
	 * Set when the server refused the entry (a 4xx other than 408 and 429; a 409 on anything but
	 * an edit) or kept failing it (`MAX_SERVER_FAILURES`). The entry is then held, not sent again,
	 * until a person has looked at it and released it (`releaseEntry`) or thrown it away
	 * (`discardEntry`). The entries of a held new finding (its photos, edits) wait with it.
	 */
	lastError?: string;
}

export type OutboxEntry =
	| (EntryBase & { kind: 'finding-create' | 'finding-update' | 'report-create'; body: unknown })
	| (EntryBase & { kind: 'photo'; body: PhotoBody });

export type OutboxKind = OutboxEntry['kind'];

/** The finding an entry belongs to: its `findingId`, else what its url names (older entries). */
export function findingIdOf(entry: OutboxEntry): string | null {
	if (entry.findingId) return entry.findingId;
	if (entry.kind === 'finding-create') return entry.id;
	const match = /^\/api\/(?:inventories\/[^/]+\/)?findings\/([^/]+)/.exec(entry.url);
	return match ? decodeURIComponent(match[1]!) : null;
}

/** The walk an entry's url is under (`/api/inventories/{id}/…`), or null (a photo's url names only the finding). */
export function inventoryIdOf(url: string): string | null {
	const match = /^\/api\/inventories\/([^/]+)/.exec(url);
	return match ? decodeURIComponent(match[1]!) : null;
}

/** Where entries wait. Both implementations store copies, as IndexedDB does. */
export interface OutboxStore {
	/** Every entry, oldest `enqueuedAt` first; entries enqueued in the same millisecond in the order put. */
	all(): Promise<OutboxEntry[]>;
	/** Add an entry, or replace the one with the same id keeping its place in the order. */
	put(entry: OutboxEntry): Promise<void>;
	/**
	 * `put` for several entries at once, all or nothing: when one cannot be stored (storage full,
	 * a body that cannot be copied) none is, and the error is thrown. A finding and its photos go
	 * in together this way, so a failed photo never leaves the finding queued on its own.
	 */
	putAll(entries: OutboxEntry[]): Promise<void>;
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
		await this.putAll([entry]);
	}

	async putAll(entries: OutboxEntry[]): Promise<void> {
		// Copy every entry before storing any, so a body that cannot be copied stores nothing.
		const copies = entries.map((entry) => structuredClone(entry));
		for (const copy of copies) this.#entries.set(copy.id, copy);
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
		await this.putAll([entry]);
	}

	async putAll(entries: OutboxEntry[]): Promise<void> {
		const tx = (await this.#open()).transaction('outbox', 'readwrite');
		const done = tx.done;
		// Awaited below, or thrown away when a put already failed: never an unhandled rejection.
		done.catch(() => undefined);
		try {
			// Only IndexedDB requests are awaited inside the transaction, so it stays open throughout.
			const last = await tx.store.index('seq').openCursor(null, 'prev');
			let next = last ? last.value.seq + 1 : 0;
			for (const entry of entries) {
				const existing = await tx.store.get(entry.id);
				// put() throws at once for a body it cannot copy (DataCloneError); storage full comes
				// as the request's or the commit's error (QuotaExceededError).
				await tx.store.put({ ...entry, seq: existing?.seq ?? next++ });
			}
		} catch (err) {
			try {
				tx.abort();
			} catch {
				// already aborted by the failed request
			}
			throw err;
		}
		await done;
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
	/** The logged-in account's username: only its entries are sent; the others stay queued. */
	account: string;
	/**
	 * An edit was based on a version the server no longer has (409). The entry is removed from
	 * the queue once this returns, so keep what the user needs to resolve it (the entry and the
	 * server's body). Return false when the answer cannot be resolved (no current version in it):
	 * the entry is then held instead. If it throws, the entry stays queued and syncOutbox throws.
	 * A 409 to a new finding or photo (its id is taken) is never handed here: it is held.
	 */
	onConflict: (entry: OutboxEntry, body: unknown) => boolean | void | Promise<boolean | void>;
}

export interface SyncResult {
	/** Ids the server accepted (2xx, including the answer to a resend). */
	sent: string[];
	/** Ids handed to onConflict. */
	conflicts: string[];
	/** Ids held for a person: refused in this sync, or earlier and not released. */
	failed: string[];
	/** Ids not sent because the new finding they belong to is held (its photos, its edits). */
	waiting: string[];
	/** The account's entries still queued after the sync, held and waiting ones included. */
	remaining: number;
	/** Entries of other accounts, left alone. */
	others: number;
	/** Why the sync stopped early (no network, server trouble), or null when it went through the queue. */
	stopped: { id: string; reason: string } | null;
}

/** Worth retrying later: timeout, rate limit. Any 5xx, too, and any status that is not 2xx or 4xx. */
const TRANSIENT = new Set([408, 429]);

/**
 * Answers 408/429/5xx in a row after which an entry is held, so that one entry the server keeps
 * failing on does not hold up the rest of the queue for ever.
 */
export const MAX_SERVER_FAILURES = 5;

const queues = new WeakMap<OutboxStore, Promise<unknown>>();

/**
 * Runs `task` after every task already started on this store has settled, so two syncs (or a
 * sync and `enqueueUpdate`) never work on the queue at the same time. Per store object: two tabs
 * have two module instances, and there the server's idempotency keeps resends harmless.
 */
function serialized<T>(store: OutboxStore, task: () => Promise<T>): Promise<T> {
	const previous = queues.get(store);
	const run = previous ? previous.then(task, task) : task();
	queues.set(store, run);
	const forget = () => {
		if (queues.get(store) === run) queues.delete(store);
	};
	run.then(forget, forget);
	return run;
}

/**
 * Send the account's queued entries in order, one at a time (a photo must not overtake its finding).
 *
 * - 2xx: sent, removed.
 * - 409 to an edit: handed to `onConflict`, removed.
 * - 409 to a new finding or photo, or another 4xx (not 408, 429): marked with `lastError` and
 *   held; the sync goes on with the rest.
 * - 408, 429, 5xx: counted in `serverFailures`; the sync stops and this entry and the rest stay
 *   queued for the next try, and `stopped` says why. At `MAX_SERVER_FAILURES` the entry is held
 *   instead and the sync goes on.
 * - no answer (`send` throws: offline, session ended): the sync stops, nothing is held.
 * - Photos and edits of a new finding that is held wait with it (not sent, not held themselves);
 *   later edits of a finding whose edit is held wait too.
 * - Entries of other accounts are left where they are, unsent.
 *
 * A sync started while another is running on the same store waits for it and then sends
 * what is left, so no entry is sent twice by two overlapping syncs (e.g. the 'online' event
 * and a timer firing together). Two tabs have two module instances; the server's idempotency
 * makes their overlap harmless, not this guard.
 *
 * @example
 * const result = await syncOutbox(store, sendWithFetch, { account: 'anna', onConflict: keepForUser });
 * if (result.stopped) scheduleRetry();
 */
export function syncOutbox(store: OutboxStore, send: Send, options: SyncOptions): Promise<SyncResult> {
	return serialized(store, () => syncOnce(store, send, options));
}

async function syncOnce(store: OutboxStore, send: Send, { account, onConflict }: SyncOptions): Promise<SyncResult> {
	const result: SyncResult = { sent: [], conflicts: [], failed: [], waiting: [], remaining: 0, others: 0, stopped: null };
	/** New findings that are held: everything else of theirs waits. */
	const heldFindings = new Set<string>();
	/** Findings with a held edit: their later edits wait (they would be based on it). */
	const heldEdits = new Set<string>();
	const hold = async (entry: OutboxEntry, lastError: string, extra: Partial<OutboxEntry> = {}) => {
		await store.put({ ...entry, ...extra, attempts: entry.attempts + 1, lastError } as OutboxEntry);
		markHeld(entry);
		result.failed.push(entry.id);
	};
	const markHeld = (entry: OutboxEntry) => {
		const finding = findingIdOf(entry);
		if (!finding) return;
		if (entry.kind === 'finding-create') heldFindings.add(finding);
		else if (entry.kind === 'finding-update') heldEdits.add(finding);
	};
	for (const entry of await store.all()) {
		if (entry.account !== account) continue;
		if (entry.lastError !== undefined) {
			markHeld(entry);
			result.failed.push(entry.id);
			continue;
		}
		const finding = findingIdOf(entry);
		if (finding && entry.kind !== 'finding-create' && (heldFindings.has(finding) || (entry.kind === 'finding-update' && heldEdits.has(finding)))) {
			result.waiting.push(entry.id);
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
		} else if (status === 409 && entry.kind === 'finding-update') {
			if ((await onConflict(entry, body)) === false) {
				await hold(entry, `HTTP 409: ${serverMessage(body)}`);
			} else {
				await store.remove(entry.id);
				result.conflicts.push(entry.id);
			}
		} else if (status >= 400 && status < 500 && !TRANSIENT.has(status)) {
			await hold(entry, `HTTP ${status}: ${serverMessage(body)}`);
		} else {
			const failures = (entry.serverFailures ?? 0) + 1;
			const reason = `HTTP ${status}: ${serverMessage(body)}`;
			if (failures >= MAX_SERVER_FAILURES) {
				await hold(entry, `${reason} (${failures} försök i rad)`, { serverFailures: failures });
				continue;
			}
			await store.put({ ...entry, attempts: entry.attempts + 1, serverFailures: failures });
			result.stopped = { id: entry.id, reason };
			break;
		}
	}
	const left = await store.all();
	result.remaining = left.filter((e) => e.account === account).length;
	result.others = left.length - result.remaining;
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
 * Let a held entry be sent again, after a person has looked at it. Releasing a new finding also
 * releases its held photos and edits. Returns false when no entry has that id (it was sent or
 * discarded meanwhile).
 */
export function releaseEntry(store: OutboxStore, id: string): Promise<boolean> {
	return serialized(store, async () => {
		const all = await store.all();
		const entry = all.find((e) => e.id === id);
		if (!entry) return false;
		const released = [entry];
		if (entry.kind === 'finding-create') {
			released.push(...all.filter((e) => e !== entry && e.account === entry.account && e.lastError !== undefined && findingIdOf(e) === entry.id));
		}
		await store.putAll(
			released.map((e) => {
				const { lastError: _lastError, serverFailures: _failures, ...rest } = e;
				return rest as OutboxEntry;
			})
		);
		return true;
	});
}

/**
 * Throw a queued entry away. Throwing away a new finding throws away its photos and edits too
 * (they could never be sent). Returns the ids removed.
 */
export function discardEntry(store: OutboxStore, id: string): Promise<string[]> {
	return serialized(store, async () => {
		const all = await store.all();
		const entry = all.find((e) => e.id === id);
		if (!entry) return [];
		const gone = entry.kind === 'finding-create' ? all.filter((e) => e === entry || (e.account === entry.account && findingIdOf(e) === entry.id)) : [entry];
		for (const e of gone) await store.remove(e.id);
		return gone.map((e) => e.id);
	});
}

/**
 * Queue an edit of a finding. When an edit of the same finding by the same account is still
 * queued (not sent, not held), the two become one entry: the queued one, with the new change laid
 * over it and its baseVersion kept. Two separate edits would both be based on the version the
 * device last saw, and the second would conflict with the first once that was stored.
 * Waits for a running sync, so an entry being sent is never rewritten. Returns the entry queued.
 */
export function enqueueUpdate(store: OutboxStore, entry: OutboxEntry & { kind: 'finding-update' }): Promise<OutboxEntry> {
	return serialized(store, async () => {
		const finding = findingIdOf(entry);
		const queued = (await store.all()).find(
			(e): e is OutboxEntry & { kind: 'finding-update' } =>
				e.kind === 'finding-update' && e.account === entry.account && e.lastError === undefined && e.url === entry.url && findingIdOf(e) === finding
		);
		const next: OutboxEntry = queued
			? { ...queued, body: { ...(queued.body as object), ...(entry.body as object), baseVersion: queued.baseVersion } }
			: entry;
		await store.put(next);
		return next;
	});
}

/** The findings (new ones, edits, photos: counted by finding) an account has queued. */
export function queuedFindingCount(entries: OutboxEntry[], account: string): number {
	return new Set(entries.filter((e) => e.account === account && e.kind !== 'report-create').map((e) => findingIdOf(e) ?? e.id)).size;
}

/** The reports (weekly lägesbild) an account has queued. */
export function queuedReportCount(entries: OutboxEntry[], account: string): number {
	return entries.filter((e) => e.account === account && e.kind === 'report-create').length;
}

/**
 * What to tell a person when the phone could not store what they saved: storage full gets a
 * message of its own that says what to do; anything else its own message.
 */
export function storageErrorMessage(error: unknown): string {
	const name = (error as { name?: unknown } | null)?.name;
	if (name === 'QuotaExceededError') {
		return 'Telefonens lagring är full, så fyndet kunde inte sparas (inget av det är sparat). Skicka det som väntar när det finns nät, ta färre foton eller frigör utrymme i telefonen – och spara sedan igen.';
	}
	return error instanceof Error ? error.message : String(error);
}
