/**
 * The app's database, whichever it is: SQLite (the embedded default, one file in
 * LAGESKARTA_DATA_DIR) or PostgreSQL + PostGIS (LAGESKARTA_DATABASE_URL). The stores written on it
 * have one query code for both, through Kysely (its SQLite and PostgreSQL dialects): raw SQL in
 * Kysely's `sql` template, whose `${value}` placeholders become `?` on SQLite and `$1` on
 * PostgreSQL, or its query builder. docs/postgresql.md lists what differs and how a store is moved.
 *
 *   store ─▶ database.query (Kysely) ─▶ inside a write: that write's transaction
 *                                     └▶ outside: the database (SQLite's one connection, PostgreSQL's pool)
 *   endpoint ─▶ guard.write ─▶ database.write(work) ─▶ one transaction: the change, its history, its audit row
 *
 * Writes are serialised as on SQLite, on both: a write on PostgreSQL takes one transaction-level
 * advisory lock first (the one the change triggers take), so a store's read-check-write (a
 * version compare, a unique name) sees what is committed and nobody writes between its read and
 * its write, across every instance. It is also what keeps change seqs in commit order.
 *
 * Which transaction a query belongs to follows the async call (AsyncLocalStorage), so stores do
 * not pass a transaction around: `database.query` inside `database.write(…)` is that write's.
 * Relative imports only: scripts and the durability test run this file outside SvelteKit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql, type RawBuilder, type Transaction } from 'kysely';
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { currentWriteScope, inTurn, newWriteScope, onAfterCommit, refuseForeignTransaction, runCommitted, runScoped, writeNow, writeSoon, type Db } from './database';
import { openPool } from './pg/connection';
import { migratePostgres } from './pg/migrate';

export type DialectName = 'sqlite' | 'postgres';

export interface AppDatabase {
	readonly dialect: DialectName;
	/** Kysely for a query: the current write's transaction inside `write`, the database outside it. */
	readonly query: Kysely<any>;
	/**
	 * Runs one query (Kysely's `sql` template, or a CompiledQuery made for this database) where
	 * `query` would – the current write's transaction inside `write` – and gives its rows ([] for a
	 * statement that returns none). The same query code on both databases; on SQLite it runs the
	 * kept prepared statement at once, without Kysely's executor (its connection mutex and promise
	 * chain cost ~13 µs a query against ~4 µs for the statement: most of a small write's query
	 * time). What the hot stores use (db/feature-store.ts); `query` stays for the query builder.
	 */
	rows<R>(query: RawBuilder<R> | CompiledQuery<R>): Promise<R[]>;
	/**
	 * Runs `work` as one write: one transaction that commits all of it or, on a throw, none; the
	 * promise settles after COMMIT. Inside another write it is a savepoint of that one (its throw
	 * undoes its part only). On SQLite the changes asked for in one turn of the event loop share a
	 * COMMIT (db/database.ts `writeSoon`), and `work` must not wait for I/O.
	 */
	write<T>(work: () => T | Promise<T>): Promise<T>;
	/** Whether the calling code runs inside a `write`. */
	readonly inWrite: boolean;
	/**
	 * Runs `work` at the end of the write the calling code is in, inside its transaction (a throw
	 * undoes the write): what a synchronous caller cannot await, such as the audit row of
	 * `audit(event, …)`. @throws Error outside a write.
	 */
	defer(work: () => unknown): void;
	/**
	 * Runs `work` right after the outermost write the calling code is in has committed (before the
	 * `onAfterCommit` listeners and before the writer's caller continues); never when that write,
	 * or the savepoint the code runs in, rolls back. What a store hands its copy in memory (the
	 * feature store: an import's rows). `work` is synchronous and must not throw (a throw is logged).
	 * @throws Error outside a write.
	 */
	onCommitted(work: () => void): void;
	/** Calls `listener` after every outermost write has committed; returns its remover. */
	onAfterCommit(listener: () => void): () => void;
	/** The SQLite connection, for the stores not yet on Kysely (they run on SQLite only). */
	readonly sqlite: Db | null;
	/**
	 * PostgreSQL's pool (the one `query` runs on), for a library that takes a pg pool itself (the
	 * login throttle's rate-limiter-flexible); null on SQLite. Its queries are outside any write.
	 */
	readonly pool: pg.Pool | null;
	close(): Promise<void>;
}

function deferIn(scope: ReturnType<typeof currentWriteScope>, work: () => unknown): void {
	if (!scope) throw new Error('defer(…) is for inside a write (database.write / guard write): outside one there is no transaction to join.');
	scope.deferred.push(work);
}

function onCommittedIn(scope: ReturnType<typeof currentWriteScope>, work: () => void): void {
	if (!scope) throw new Error('onCommitted(…) is for inside a write (database.write / guard write): outside one there is no commit to wait for.');
	scope.committed.push(work);
}

/** The key of the advisory lock a write holds on PostgreSQL (001-schema's change triggers take it too). */
export const WRITE_LOCK = 1526015;

/**
 * better-sqlite3 for Kysely's SqliteDialect, with two things Kysely leaves to the driver:
 * - prepared statements are kept per SQL text (better-sqlite3 prepares anew on every call,
 *   ~10 µs; a store's query texts are a few dozen);
 * - booleans are bound as 1/0 (better-sqlite3 refuses them; PostgreSQL takes them as they are,
 *   and takes 1/0 for a boolean column too).
 */
function cachingSqlite(db: Db) {
	const statements = new Map<string, Database.Statement>();
	const bind = (parameters: ReadonlyArray<unknown>) => parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));
	return {
		close: () => db.close(),
		prepare(text: string) {
			let statement = statements.get(text);
			if (!statement) {
				statement = db.prepare(text);
				if (statements.size >= 1000) statements.clear();
				statements.set(text, statement);
			}
			const prepared = statement;
			// A statement from outside a write while another's transaction is open (it waited for I/O,
			// a bug) would read what may yet be rolled back, or write into it: refused.
			return {
				reader: prepared.reader,
				all: (parameters: ReadonlyArray<unknown>) => (refuseForeignTransaction(db), prepared.all(bind(parameters))),
				run: (parameters: ReadonlyArray<unknown>) => (refuseForeignTransaction(db), prepared.run(bind(parameters))),
				iterate: (parameters: ReadonlyArray<unknown>) => (refuseForeignTransaction(db), prepared.iterate(bind(parameters)) as IterableIterator<unknown>)
			};
		}
	};
}

/** The app's database on an open, migrated SQLite store (db/database.ts `openDatabase`). */
export function sqliteDatabase(db: Db): AppDatabase {
	const driver = cachingSqlite(db);
	const query = new Kysely<any>({ dialect: new SqliteDialect({ database: driver }) });
	return {
		dialect: 'sqlite',
		query,
		rows<R>(built: RawBuilder<R> | CompiledQuery<R>): Promise<R[]> {
			try {
				// What Kysely's SqliteDriver does with the statement, without the executor around it.
				const compiled = 'compile' in built ? built.compile(query) : built;
				const statement = driver.prepare(compiled.sql);
				if (statement.reader) return Promise.resolve(statement.all(compiled.parameters) as R[]);
				statement.run(compiled.parameters);
				return Promise.resolve([]);
			} catch (error) {
				return Promise.reject(error);
			}
		},
		sqlite: db,
		pool: null,
		// Inside a write: a savepoint of it. Else the next group commit.
		write: (work) => (currentWriteScope() ? writeNow(db, work) : writeSoon(db, work)),
		get inWrite() {
			return currentWriteScope() !== undefined;
		},
		defer: (work) => deferIn(currentWriteScope(), work),
		onCommitted: (work) => onCommittedIn(currentWriteScope(), work),
		onAfterCommit: (listener) => onAfterCommit(db, listener),
		close: async () => {
			if (db.open) db.close();
		}
	};
}

/**
 * The app's database on PostgreSQL at `url`, migrated to the newest schema (two instances starting
 * at once migrate once: pg/migrate.ts).
 */
export async function postgresDatabase(url: string, options: { poolSize?: number } = {}): Promise<AppDatabase> {
	const pool = openPool(url, { max: options.poolSize ?? 10 });
	const root = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
	try {
		await migratePostgres(root);
	} catch (error) {
		await root.destroy();
		throw error;
	}
	const current = new AsyncLocalStorage<{ trx: Transaction<any> }>();
	const inScope = <T>(trx: Transaction<any>, work: () => T | Promise<T>, outermost?: ReturnType<typeof newWriteScope>) =>
		current.run({ trx }, () => runScoped(work, outermost));
	const afterCommit = new Set<() => void>();
	let savepoints = 0;
	// Writes wait their turn here before they take a connection: the advisory lock lets one write
	// at a time anyway, and ten waiting on it would hold the whole pool from the reads.
	let writing: Promise<unknown> = Promise.resolve();
	return {
		dialect: 'postgres',
		get query() {
			return current.getStore()?.trx ?? root;
		},
		async rows<R>(built: RawBuilder<R> | CompiledQuery<R>): Promise<R[]> {
			const db = current.getStore()?.trx ?? root;
			return (await db.executeQuery('compile' in built ? built.compile(db) : built)).rows;
		},
		sqlite: null,
		pool,
		async write(work) {
			const open = current.getStore();
			const scope = currentWriteScope();
			if (open && scope) {
				return inTurn(scope, async () => {
					const name = sql.id(`s${++savepoints}`);
					await sql`SAVEPOINT ${name}`.execute(open.trx);
					try {
						const result = await inScope(open.trx, work);
						await sql`RELEASE SAVEPOINT ${name}`.execute(open.trx);
						return result;
					} catch (error) {
						// Undo this part; if even that fails, the transaction is lost and the first error says why.
						await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(open.trx).catch(() => undefined);
						throw error;
					}
				});
			}
			const outermost = newWriteScope();
			const turn = writing.then(() =>
				root.transaction().execute(async (trx) => {
					await sql`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`.execute(trx);
					return inScope(trx, work, outermost);
				})
			);
			writing = turn.catch(() => undefined);
			const result = await turn;
			runCommitted([outermost]);
			for (const listener of afterCommit) {
				try {
					listener();
				} catch (error) {
					console.error('An after-commit listener failed:', error);
				}
			}
			return result;
		},
		get inWrite() {
			return currentWriteScope() !== undefined;
		},
		defer: (work) => deferIn(currentWriteScope(), work),
		onCommitted: (work) => onCommittedIn(currentWriteScope(), work),
		onAfterCommit(listener) {
			afterCommit.add(listener);
			return () => afterCommit.delete(listener);
		},
		close: () => root.destroy()
	};
}
