/**
 * The field mode's state: the inventory as last read, the findings and photos queued on the
 * device (the outbox), whether the phone is online, and conflicts waiting for a person.
 *
 * Everything recorded goes into the outbox first, online or not, and is sent from there: one
 * path, so a finding made in a stairwell without signal behaves like one made in the street.
 * The outbox belongs to the phone, its entries to the account that made them: this session sends
 * only the logged-in account's entries (of every walk), and shows that others are waiting.
 */
import * as v from 'valibot';
import { FindingInput, type FindingCategoryId, type Severity } from '$lib/inventory/categories';
import { persistStorage } from '$lib/inventory/field-cache';
import {
	addConflict,
	conflictFrom,
	findingsUrl,
	findingUrl,
	keepMine,
	loadConflicts,
	queueEdit,
	queueFinding,
	queuePhotos,
	saveConflicts,
	withQueuedEdits,
	type Conflict,
	type FindingChange
} from '$lib/inventory/field-queue';
import type { LonLat } from '$lib/inventory/fields';
import { fetchInventory } from '$lib/api';
import type { Finding, Inventory } from '$lib/inventory/model';
import {
	discardEntry,
	findingIdOf,
	openOutboxStore,
	queuedFindingCount,
	releaseEntry,
	storageErrorMessage,
	syncOutbox,
	type OutboxEntry,
	type OutboxStore,
	type SendResponse
} from '$lib/inventory/outbox';
import type { ResizedPhoto } from '$lib/inventory/photo-resize';
import { sendEntry, watchConnection } from '$lib/inventory/outbox-send';

export type { Conflict };

export interface NewFinding {
	category: FindingCategoryId;
	severity: Severity;
	note: string;
	position: LonLat;
	photos: ResizedPhoto[];
	/** The stop it belongs to (the nearest, or one chosen), or null. */
	stopId: string | null;
}

/** Sends an entry; a 401 (SessionEndedError) keeps it queued until the person has logged in again. */
const send = (entry: OutboxEntry): Promise<SendResponse> => sendEntry(entry, 'Inloggningen har gått ut. Logga in igen; fynden ligger kvar i telefonen.');

/** Errors from storing on the phone, in words a person can act on (storage full above all). */
async function storing<T>(task: () => Promise<T>): Promise<T> {
	try {
		return await task();
	} catch (err) {
		throw new Error(storageErrorMessage(err), { cause: err });
	}
}

export class FieldSession {
	inventory = $state.raw<Inventory>(null!);
	/** Every entry in the phone's outbox, of every account. */
	entries = $state.raw<OutboxEntry[]>([]);
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	syncing = $state(false);
	/** False when the queue lives in memory only (no IndexedDB): closing the page loses it. */
	persistent = $state(true);
	/** Whether the browser promised not to evict the queue when space runs low (null: not asked yet). */
	storagePersisted = $state<'ja' | 'nej' | 'okänt' | null>(null);
	problem = $state<string | null>(null);
	/** This account's conflicts, from every walk. */
	conflicts = $state.raw<Conflict[]>([]);

	/** The logged-in account's username. */
	readonly account: string;
	#store: OutboxStore | null = null;

	constructor(inventory: Inventory, account: string) {
		this.inventory = inventory;
		this.account = account;
		this.conflicts = loadConflicts(localStorage, account);
	}

	get #findingsUrl() {
		return findingsUrl(this.inventory.id);
	}

	/** This account's entries. */
	get mine(): OutboxEntry[] {
		return this.entries.filter((e) => e.account === this.account);
	}

	/** This account's queued new findings of this inventory, oldest first. */
	get queuedFindings(): (OutboxEntry & { kind: 'finding-create' })[] {
		return this.mine.filter((e): e is OutboxEntry & { kind: 'finding-create' } => e.kind === 'finding-create' && e.url === this.#findingsUrl);
	}

	/** This account's queued new findings of other walks (they are sent from here too). */
	get queuedElsewhere(): number {
		return this.mine.filter((e) => e.kind === 'finding-create' && e.url !== this.#findingsUrl).length;
	}

	/** Findings other accounts queued on this phone, by username: they wait for that person. */
	get otherAccounts(): { account: string; findings: number }[] {
		const accounts = [...new Set(this.entries.map((e) => e.account).filter((a) => a !== this.account))];
		return accounts.map((account) => ({ account, findings: queuedFindingCount(this.entries, account) }));
	}

	/** This inventory's stored findings as they will be once this account's queued edits are stored. */
	get findings(): Finding[] {
		return this.inventory.findings.map((f) => withQueuedEdits(f, this.mine, this.account));
	}

	/** This account's entries the server refused or kept failing, waiting for a person. */
	get held(): OutboxEntry[] {
		return this.mine.filter((e) => e.lastError !== undefined);
	}

	/** Opens the outbox and starts syncing whenever the network is there; returns the teardown. */
	start(): () => void {
		let stopped = false;
		void (async () => {
			const { store, persistent } = await openOutboxStore();
			if (stopped) return;
			this.#store = store;
			this.persistent = persistent;
			await this.#refreshQueue();
			if (this.online) void this.sync();
			// Best effort: ask the browser to keep the queue when space runs low.
			const persisted = await persistStorage();
			if (!stopped) this.storagePersisted = persisted;
		})();
		const unwatch = watchConnection(
			{
				online: () => {
					this.online = true;
					void this.sync();
				},
				offline: () => (this.online = false),
				retry: () => {
					if (this.online && this.mine.some((e) => e.lastError === undefined) && !this.syncing) void this.sync();
				}
			},
			15_000
		);
		return () => {
			stopped = true;
			unwatch();
		};
	}

	async #refreshQueue() {
		if (this.#store) this.entries = await this.#store.all();
	}

	#openStore(): OutboxStore {
		if (!this.#store) throw new Error('Telefonens kö är inte öppen än; försök igen om en sekund.');
		return this.#store;
	}

	/**
	 * Queues a finding and its photos (each with its own device id), all or nothing, then tries to
	 * send. A failure (storage full) leaves nothing queued, so saving again makes no second copy.
	 */
	async record(input: NewFinding): Promise<string> {
		const store = this.#openStore();
		const clientId = crypto.randomUUID();
		const photos = input.photos.map((photo, index) => ({ id: crypto.randomUUID(), blob: photo.blob, filename: `fynd-${index + 1}.jpg` }));
		const body = v.parse(FindingInput, {
			category: input.category,
			severity: input.severity,
			note: input.note,
			position: input.position,
			stopId: input.stopId,
			clientId,
			createdAt: new Date().toISOString(),
			photos: photos.map((p) => p.id)
		});
		await storing(() => queueFinding(store, { account: this.account, inventoryId: this.inventory.id, body, photos }));
		await this.#refreshQueue();
		if (this.online) void this.sync();
		return clientId;
	}

	/**
	 * Queues a change to a finding of this walk, based on the version this device last saw, and
	 * photos added to it (a photo does not change the finding's version, so it never conflicts).
	 */
	async edit(findingId: string, baseVersion: number, change: FindingChange, newPhotos: ResizedPhoto[] = []): Promise<void> {
		const store = this.#openStore();
		await storing(() => queueEdit(store, { account: this.account, url: findingUrl(this.inventory.id, findingId), findingId, baseVersion, change }));
		if (newPhotos.length > 0) {
			const photos = newPhotos.map((photo, index) => ({ id: crypto.randomUUID(), blob: photo.blob, filename: `fynd-tillagt-${index + 1}.jpg` }));
			await storing(() => queuePhotos(store, { account: this.account, findingId, photos }));
		}
		await this.#refreshQueue();
		if (this.online) void this.sync();
	}

	/** Sends this account's queue; afterwards reads the inventory again so the list shows what the server has. */
	async sync(): Promise<void> {
		const store = this.#store;
		if (!store) return;
		this.syncing = true;
		try {
			const result = await syncOutbox(store, send, { account: this.account, onConflict: (entry, body) => this.#keepConflict(entry, body) });
			this.problem = result.stopped ? (navigator.onLine ? `Kunde inte skicka: ${result.stopped.reason}` : null) : null;
			if (result.sent.length > 0 || result.conflicts.length > 0) {
				const fresh = await fetchInventory(this.inventory.id);
				if (fresh.ok) this.inventory = fresh.value;
			}
		} catch (err) {
			this.problem = err instanceof Error ? err.message : String(err);
		} finally {
			this.syncing = false;
			await this.#refreshQueue();
		}
	}

	/** A 409 to an edit: kept for a person to choose, unless the server already has my change. */
	#keepConflict(entry: OutboxEntry, body: unknown): boolean {
		const made = conflictFrom(entry, body);
		if (!made) return false;
		if ('conflict' in made) this.#saveConflicts(addConflict(loadConflicts(localStorage, this.account), made.conflict));
		return true;
	}

	#saveConflicts(conflicts: Conflict[]) {
		this.conflicts = conflicts;
		saveConflicts(localStorage, this.account, conflicts);
	}

	/** My change wins: sent again, now based on the version the other person made, to the finding's own walk. */
	async keepMine(conflict: Conflict): Promise<void> {
		const store = this.#openStore();
		await storing(() => keepMine(store, conflict));
		this.#saveConflicts(this.conflicts.filter((c) => c.id !== conflict.id));
		await this.#refreshQueue();
		if (this.online) void this.sync();
	}

	/** Their version stands; mine is dropped. */
	keepTheirs(conflict: Conflict): void {
		this.#saveConflicts(this.conflicts.filter((c) => c.id !== conflict.id));
		if (conflict.inventoryId !== this.inventory.id) return;
		this.inventory = { ...this.inventory, findings: this.inventory.findings.map((f) => (f.id === conflict.findingId ? conflict.current : f)) };
	}

	/** Send a held entry again (a held new finding with its photos). */
	async retry(id: string): Promise<void> {
		if (!this.#store) return;
		await releaseEntry(this.#store, id);
		await this.#refreshQueue();
		void this.sync();
	}

	/** Throw a held entry away (a new finding with its photos and edits). */
	async discard(id: string): Promise<void> {
		if (!this.#store) return;
		await discardEntry(this.#store, id);
		await this.#refreshQueue();
	}

	/** What a held entry is, in words: "ett fynd", "ett foto", "en ändring", and which walk's. */
	describe(entry: OutboxEntry): string {
		const what = entry.kind === 'photo' ? 'ett foto' : entry.kind === 'finding-update' ? 'en ändring av ett fynd' : 'ett fynd';
		const inThisWalk = entry.kind === 'photo' ? this.inventory.findings.some((f) => f.id === findingIdOf(entry)) || this.queuedFindings.some((e) => e.id === findingIdOf(entry)) : entry.url.startsWith(this.#findingsUrl);
		return inThisWalk ? what : `${what} i en annan inventering`;
	}
}
