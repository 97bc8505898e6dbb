/**
 * The stores' conformance suite runs every test on both databases: `eachDatabase((database) => {
 * it(…) })` at the top of a store's test file runs its tests once on a fresh SQLite file and once
 * on a fresh PostgreSQL database (a throwaway cluster, use-postgres.ts), both at the newest schema.
 * A store on db/app-database.ts must behave the same on both; a test that differs fails on one.
 *
 * PostgreSQL: the file's first test migrates one database, every test then gets a copy of it
 * (CREATE DATABASE … TEMPLATE: ~0.1 s instead of migrating again).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/lib/server/db/database';
import { postgresDatabase, sqliteDatabase, type AppDatabase, type DialectName } from '../../src/lib/server/db/app-database';
import { openKysely } from '../../src/lib/server/db/pg/connection';
import { migratePostgres } from '../../src/lib/server/db/pg/migrate';
import { usePostgres, type TestPostgres } from './use-postgres';

export const DIALECTS: readonly DialectName[] = ['sqlite', 'postgres'];

/**
 * A migrated database, made at the first call (once for the caller), to copy for each test:
 * copying it costs a fraction of migrating a new one.
 */
function templateOnce(postgres: () => TestPostgres): () => Promise<string> {
	let template: Promise<string> | undefined;
	return () =>
		(template ??= (async () => {
			const url = await postgres().database();
			const db = openKysely(url, { max: 1 });
			try {
				await migratePostgres(db);
			} finally {
				await db.destroy();
			}
			return url;
		})());
}

/**
 * Declares `body`'s tests twice, in a describe block per database ('sqlite', 'postgres'); inside a
 * test `database()` is that test's own empty, migrated database. Call at the top level of a file.
 *
 * `{ shared: true }`: one database per describe block instead of one per test, for tests that only
 * read what a `beforeAll` in `body` wrote (a large seed made once, not once per test). A test that
 * writes would be seen by the next: those stay in a block without it.
 */
export function eachDatabase(body: (database: () => AppDatabase, dialect: DialectName) => void, options: { shared?: boolean } = {}): void {
	const [before, after] = options.shared ? [beforeAll, afterAll] : [beforeEach, afterEach];
	const postgres = usePostgres();
	const migratedTemplate = templateOnce(postgres);

	for (const dialect of DIALECTS) {
		describe(dialect, () => {
			let current: AppDatabase | undefined;
			let dir: string | undefined;
			before(async () => {
				if (dialect === 'sqlite') {
					dir = mkdtempSync(join(tmpdir(), 'lageskarta-store-'));
					current = sqliteDatabase(openDatabase(dir));
				} else {
					current = await postgresDatabase(await postgres().database({ template: await migratedTemplate() }), { poolSize: 4 });
				}
			}, 60_000);
			after(async () => {
				await current?.close();
				current = undefined;
				if (dir) rmSync(dir, { recursive: true, force: true });
				dir = undefined;
			});
			body(() => {
				if (!current) throw new Error('eachDatabase: database() is for inside a test or a hook.');
				return current;
			}, dialect);
		});
	}
}

/**
 * Two app instances on one fresh PostgreSQL database, for tests of what one instance sees of the
 * other's writes: `const instances = twoInstances()` at describe level, then `instances()` gives
 * `[one, two]` (each its own pool, as two `node build` would have), new for every test and closed
 * after it. The database is a copy of one migrated for the first test (as eachDatabase's); each
 * open checks its migrations (postgresDatabase does) and finds them done.
 */
export function twoInstances(): () => readonly [AppDatabase, AppDatabase] {
	const postgres = usePostgres();
	const migratedTemplate = templateOnce(postgres);
	let open: [AppDatabase, AppDatabase] | undefined;
	beforeEach(async () => {
		const url = await postgres().database({ template: await migratedTemplate() });
		const one = await postgresDatabase(url, { poolSize: 3 });
		open = [one, await postgresDatabase(url, { poolSize: 3 })];
	}, 60_000);
	afterEach(async () => {
		for (const database of open ?? []) await database.close();
		open = undefined;
	});
	return () => {
		if (!open) throw new Error('twoInstances: the instances are for inside a test or a hook.');
		return open;
	};
}

/**
 * An account, made with SQL so a store's test needs no other store (not even AccountStore).
 * Returns its id.
 */
export async function insertAccount(
	database: AppDatabase,
	account: { username: string; organisationId: string; role?: 'läsare' | 'redaktör' | 'admin'; displayName?: string }
): Promise<number> {
	const { rows } = await sql<{ id: number }>`INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, created_at)
		VALUES (${account.username}, ${account.displayName ?? account.username}, ${account.organisationId}, ${account.role ?? 'läsare'}, 'x', ${new Date().toISOString()})
		RETURNING id`.execute(database.query);
	return rows[0]!.id;
}
