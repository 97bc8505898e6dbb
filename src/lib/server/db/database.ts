/**
 * Opens the SQLite store: WAL (readers never wait for the writer), synchronous=FULL (a write that
 * returned is on disk, even after power loss), foreign keys, and every migration (the only place
 * they run). `write` is the one way a change is made: one immediate transaction for the change,
 * its history and its audit row.
 * Relative imports only: the durability test runs this file outside SvelteKit.
 */
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

/**
 * Why the app must not start with this environment, or null. The app's stores run on SQLite only
 * in this version; LAGESKARTA_DATABASE_URL names a PostgreSQL database for the db:* scripts
 * (db:migrate, db:copy, db:backup, db:restore: docs/postgresql.md). Set for the app, it would be
 * silently ignored and every write would go to the SQLite file instead: the app refuses to start.
 */
export function databaseUrlRefusal(env: Record<string, string | undefined> = process.env): string | null {
	if (!env.LAGESKARTA_DATABASE_URL?.trim()) return null;
	return 'LAGESKARTA_DATABASE_URL är satt, men den här versionen av appen kör bara på SQLite (i LAGESKARTA_DATA_DIR): PostgreSQL används än så länge bara av db:migrate, db:copy, db:backup och db:restore (docs/postgresql.md). Ta bort variabeln när appen startas.';
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
	if (db.inTransaction) return db.transaction(work)();
	const result = db
		.transaction(() => {
			const result = work();
			for (const listener of beforeCommit.get(db) ?? []) listener();
			return result;
		})
		.immediate();
	for (const listener of afterCommit.get(db) ?? []) listener();
	return result;
}

/** One change waiting for the next group commit. */
interface QueuedWrite {
	work: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

const queues = new WeakMap<Db, QueuedWrite[]>();

/**
 * Runs `work` as one write, like `write`, but in the next group commit: every change asked for in
 * the same turn of the event loop shares one immediate transaction and so one COMMIT (one fsync
 * under synchronous=FULL), each in a savepoint of its own. A change that throws undoes only its own
 * part and rejects only its own promise; a COMMIT that fails, or an error after which SQLite has
 * rolled back the whole transaction (a full disk), rejects them all (none was stored).
 * The promise settles after the COMMIT: an endpoint that awaits it answers only for what is on disk.
 * Ten editors saving at once cost one fsync instead of ten (bench-store: 10 writers).
 * `work` must be synchronous: it runs inside the transaction, which cannot wait for I/O.
 */
export function writeSoon<T>(db: Db, work: () => T): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let queue = queues.get(db);
		if (!queue) {
			queues.set(db, (queue = []));
			setImmediate(() => commitQueued(db));
		}
		queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
	});
}

function commitQueued(db: Db): void {
	const queue = queues.get(db) ?? [];
	queues.delete(db);
	const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
	try {
		write(db, () => {
			for (const job of queue) {
				try {
					// A nested transaction is a savepoint: a throw rolls back this job's part only.
					outcomes.push({ ok: true, value: db.transaction(job.work)() });
				} catch (error) {
					// Some errors (SQLITE_FULL, IOERR, NOMEM) make SQLite roll back the whole
					// transaction, not only the savepoint: every change of the group is gone, and the
					// next ones must not run in transactions of their own. The group fails as one.
					if (!db.inTransaction) throw error;
					outcomes.push({ ok: false, error });
				}
			}
		});
	} catch (error) {
		for (const job of queue) job.reject(error);
		return;
	}
	queue.forEach((job, i) => {
		const outcome = outcomes[i]!;
		if (outcome.ok) job.resolve(outcome.value);
		else job.reject(outcome.error);
	});
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
