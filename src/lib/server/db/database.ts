/**
 * Opens the SQLite store: WAL (readers never wait for the writer), synchronous=FULL (a write that
 * returned is on disk, even after power loss), foreign keys, and migrations.
 * Relative imports only: the durability test runs this file outside SvelteKit.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

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

export function migrate(db: Db): number {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current > MIGRATIONS.length) {
		throw new Error(
			`The database is at schema version ${current}, newer than this app knows (${MIGRATIONS.length}): use a newer version of the app.`
		);
	}
	for (let version = current + 1; version <= MIGRATIONS.length; version++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[version - 1]!);
			db.pragma(`user_version = ${version}`);
		}).immediate();
	}
	return MIGRATIONS.length;
}
