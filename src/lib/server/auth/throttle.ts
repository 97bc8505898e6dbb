/**
 * Login throttling against guessing, three budgets of failures (any one spent blocks):
 * - per username and address: 5 in 15 minutes block that pair for 15 minutes;
 * - per username from any address: 20 in an hour block that username for an hour (guessing one
 *   account's password from many machines). The price is that someone can keep an account from
 *   logging in for an hour by failing on purpose; an admin sees it in the log, and the account's
 *   own sessions are not touched;
 * - per address: 30 in an hour block the address for an hour (one machine trying many usernames).
 *
 * The counters are in the app's database (issue 15), in the table `login_throttle` (SQLite
 * migration 18, PostgreSQL 004), through rate-limiter-flexible's stores for it: RateLimiterSQLite
 * on the app's better-sqlite3 connection, RateLimiterPostgres on the app's pg pool
 * (`AppDatabase.pool`). So every app instance on one database spends one budget (two instances do
 * not each allow five tries), and a restart forgets nothing. Each count is one atomic upsert
 * (`INSERT … ON CONFLICT (key) DO UPDATE … RETURNING`), so concurrent tries on several instances
 * cannot all read "4 of 5 used". The counts are their own statements, outside any write's
 * transaction: a failed login counts whatever else is rolled back. The three budgets share the
 * table, told apart by the key's prefix (`pair:`, `username:`, `address:`). (On SQLite a count
 * made while a group commit is open between two microtasks becomes a savepoint of it, and is lost
 * if that group rolls back: docs/postgresql.md "Inloggningsspärren".)
 *
 * The table is made by the migrations (`tableCreated: true`: the library runs no DDL while
 * answering a login). Expired counters are deleted by the throttle itself, at most every five
 * minutes per instance, on a login try (the only thing that adds rows), by `expire` (indexed):
 * the library's own `clearExpiredByTimeout` is a timer per limiter that is never stopped, and on
 * SQLite a failed run would end in an unhandled rejection and stop cleaning.
 *
 * A refused attempt is reported for the audit log once per block (`attempt().report`): the try
 * that starts the block, i.e. whose count crossed the budget (the upsert gives exactly one try that
 * count, whichever instance it came to). The refusals after it cost nothing, so logging each one
 * would let anyone fill the log.
 */
import { sql } from 'kysely';
import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import type { AppDatabase } from '../db/app-database';

interface Budget {
	points: number;
	seconds: number;
}

export interface ThrottleOptions {
	/** Per username and address. */
	perUser: Budget;
	/** Per username, whatever the address (default 20 an hour). */
	perUsername?: Budget;
	perAddress: Budget;
}

export const DEFAULT_THROTTLE: Required<ThrottleOptions> = {
	perUser: { points: 5, seconds: 15 * 60 },
	perUsername: { points: 20, seconds: 60 * 60 },
	perAddress: { points: 30, seconds: 60 * 60 }
};

/** The table the counters are in (migration 18; PostgreSQL 004). */
export const THROTTLE_TABLE = 'login_throttle';
/** How often an instance deletes expired counters (on a login try). */
export const CLEAN_EVERY_MS = 5 * 60_000;

/** Which budget refused a login, for the audit log. */
export type ThrottleScope = 'username-address' | 'username' | 'address';

export interface Refusal {
	/** Seconds until a try is allowed again. */
	wait: number;
	scope: ThrottleScope;
	/** True for the try that started the block (write it to the audit log), false for the refusals after it. */
	report: boolean;
}

interface Block {
	wait: number;
	scope: ThrottleScope;
}

type Limiter = RateLimiterStoreAbstract;

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

function limiter(database: AppDatabase, budget: Budget, keyPrefix: string): Limiter {
	const options = {
		points: budget.points,
		duration: budget.seconds,
		blockDuration: budget.seconds,
		keyPrefix,
		tableName: THROTTLE_TABLE,
		tableCreated: true,
		clearExpiredByTimeout: false
	};
	if (database.sqlite) return new RateLimiterSQLite({ ...options, storeClient: database.sqlite, storeType: 'better-sqlite3' });
	if (database.pool) return new RateLimiterPostgres({ ...options, storeClient: database.pool, storeType: 'pool' });
	throw new Error('LoginThrottle: the database has neither a SQLite connection nor a PostgreSQL pool.');
}

export class LoginThrottle {
	readonly #database: AppDatabase;
	readonly #pair: Limiter;
	readonly #username: Limiter;
	readonly #address: Limiter;
	/** When this instance last deleted expired counters (ms). */
	#cleaned = -Infinity;

	/** The counters are timed by Date.now (the library's clock), and so is the cleanup. */
	constructor(database: AppDatabase, options: ThrottleOptions = DEFAULT_THROTTLE) {
		this.#database = database;
		this.#pair = limiter(database, options.perUser, 'pair');
		this.#username = limiter(database, options.perUsername ?? DEFAULT_THROTTLE.perUsername, 'username');
		this.#address = limiter(database, options.perAddress, 'address');
	}

	static #name = (username: string) => username.toLowerCase();
	static #pairKey = (username: string, address: string) => `${LoginThrottle.#name(username)}|${address}`;

	#budgets(username: string, address: string): [Limiter, ThrottleScope, string][] {
		return [
			[this.#pair, 'username-address', LoginThrottle.#pairKey(username, address)],
			[this.#username, 'username', LoginThrottle.#name(username)],
			[this.#address, 'address', address]
		];
	}

	/**
	 * Takes one try from every budget before the password is checked, and answers null when all
	 * three had it to give; otherwise how long to wait, which budget is spent, and whether this try
	 * started the block (the one to write to the audit log).
	 *
	 * Consume first, then check: `consume` counts and answers in one step, so concurrent logins
	 * cannot all read "4 of 5 used" before any of them counts (40 parallel wrong passwords got
	 * 40 × 401 when the check came first). The budgets are taken narrowest first, and a refused try
	 * gives back what it took, so a blocked pair does not go on using up the username's and the
	 * address's budgets. The try counts as a failure until `succeeded` gives it back.
	 */
	async attempt(username: string, address: string): Promise<Refusal | null> {
		await this.#cleanExpired();
		const budgets = this.#budgets(username, address);
		for (const [i, [rl, scope, key]] of budgets.entries()) {
			try {
				await rl.consume(key);
			} catch (res) {
				if (!(res instanceof RateLimiterRes)) throw res;
				await Promise.all(budgets.slice(0, i).map(([taken, , takenKey]) => taken.reward(takenKey)));
				// This try's count is the one past the budget: it started the block (one try per block gets that count).
				const started = res.consumedPoints === rl.points + 1;
				const block = await this.#longestWait({ wait: seconds(res), scope }, budgets.slice(i + 1));
				return { ...block, report: started };
			}
		}
		return null;
	}

	/** The refusing block, or a budget not yet tried that would refuse for longer (Retry-After must not be too short). */
	async #longestWait(block: Block, rest: [Limiter, ThrottleScope, string][]): Promise<Block> {
		let worst = block;
		for (const [rl, scope, key] of rest) {
			const res = await rl.get(key);
			if (res && res.consumedPoints >= rl.points && seconds(res) > worst.wait) worst = { wait: seconds(res), scope };
		}
		return worst;
	}

	/**
	 * Deletes the counters that have expired (an expired counter counts as none, so nothing
	 * changes for a login), at most every CLEAN_EVERY_MS on this instance. Without it the table
	 * would keep a row for every username and address ever tried.
	 */
	async #cleanExpired(): Promise<void> {
		const now = Date.now();
		if (now - this.#cleaned < CLEAN_EVERY_MS) return;
		this.#cleaned = now;
		try {
			await sql`DELETE FROM ${sql.table(THROTTLE_TABLE)} WHERE expire < ${now}`.execute(this.#database.query);
		} catch (error) {
			// Tidying: expired rows count as none, so a login must not fail for it; the next one tries again.
			this.#cleaned = 0;
			console.warn(`Inloggningsspärren kunde inte städa bort gamla räknare: ${(error as Error).message}`);
		}
	}

	/**
	 * A right password gives the try back: this address's failures for the username are cleared,
	 * and the username's and the address's budgets get their point back. The username's failures
	 * over all addresses stay: the person logging in now says nothing about who fails from
	 * elsewhere, and a reset would let guessing go on between their logins.
	 */
	async succeeded(username: string, address: string): Promise<void> {
		await Promise.all([
			this.#pair.delete(LoginThrottle.#pairKey(username, address)),
			this.#username.reward(LoginThrottle.#name(username)),
			this.#address.reward(address)
		]);
	}
}
