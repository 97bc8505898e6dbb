/**
 * The change bus on PostgreSQL (issue 15): every instance of the app on one database learns of
 * every change, in seq order, once.
 *
 * - The change rows are written by the triggers in the change's own transaction, as on SQLite;
 *   each NOTIFYs `lageskarta_changes` with its seq (pg migration 003). PostgreSQL delivers a
 *   NOTIFY only on commit, in commit order; a rolled-back change wakes nobody.
 * - The bus holds one dedicated connection (a pg Client, not one of the pool's) that LISTENs. A
 *   notification makes it read, through the pool, the rows after the last seq it handed out, and
 *   hand them to its subscribers in order. The advisory lock in the triggers keeps seq order and
 *   commit order the same, so "after the last seq" never skips a row that commits later.
 * - When the listening connection is lost (a server restart, pg_terminate_backend), it reconnects
 *   with backoff (100 ms doubling to 5 s), LISTENs again, then reads everything after its last
 *   seq: what was committed while it was down is handed on then. A slow poll (the newest seq,
 *   every `pollMs`) through the pool is the safety net, as on SQLite.
 * - The ChangeBus interface is synchronous (the stream's open() relies on it: nothing slips
 *   between the backlog and the live changes), so the bus keeps the newest `keep` changes it has
 *   handed out in memory (10 000 by default, the length of the table) and answers latest(),
 *   oldest() and since() from them: latest() is the last seq handed out. A browser resuming on
 *   another instance costs no query, and many resuming at once (an instance restart) no load.
 *
 * Relative imports only: a benchmark may run this outside SvelteKit.
 */
import pg from 'pg';
import { CHANGES_KEPT } from '../db/migrations/015-changes';
import { CHANGES_CHANNEL } from '../db/pg/migrations/003-change-notify';
import { missedChanges, Subscribers, toChange, type Change, type ChangeBus, type ChangeRow, type SubscribeOptions } from './change-bus';

export interface PgChangeBusOptions {
	/** The safety-net poll; 0: none (tests drive the bus by notifications alone). */
	pollMs?: number;
	/** How many of the newest changes are kept for since() (resume). */
	keep?: number;
	/** The first and the longest wait before reconnecting the listening connection. */
	backoffMs?: number;
	maxBackoffMs?: number;
	/** How many rows one read takes at most (a large import is read in several). */
	batch?: number;
}

/** The listening connection's application_name (pg_stat_activity shows it). */
export const LISTENER_NAME = 'lageskarta-live';

export class PgChangeBus implements ChangeBus {
	readonly #pool: pg.Pool;
	readonly #connection: pg.ClientConfig;
	readonly #options: Required<PgChangeBusOptions>;
	readonly #listeners = new Subscribers();
	/** The changes handed out, oldest first, at most `keep`. */
	#window: Change[] = [];
	#seen = 0;
	#client: pg.Client | null = null;
	#closed = false;
	/** Set once the window is read: notifications before it are covered by open()'s last wake(). */
	#started = false;
	#ending: Promise<void> | undefined;
	/** A reconnect under way (closed() waits for it to give up its connection). */
	#connecting: Promise<void> | undefined;
	#reading: Promise<void> | null = null;
	#again = false;
	#backoff: number;
	#reconnectTimer: ReturnType<typeof setTimeout> | undefined;
	#pollTimer: ReturnType<typeof setInterval> | undefined;
	/** How many times the listening connection was made (1 at start; the tests watch it). */
	connects = 0;

	/**
	 * `pool` reads the change rows (the stores' pool; the bus does not end it); `connection` is
	 * where the listening connection goes (a URL or a pg ClientConfig for the same database).
	 */
	private constructor(pool: pg.Pool, connection: string | pg.ClientConfig, options: PgChangeBusOptions) {
		this.#pool = pool;
		this.#connection = typeof connection === 'string' ? { connectionString: connection } : connection;
		this.#options = { pollMs: 1000, keep: CHANGES_KEPT, backoffMs: 100, maxBackoffMs: 5000, batch: 1000, ...options };
		this.#backoff = this.#options.backoffMs;
	}

	/** Starts the bus: listens, then reads the newest `keep` changes (they are not handed on). */
	static async open(pool: pg.Pool, connection: string | pg.ClientConfig, options: PgChangeBusOptions = {}): Promise<PgChangeBus> {
		const bus = new PgChangeBus(pool, connection, options);
		try {
			await bus.#listen();
			const { rows } = await pool.query<ChangeRow>('SELECT * FROM changes ORDER BY seq DESC LIMIT $1', [bus.#options.keep]);
			bus.#window = rows.reverse().map(toChange);
			bus.#seen = bus.#window.at(-1)?.seq ?? 0;
			bus.#started = true;
		} catch (error) {
			bus.close();
			throw error;
		}
		if (bus.#options.pollMs > 0) {
			bus.#pollTimer = setInterval(() => void bus.#poll(), bus.#options.pollMs);
			bus.#pollTimer.unref?.();
		}
		// A change that committed between the LISTEN and the read above notified before the bus was started.
		await bus.wake();
		return bus;
	}

	latest(): number {
		return this.#seen;
	}

	oldest(): number {
		return this.#window[0]?.seq ?? this.#seen + 1;
	}

	since(seq: number, limit = 1000): Change[] {
		// The window is in seq order: find the first change after `seq` by bisection.
		let lo = 0;
		let hi = this.#window.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.#window[mid]!.seq <= seq) lo = mid + 1;
			else hi = mid;
		}
		return this.#window.slice(lo, lo + limit);
	}

	/** `options.wants` is not asked: this bus reads every change anyway, for `since()`. */
	subscribe(listener: (changes: readonly Change[]) => void, onGap?: (seq: number) => void, options?: SubscribeOptions): () => void {
		return this.#listeners.add(listener, onGap, options);
	}

	/** Whether the listening connection is up (for a health check and the tests). */
	get listening(): boolean {
		return this.#client !== null;
	}

	/** Reads what was committed after the last seq handed out and hands it on; resolves when done. */
	wake(): Promise<void> {
		if (this.#closed || !this.#started) return Promise.resolve();
		if (this.#reading) {
			// A read is running: it may have started before this change committed. Look again after it.
			this.#again = true;
			return this.#reading;
		}
		this.#reading = this.#readAll().finally(() => {
			this.#reading = null;
		});
		return this.#reading;
	}

	async #readAll(): Promise<void> {
		do {
			this.#again = false;
			for (;;) {
				if (this.#closed) return;
				let rows: ChangeRow[];
				try {
					({ rows } = await this.#pool.query<ChangeRow>('SELECT * FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2', [this.#seen, this.#options.batch]));
				} catch (error) {
					// The database is away: the next notification, reconnect or poll reads again.
					if (!this.#closed) console.warn(`Live updates: could not read the changes (${(error as Error).message}); trying again.`);
					return;
				}
				if (this.#closed || rows.length === 0) break;
				const changes = rows.map(toChange);
				if (changes[0]!.seq > this.#seen + 1) {
					let newest: number;
					try {
						newest = await this.#newestSeq();
					} catch {
						return; // the database is away: read again later
					}
					if (this.#closed) return;
					if (missedChanges(this.#seen, changes[0]!.seq, newest)) {
						// What the window holds no longer joins on to what follows: a resume from it is a reset.
						this.#window = [];
						this.#seen = newest;
						this.#listeners.gap(newest);
						continue;
					}
				}
				this.#seen = changes.at(-1)!.seq;
				this.#window.push(...changes);
				if (this.#window.length > this.#options.keep) this.#window.splice(0, this.#window.length - this.#options.keep);
				this.#listeners.changes(changes);
				if (rows.length < this.#options.batch) break;
			}
		} while (this.#again);
	}

	async #newestSeq(): Promise<number> {
		const { rows } = await this.#pool.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM changes');
		return Number(rows[0]?.seq ?? 0);
	}

	async #poll(): Promise<void> {
		if (this.#closed || this.#reading) return;
		try {
			if ((await this.#newestSeq()) > this.#seen) await this.wake();
		} catch {
			/* the database is away; the reconnect and the next poll try again */
		}
	}

	/** Connects the listening connection and LISTENs; throws when it cannot. */
	async #listen(): Promise<void> {
		// TCP keepalive: a connection that dies without a word (a network cut) ends in time, instead
		// of leaving the bus to the poll for good.
		const client = new pg.Client({ application_name: LISTENER_NAME, keepAlive: true, keepAliveInitialDelayMillis: 10_000, ...this.#connection });
		let lost = false;
		const onLost = (error?: Error) => {
			if (lost) return;
			lost = true;
			if (this.#client !== client) return; // not yet listening (connect failed), or closed
			this.#client = null;
			client.end().catch(() => undefined);
			if (!this.#closed) {
				console.warn(`Live updates: the listening connection to PostgreSQL was lost${error ? ` (${error.message})` : ''}; reconnecting.`);
				this.#scheduleReconnect();
			}
		};
		client.on('error', onLost);
		client.on('end', () => onLost());
		client.on('notification', (message) => {
			if (message.channel !== CHANGES_CHANNEL) return;
			// Each change of a transaction notifies: one read covers them all.
			// Not awaited (an event handler): as after a reconnect, what rejects is logged, not left unhandled.
			if (Number(message.payload) > this.#seen) void this.wake().catch((error: unknown) => console.error('Live updates: reading the changes failed:', error));
		});
		try {
			await client.connect();
			await client.query(`LISTEN ${CHANGES_CHANNEL}`);
		} catch (error) {
			lost = true;
			client.removeAllListeners();
			client.on('error', () => undefined);
			await client.end().catch(() => undefined);
			throw error;
		}
		if (this.#closed) {
			lost = true;
			await client.end().catch(() => undefined);
			return;
		}
		this.#client = client;
		this.connects++;
		this.#backoff = this.#options.backoffMs;
	}

	#scheduleReconnect(): void {
		if (this.#closed || this.#reconnectTimer) return;
		const wait = this.#backoff;
		this.#backoff = Math.min(this.#backoff * 2, this.#options.maxBackoffMs);
		this.#reconnectTimer = setTimeout(() => {
			this.#reconnectTimer = undefined;
			// Nobody awaits a timer. A database that is away is handled inside (#readAll); anything else
			// that rejects (a subscriber that throws) is logged here, not left as an unhandled rejection,
			// which would stop the server. The next notification or poll reads again.
			void this.#reconnect().catch((error: unknown) => console.error('Live updates: reading the changes after reconnecting failed:', error));
		}, wait);
		this.#reconnectTimer.unref?.();
	}

	async #reconnect(): Promise<void> {
		if (this.#closed) return;
		const attempt = this.#listen();
		this.#connecting = attempt.catch(() => undefined);
		try {
			await attempt;
		} catch {
			this.#scheduleReconnect();
			return;
		}
		// Listening again: what was committed while the connection was down is read now.
		console.warn('Live updates: listening to PostgreSQL again.');
		await this.wake();
	}

	/** Stops the bus: its timers and its listening connection (not the pool, which is the caller's). */
	close(): void {
		this.#closed = true;
		if (this.#pollTimer) clearInterval(this.#pollTimer);
		if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
		this.#reconnectTimer = undefined;
		this.#listeners.clear();
		const client = this.#client;
		this.#client = null;
		if (client && !this.#ending) this.#ending = client.end().catch(() => undefined);
	}

	/** close(), resolving once the listening connection has ended (and a running read is done). */
	async closed(): Promise<void> {
		const reading = this.#reading;
		this.close();
		await this.#connecting;
		await this.#ending;
		await reading?.catch(() => undefined);
	}
}
