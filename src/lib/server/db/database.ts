/**
 * Opens the SQLite store: WAL (readers never wait for the writer), synchronous=FULL (a write that
 * returned is on disk, even after power loss), foreign keys, and every migration (the only place
 * they run). `write` is the one way a change is made: one immediate transaction for the change,
 * its history and its audit row.
 * Relative imports only: the durability test runs this file outside SvelteKit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations/index';

export type Db = Database.Database;

export const DB_FILE = 'lageskartan.sqlite';

/** The data directory: LAGESKARTA_DATA_DIR, or ./data. */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
	return resolve(env.LAGESKARTA_DATA_DIR || 'data');
}

export function openDatabase(directory: string = dataDir()): Db {
	mkdirSync(directory, { recursive: true });
	const db = new Database(join(directory, DB_FILE));
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.pragma('foreign_keys = ON');
	// Another process (a backup, a second instance) may hold the write lock for a moment.
	db.pragma('busy_timeout = 5000');
	migrate(db);
	return db;
}

/**
 * Brings the database up to `target` (default: the newest schema), each migration in its own
 * immediate transaction; returns the version reached.
 */
export function migrate(db: Db, target: number = MIGRATIONS.length): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current > MIGRATIONS.length) {
		throw new Error(
			`The database is at schema version ${current}, newer than this app knows (${MIGRATIONS.length}): use a newer version of the app.`
		);
	}
	for (let version = current + 1; version <= target; version++) {
		const migration = MIGRATIONS[version - 1]!;
		const foreignKeysOff = typeof migration === 'object';
		const run = typeof migration === 'object' ? migration.run : migration;
		// PRAGMA foreign_keys is a no-op inside a transaction: switched off before it, back after.
		const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
		if (foreignKeysOff) db.pragma('foreign_keys = OFF');
		try {
			db.transaction(() => {
				if (typeof run === 'string') db.exec(run);
				else run(db);
				if (foreignKeysOff) {
					const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
					if (broken.length) {
						throw new Error(`Migration ${version} would leave ${broken.length} broken references (first: ${broken[0]!.table} row ${broken[0]!.rowid} → ${broken[0]!.parent}); nothing was changed.`);
					}
				}
				db.pragma(`user_version = ${version}`);
			}).immediate();
		} finally {
			if (foreignKeysOff) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
		}
	}
	return Math.max(current, target);
}

const beforeCommit = new WeakMap<Db, Set<() => void>>();

/**
 * Calls `listener` inside every outermost write on `db`, after its work and before COMMIT: what
 * it writes commits with the change or not at all. (The next step, live updates, records its
 * change events here; the durability test pauses here to kill the process mid-transaction.)
 * Returns the function that removes it.
 */
export function onBeforeCommit(db: Db, listener: () => void): () => void {
	let listeners = beforeCommit.get(db);
	if (!listeners) beforeCommit.set(db, (listeners = new Set()));
	listeners.add(listener);
	return () => listeners.delete(listener);
}

/**
 * Runs `work` as one write: an immediate transaction (it holds the write lock from the start, so
 * two writers never interleave and a read inside sees what it is about to change) that commits
 * all of it – the change, its history, its audit row – or, on any throw, none. Called inside
 * another write it becomes part of that one (a savepoint: its own throw undoes only its part).
 */
export function write<T>(db: Db, work: () => T): T {
	if (db.inTransaction) {
		refuseForeignTransaction(db);
		syncDepth++;
		try {
			return db.transaction(work)();
		} finally {
			syncDepth--;
		}
	}
	syncDepth++;
	let result: T;
	try {
		result = db
			.transaction(() => {
				const result = work();
				for (const listener of beforeCommit.get(db) ?? []) listener();
				return result;
			})
			.immediate();
	} finally {
		syncDepth--;
	}
	callAfterCommit(db);
	return result;
}

/** How deep the synchronous `write`s running now are nested (0: none is running). */
let syncDepth = 0;

/**
 * An open transaction that is not the caller's: a group commit whose work waited for I/O (a bug
 * it is about to roll back). Joining it would tie this change to that one's fate and acknowledge
 * it before its COMMIT; it is refused instead.
 */
export function refuseForeignTransaction(db: Db): void {
	if (db.inTransaction && syncDepth === 0 && !currentWriteScope()) throw new WaitedInTransactionError();
}

function callAfterCommit(db: Db): void {
	for (const listener of afterCommit.get(db) ?? []) {
		try {
			listener();
		} catch (error) {
			// The change is committed: a listener's failure (the live updates) must not unsay that.
			console.error('An after-commit listener failed:', error);
		}
	}
}

/** Chains `run` after the group being committed now, whatever became of that one. */
function afterCurrent(db: Db, run: () => Promise<void>): void {
	const previous = committing.get(db) ?? Promise.resolve();
	committing.set(
		db,
		previous.then(run, run).catch((error: unknown) => console.error('A group commit failed outside its changes:', error))
	);
}

/** One change waiting for the next group commit. */
interface QueuedWrite {
	work: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const queues = new WeakMap<Db, QueuedWrite[]>();
/** The group being committed now, per database: the next one waits for it (it may be async). */
const committing = new WeakMap<Db, Promise<void>>();

/**
 * Runs `work` as one write, like `write`, but in the next group commit: every change asked for in
 * the same turn of the event loop shares one immediate transaction and so one COMMIT (one fsync
 * under synchronous=FULL), each in a savepoint of its own. A change that throws undoes only its own
 * part and rejects only its own promise; a COMMIT that fails, or an error after which SQLite has
 * rolled back the whole transaction (a full disk), rejects them all (none was stored).
 * The promise settles after the COMMIT: an endpoint that awaits it answers only for what is on disk.
 * Ten editors saving at once cost one fsync instead of ten (bench-store: 10 writers).
 *
 * `work` may be async (the stores on Kysely are: db/app-database.ts), but it must not wait for
 * I/O: the transaction holds the one connection, and on SQLite it has to finish within the turn of
 * the event loop it started in, before another request runs and reads or writes through that
 * connection. Its promises are settled by SQLite calls that return at once, so it does. A change
 * that waits longer (a timer, a file, the network) is refused and the whole group rolled back:
 * tests find it, production never commits half of it.
 */
export function writeSoon<T>(db: Db, work: () => T | Promise<T>): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let queue = queues.get(db);
		if (!queue) {
			queues.set(db, (queue = []));
			setImmediate(() => afterCurrent(db, () => commitQueued(db)));
		}
		queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
	});
}

export class WaitedInTransactionError extends Error {
	constructor() {
		super('A SQLite write waited for I/O inside its transaction (a timer, a file, the network): it was rolled back. Do the waiting before the write.');
	}
}

let savepoints = 0;

/**
 * The write a piece of work runs in (a savepoint of it), followed through its awaits: what it
 * defers runs at its end, inside it (app-database.ts `defer`).
 */
export interface WriteScope {
	deferred: (() => unknown)[];
	/** The write has ended: what still runs in its async context (a timer it set) is outside it. */
	closed: boolean;
	/** Nested writes of this scope, one after another (savepoints are a stack). */
	nested: Promise<unknown>;
	/**
	 * What runs once the outermost write around this one has committed (app-database.ts
	 * `onCommitted`): handed to the enclosing scope when this one succeeds, dropped when it throws
	 * (its savepoint, or the whole transaction, rolled back).
	 */
	committed: (() => void)[];
}

const scopes = new AsyncLocalStorage<WriteScope>();

/** The write (savepoint) the calling code runs in, or undefined outside one. */
export function currentWriteScope(): WriteScope | undefined {
	const scope = scopes.getStore();
	return scope && !scope.closed ? scope : undefined;
}

/**
 * Runs `nested` (a write inside the scope's write) after the scope's other nested writes: two
 * started side by side (Promise.all) would otherwise interleave their savepoints.
 */
export function inTurn<T>(scope: WriteScope, nested: () => Promise<T>): Promise<T> {
	const result = scope.nested.then(nested, nested);
	scope.nested = result.catch(() => undefined);
	return result;
}

/** A scope for a write: nothing deferred, nothing to run after its commit yet. */
export function newWriteScope(): WriteScope {
	return { deferred: [], closed: false, nested: Promise.resolve(), committed: [] };
}

/**
 * Runs `work`, then what it deferred, in a scope of its own. Without `outermost` it is a savepoint
 * of the write the caller is in: when it succeeds, what it left for after the commit joins that
 * write's. With `outermost` (a transaction of its own) the caller runs `outermost.committed`
 * after its COMMIT.
 */
export function runScoped<T>(work: () => T | Promise<T>, outermost?: WriteScope): Promise<T> {
	const parent = outermost ? undefined : currentWriteScope();
	const scope = outermost ?? newWriteScope();
	return scopes.run(scope, async () => {
		try {
			const result = await work();
			await scope.nested;
			// What the deferred work defers runs too, in order.
			for (let i = 0; i < scope.deferred.length; i++) await scope.deferred[i]!();
			parent?.committed.push(...scope.committed);
			return result;
		} finally {
			scope.closed = true;
		}
	});
}

/** Runs what a committed write left for after its COMMIT, in order; a failure is logged (the change is stored). */
export function runCommitted(scopes: readonly WriteScope[]): void {
	for (const scope of scopes) {
		for (const work of scope.committed) {
			try {
				work();
			} catch (error) {
				console.error('Work after a commit failed:', error);
			}
		}
	}
}

/** Runs `work` in a savepoint of the open transaction: a throw undoes its part only. `outermost`: see runScoped. */
async function inSavepoint<T>(db: Db, work: () => T | Promise<T>, outermost?: WriteScope): Promise<T> {
	const name = `s${++savepoints}`;
	db.exec(`SAVEPOINT ${name}`);
	try {
		const result = await runScoped(work, outermost);
		db.exec(`RELEASE ${name}`);
		return result;
	} catch (error) {
		// Some errors (SQLITE_FULL, IOERR, NOMEM) roll back the whole transaction, savepoints and all.
		if (db.inTransaction) {
			db.exec(`ROLLBACK TO ${name}`);
			db.exec(`RELEASE ${name}`);
		}
		throw error;
	}
}

/**
 * Runs `work` (async allowed, see writeSoon) as one write right away, or as a savepoint of the
 * write already open on `db`. The async form of `write`.
 */
export async function writeNow<T>(db: Db, work: () => T | Promise<T>): Promise<T> {
	const scope = currentWriteScope();
	if (scope && db.inTransaction) return inTurn(scope, () => inSavepoint(db, work));
	return new Promise<T>((resolve, reject) => {
		afterCurrent(db, () => commitGroup(db, [{ work, resolve: resolve as (value: unknown) => void, reject }]));
	});
}

async function commitQueued(db: Db): Promise<void> {
	const queue = queues.get(db) ?? [];
	queues.delete(db);
	await commitGroup(db, queue);
}

async function commitGroup(db: Db, queue: QueuedWrite[]): Promise<void> {
	const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
	// The scopes of the changes that succeeded: what they left for after the COMMIT.
	const succeeded: WriteScope[] = [];
	// Set when the event loop moves on while the transaction is open (see writeSoon).
	let waited = false;
	const probe = setImmediate(() => (waited = true));
	try {
		db.exec('BEGIN IMMEDIATE');
		try {
			for (const job of queue) {
				try {
					const scope = newWriteScope();
					outcomes.push({ ok: true, value: await inSavepoint(db, job.work, scope) });
					succeeded.push(scope);
				} catch (error) {
					// The whole transaction is gone (a full disk): the group fails as one.
					if (!db.inTransaction) throw error;
					outcomes.push({ ok: false, error });
				}
			}
			if (waited) throw new WaitedInTransactionError();
			for (const listener of beforeCommit.get(db) ?? []) listener();
			db.exec('COMMIT');
		} catch (error) {
			if (db.inTransaction) db.exec('ROLLBACK');
			throw error;
		}
	} catch (error) {
		for (const job of queue) job.reject(error);
		return;
	} finally {
		clearImmediate(probe);
	}
	queue.forEach((job, i) => {
		const outcome = outcomes[i]!;
		if (outcome.ok) job.resolve(outcome.value);
		else job.reject(outcome.error);
	});
	// Before the listeners: the feature store's copy takes in what a write handed it, then reads the rest.
	runCommitted(succeeded);
	callAfterCommit(db);
}

const afterCommit = new WeakMap<Db, Set<() => void>>();

/**
 * Calls `listener` after every outermost write on `db` has committed (not after one that threw):
 * the live updates' change bus (live/change-bus.ts) reads the new change rows then. A listener
 * must not throw. Returns the function that removes it.
 */
export function onAfterCommit(db: Db, listener: () => void): () => void {
	let listeners = afterCommit.get(db);
	if (!listeners) afterCommit.set(db, (listeners = new Set()));
	listeners.add(listener);
	return () => listeners.delete(listener);
}
