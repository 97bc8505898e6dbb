/**
 * The change bus: where the live updates learn that something was written. One small interface,
 * so the embedded SQLite store and a later PostgreSQL store can each bring their own:
 *
 * - `SqliteChangeBus` (here, one process): the change rows are written by triggers in the
 *   change's own transaction (migration 15, db/migrations/015-changes.ts); after every write
 *   commits (db/database.ts `onAfterCommit`) the bus reads, in the next turn of the event loop
 *   (the writer's answer does not wait for it), the rows after the last one it has seen and hands
 *   them to its subscribers. A cheap poll (the newest seq, once a second) also picks up
 *   rows written outside `write` or by another process on the same file (the admin CLI).
 * - `PgChangeBus` (pg-change-bus.ts): the same table filled the same way, woken by LISTEN/NOTIFY
 *   (the triggers NOTIFY the new seq, pg migration 003) instead of the after-commit hook;
 *   everything above the bus – the stream, visibility, resume – stays as it is.
 *
 * The interface is synchronous on purpose: LiveEvents.open() reads the backlog and takes over the
 * live changes with nothing in between. PgChangeBus answers it from the changes it handed out,
 * kept in memory.
 *
 * Relative imports only: the bench runs this outside SvelteKit.
 */
import type Database from 'better-sqlite3';
import type { Db } from '../db/database';
import { onAfterCommit } from '../db/database';
import { CHANGES_KEPT } from '../db/migrations/015-changes';

export const CHANGE_KINDS = ['feature', 'measure', 'meeting', 'agenda-item', 'inventory', 'finding', 'report', 'focus-place'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One row of the change table: what changed, never who, nor its content. */
export interface Change {
	/** The event id (`Last-Event-ID`), increasing. */
	seq: number;
	kind: ChangeKind;
	/** The layer of a feature. */
	layer: string | null;
	/** The meeting of an agenda item, the walk of a finding. */
	parent: string | null;
	id: string;
	version: number;
	action: string;
	at: string;
}

export interface ChangeBus {
	/** The newest seq written (0 when none ever was); on PostgreSQL the newest this bus handed out. */
	latest(): number;
	/** The oldest seq still kept (latest() + 1 when the table is empty). */
	oldest(): number;
	/** The changes after `seq`, oldest first, at most `limit`. */
	since(seq: number, limit?: number): Change[];
	/**
	 * Calls `listener` with each batch of new changes, in order, once each, and `onGap` when the bus
	 * fell so far behind that the table no longer holds what came after the last change it handed
	 * on (more than CHANGES_KEPT in one go: an import, a long outage): changes were missed, and a
	 * subscriber must reload what it shows. The bus then goes on from `seq`, the newest. Returns the unsubscribe.
	 */
	subscribe(listener: (changes: readonly Change[]) => void, onGap?: (seq: number) => void, options?: SubscribeOptions): () => void;
	/** Stops the bus (its timer, its hook). */
	close(): void;
}

export interface SubscribeOptions {
	/**
	 * Whether the subscriber has anyone to hand changes to now (the live streams: whether one is
	 * open). While no subscriber wants them the SQLite bus reads only the newest seq after a commit,
	 * not the rows: ten editors saving at once with nobody watching paid a read per commit (issue 14).
	 * A subscriber that starts to want them gets the changes committed after that.
	 */
	wants?: () => boolean;
}

/** A row of the change table as either database gives it (pg's bigint may come as text). */
export interface ChangeRow {
	seq: number | string;
	kind: ChangeKind;
	layer_id: string | null;
	parent_id: string | null;
	object_id: string;
	version: number;
	action: string;
	at: string;
}

export const toChange = (row: ChangeRow): Change => ({
	seq: Number(row.seq),
	kind: row.kind,
	layer: row.layer_id,
	parent: row.parent_id,
	id: row.object_id,
	version: row.version,
	action: row.action,
	at: row.at
});

/**
 * Whether changes after `seen` may be gone: the table keeps the newest CHANGES_KEPT, so a bus whose
 * last change is further behind the newest than that may have missed some (pruned before it read).
 * Closer, nothing it has not seen was pruned (seq gaps there are rolled-back writes).
 */
export function missedChanges(seen: number, first: number, newest: number): boolean {
	return first > seen + 1 && seen < newest - CHANGES_KEPT;
}

/** A bus's subscribers: a listener for changes and one for gaps each. */
export class Subscribers {
	readonly #all = new Set<{ listener: (changes: readonly Change[]) => void; onGap?: (seq: number) => void; wants?: () => boolean }>();

	add(listener: (changes: readonly Change[]) => void, onGap?: (seq: number) => void, { wants }: SubscribeOptions = {}): () => void {
		const entry = { listener, onGap, wants };
		this.#all.add(entry);
		return () => this.#all.delete(entry);
	}

	/** Whether any subscriber wants changes now (see SubscribeOptions). */
	get wanted(): boolean {
		for (const { wants } of this.#all) if (!wants || wants()) return true;
		return false;
	}

	changes(changes: readonly Change[]): void {
		for (const { listener } of this.#all) {
			try {
				listener(changes);
			} catch (error) {
				console.error('A live-update subscriber failed:', error);
			}
		}
	}

	gap(seq: number): void {
		console.warn(`Live updates: the change table no longer reaches back to the last change handed on; subscribers reload (from seq ${seq}).`);
		for (const { onGap } of this.#all) {
			try {
				onGap?.(seq);
			} catch (error) {
				console.error('A live-update subscriber failed:', error);
			}
		}
	}

	clear(): void {
		this.#all.clear();
	}
}

/** The most changes the SQLite bus reads at once. */
const SINCE_PAGE = 1000;

export class SqliteChangeBus implements ChangeBus {
	readonly #db: Db;
	readonly #listeners = new Subscribers();
	#seen: number;
	#dispatching = false;
	#again = false;
	readonly #unhook: () => void;
	readonly #timer: ReturnType<typeof setInterval> | undefined;
	/** Its three statements, prepared once (a wake after every commit asks two: preparing was most of their time). */
	readonly #statements = new Map<string, Database.Statement>();

	/** `pollMs` 0: no poll (tests drive the bus by writes alone). */
	constructor(db: Db, { pollMs = 1000 }: { pollMs?: number } = {}) {
		this.#db = db;
		this.#seen = this.latest();
		// After the commit, not in it: the writer's answer does not wait for the fan-out.
		this.#unhook = onAfterCommit(db, () => this.#wakeSoon());
		if (pollMs > 0) {
			this.#timer = setInterval(() => this.wake(), pollMs);
			this.#timer.unref?.();
		}
	}

	#prepared(text: string): Database.Statement {
		let statement = this.#statements.get(text);
		if (!statement) this.#statements.set(text, (statement = this.#db.prepare(text)));
		return statement;
	}

	latest(): number {
		const row = this.#prepared("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
		return row?.seq ?? 0;
	}

	oldest(): number {
		const row = this.#prepared('SELECT MIN(seq) AS seq FROM changes').get() as { seq: number | null };
		return row.seq ?? this.latest() + 1;
	}

	since(seq: number, limit = SINCE_PAGE): Change[] {
		return (this.#prepared('SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as ChangeRow[]).map(toChange);
	}

	subscribe(listener: (changes: readonly Change[]) => void, onGap?: (seq: number) => void, options?: SubscribeOptions): () => void {
		return this.#listeners.add(listener, onGap, options);
	}

	#scheduled = false;
	#wakeSoon(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(() => {
			this.#scheduled = false;
			this.wake();
		});
	}

	/** Reads what was committed since the last look and hands it on (called soon after each commit, and by the poll). */
	wake(): void {
		if (!this.#db.open) return;
		if (this.#dispatching) {
			// A listener wrote (or a commit came in while handing on): look again when done.
			this.#again = true;
			return;
		}
		this.#dispatching = true;
		try {
			do {
				this.#again = false;
				if (!this.#listeners.wanted) {
					this.#seen = this.latest();
					break;
				}
				for (;;) {
					const changes = this.since(this.#seen);
					if (changes.length === 0) break;
					const newest = this.latest();
					if (missedChanges(this.#seen, changes[0]!.seq, newest)) {
						this.#seen = newest;
						this.#listeners.gap(newest);
						continue;
					}
					this.#seen = changes[changes.length - 1]!.seq;
					this.#listeners.changes(changes);
					// Less than a full page: that was all (nothing commits between two statements of this turn;
					// a listener's own write sets #again). One statement per wake instead of two.
					if (changes.length < SINCE_PAGE) break;
				}
			} while (this.#again);
		} finally {
			this.#dispatching = false;
		}
	}

	close(): void {
		this.#unhook();
		if (this.#timer) clearInterval(this.#timer);
		this.#listeners.clear();
	}
}
