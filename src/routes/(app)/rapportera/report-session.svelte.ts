/**
 * The report form's queue: every report goes into the phone's outbox first (the field mode's
 * queue, src/lib/inventory/outbox.ts) and is sent from there, now if there is network, else when
 * it comes back ('online', and a retry every 20 s). The entries belong to the logged-in account.
 */
import { discardEntry, openOutboxStore, storageErrorMessage, syncOutbox, type OutboxEntry, type OutboxStore } from '$lib/inventory/outbox';
import { sendEntry, watchConnection } from '$lib/inventory/outbox-send';
import { queueReport, queuedReports } from '$lib/reports/report-queue';
import type { NewReport } from '$lib/reports/model';

export class ReportQueue {
	entries = $state.raw<OutboxEntry[]>([]);
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	syncing = $state(false);
	persistent = $state(true);
	/** Ids sent in this visit, newest last. */
	sent = $state.raw<string[]>([]);
	problem = $state<string | null>(null);
	readonly account: string;
	#store: OutboxStore | null = null;

	constructor(account: string) {
		this.account = account;
	}

	get mine() {
		return queuedReports(this.entries, this.account);
	}

	start(): () => void {
		let stopped = false;
		void (async () => {
			const { store, persistent } = await openOutboxStore();
			if (stopped) return;
			this.#store = store;
			this.persistent = persistent;
			await this.#refresh();
			if (this.online) void this.sync();
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
			20_000
		);
		return () => {
			stopped = true;
			unwatch();
		};
	}

	async #refresh() {
		if (this.#store) this.entries = await this.#store.all();
	}

	/** Puts the report in the queue (throws a message a person can act on when the phone cannot store it), then sends if online. */
	async add(body: NewReport): Promise<void> {
		const store = this.#store ?? (await openOutboxStore()).store;
		this.#store = store;
		try {
			await queueReport(store, { account: this.account, body });
		} catch (err) {
			throw new Error(storageErrorMessage(err).replace('fyndet', 'rapporten'), { cause: err });
		}
		await this.#refresh();
		if (this.online) await this.sync();
	}

	async sync(): Promise<void> {
		if (!this.#store) return;
		this.syncing = true;
		try {
			const result = await syncOutbox(this.#store, sendEntry, { account: this.account, onConflict: () => false });
			this.sent = [...this.sent, ...result.sent];
			this.problem = result.stopped && !/fetch|network|Failed/i.test(result.stopped.reason) ? result.stopped.reason : null;
		} catch (err) {
			this.problem = err instanceof Error ? err.message : String(err);
		} finally {
			this.syncing = false;
			await this.#refresh();
		}
	}

	async discard(id: string): Promise<void> {
		if (!this.#store) return;
		await discardEntry(this.#store, id);
		await this.#refresh();
	}
}
