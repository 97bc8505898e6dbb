/**
 * The field mode's state: the inventory as last read, the findings and photos queued on the
 * device (the outbox), whether the phone is online, and conflicts waiting for a person.
 *
 * Everything recorded goes into the outbox first, online or not, and is sent from there: one
 * path, so a finding made in a stairwell without signal behaves like one made in the street.
 */
import * as v from 'valibot';
import { FindingInput, type FindingCategoryId, type Severity } from '$lib/inventory/categories';
import type { LonLat } from '$lib/inventory/fields';
import { fetchInventory } from '$lib/inventory/inventory-api';
import type { Finding, FindingPatch, Inventory } from '$lib/inventory/model';
import { openOutboxStore, releaseEntry, syncOutbox, type OutboxEntry, type OutboxStore, type SendResponse } from '$lib/inventory/outbox';
import type { ResizedPhoto } from '$lib/inventory/photo-resize';

export interface Conflict {
	/** The outbox entry that was refused. */
	id: string;
	findingId: string;
	message: string;
	/** The finding as the server has it now. */
	current: Finding;
	/** What this device wanted to change. */
	yours: Omit<FindingPatch, 'baseVersion'>;
}

export interface NewFinding {
	category: FindingCategoryId;
	severity: Severity;
	note: string;
	position: LonLat;
	photos: ResizedPhoto[];
}

/** A 401 is not the entry's fault: keep it queued until the user has logged in again. */
class SessionEndedError extends Error {}

async function send(entry: OutboxEntry): Promise<SendResponse> {
	let init: RequestInit;
	if (entry.kind === 'photo') {
		const form = new FormData();
		form.set('file', entry.body.blob, entry.body.filename);
		form.set('clientId', entry.id);
		init = { method: entry.method, body: form };
	} else {
		init = { method: entry.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry.body) };
	}
	const response = await fetch(entry.url, { ...init, cache: 'no-store', credentials: 'same-origin' });
	const body = await response.json().catch(() => null);
	if (response.status === 401) throw new SessionEndedError('Inloggningen har gått ut. Logga in igen; fynden ligger kvar i telefonen.');
	return { status: response.status, body };
}

export class FieldSession {
	inventory = $state.raw<Inventory>(null!);
	entries = $state.raw<OutboxEntry[]>([]);
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	syncing = $state(false);
	/** False when the queue lives in memory only (no IndexedDB): closing the page loses it. */
	persistent = $state(true);
	problem = $state<string | null>(null);
	conflicts = $state.raw<Conflict[]>([]);

	#store: OutboxStore | null = null;
	readonly #conflictKey: string;

	constructor(inventory: Inventory) {
		this.inventory = inventory;
		this.#conflictKey = `lageskartan-konflikter-${inventory.id}`;
		try {
			this.conflicts = JSON.parse(localStorage.getItem(this.#conflictKey) ?? '[]') as Conflict[];
		} catch {
			this.conflicts = [];
		}
	}

	get #findingsUrl() {
		return `/api/inventories/${encodeURIComponent(this.inventory.id)}/findings`;
	}

	/** Queued new findings of this inventory, oldest first. */
	get queuedFindings(): (OutboxEntry & { kind: 'finding-create' })[] {
		return this.entries.filter((e): e is OutboxEntry & { kind: 'finding-create' } => e.kind === 'finding-create' && e.url === this.#findingsUrl);
	}

	get queuedPhotos(): number {
		return this.entries.filter((e) => e.kind === 'photo').length;
	}

	/** Entries the server refused, waiting for a person. */
	get held(): OutboxEntry[] {
		return this.entries.filter((e) => e.lastError !== undefined);
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
		})();
		const online = () => {
			this.online = true;
			void this.sync();
		};
		const offline = () => (this.online = false);
		window.addEventListener('online', online);
		window.addEventListener('offline', offline);
		// A retry now and then: 'online' does not fire when a weak signal comes back slowly.
		const timer = setInterval(() => {
			if (this.online && this.entries.length > 0 && !this.syncing) void this.sync();
		}, 15_000);
		return () => {
			stopped = true;
			window.removeEventListener('online', online);
			window.removeEventListener('offline', offline);
			clearInterval(timer);
		};
	}

	async #refreshQueue() {
		if (this.#store) this.entries = await this.#store.all();
	}

	/** Queues a finding and its photos (each with its own device id), then tries to send. */
	async record(input: NewFinding): Promise<string> {
		if (!this.#store) throw new Error('Telefonens kö är inte öppen än; försök igen om en sekund.');
		const clientId = crypto.randomUUID();
		const photoIds = input.photos.map(() => crypto.randomUUID());
		const body = v.parse(FindingInput, {
			category: input.category,
			severity: input.severity,
			note: input.note,
			position: input.position,
			clientId,
			createdAt: new Date().toISOString(),
			photos: photoIds
		});
		const enqueuedAt = new Date().toISOString();
		await this.#store.put({ id: clientId, kind: 'finding-create', url: this.#findingsUrl, method: 'POST', body, enqueuedAt, attempts: 0 });
		for (const [index, photo] of input.photos.entries()) {
			await this.#store.put({
				id: photoIds[index]!,
				kind: 'photo',
				url: `/api/findings/${clientId}/photos`,
				method: 'POST',
				body: { blob: photo.blob, filename: `fynd-${index + 1}.jpg` },
				enqueuedAt,
				attempts: 0
			});
		}
		await this.#refreshQueue();
		if (this.online) void this.sync();
		return clientId;
	}

	/** Queues a change to a finding, based on the version this device last saw. */
	async edit(findingId: string, baseVersion: number, change: Omit<FindingPatch, 'baseVersion'>): Promise<void> {
		if (!this.#store) throw new Error('Telefonens kö är inte öppen än; försök igen om en sekund.');
		await this.#store.put({
			id: crypto.randomUUID(),
			kind: 'finding-update',
			url: `${this.#findingsUrl}/${encodeURIComponent(findingId)}`,
			method: 'PUT',
			baseVersion,
			body: { ...change, baseVersion },
			enqueuedAt: new Date().toISOString(),
			attempts: 0
		});
		await this.#refreshQueue();
		if (this.online) void this.sync();
	}

	/** Sends what is queued; afterwards reads the inventory again so the list shows what the server has. */
	async sync(): Promise<void> {
		const store = this.#store;
		if (!store) return;
		this.syncing = true;
		try {
			const result = await syncOutbox(store, send, { onConflict: (entry, body) => this.#keepConflict(entry, body) });
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

	#keepConflict(entry: OutboxEntry, body: unknown) {
		const answer = body as { message?: string; current?: Finding } | null;
		if (entry.kind !== 'finding-update' || !answer?.current) return;
		const { baseVersion: _base, ...yours } = entry.body as FindingPatch;
		this.#saveConflicts([
			...this.conflicts,
			{ id: entry.id, findingId: answer.current.id, message: answer.message ?? 'Någon annan har ändrat fyndet.', current: answer.current, yours }
		]);
	}

	#saveConflicts(conflicts: Conflict[]) {
		this.conflicts = conflicts;
		if (conflicts.length === 0) localStorage.removeItem(this.#conflictKey);
		else localStorage.setItem(this.#conflictKey, JSON.stringify(conflicts));
	}

	/** My change wins: sent again, now based on the version the other person made. */
	async keepMine(conflict: Conflict): Promise<void> {
		this.#saveConflicts(this.conflicts.filter((c) => c.id !== conflict.id));
		await this.edit(conflict.findingId, conflict.current.version, conflict.yours);
	}

	/** Their version stands; mine is dropped. */
	keepTheirs(conflict: Conflict): void {
		this.#saveConflicts(this.conflicts.filter((c) => c.id !== conflict.id));
		this.inventory = { ...this.inventory, findings: this.inventory.findings.map((f) => (f.id === conflict.findingId ? conflict.current : f)) };
	}

	async retry(id: string): Promise<void> {
		if (!this.#store) return;
		await releaseEntry(this.#store, id);
		await this.#refreshQueue();
		void this.sync();
	}

	async discard(id: string): Promise<void> {
		if (!this.#store) return;
		await this.#store.remove(id);
		await this.#refreshQueue();
	}
}
