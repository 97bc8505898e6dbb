/**
 * Online backup and restore of the store. A backup is taken with SQLite's backup API while the app
 * runs (readers and the writer go on); a restore replaces the store file while the app is stopped,
 * after checking that the backup is a whole, readable database this app can open.
 * Relative imports only: the scripts run this file outside SvelteKit.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE, type Db } from './database';
import { MIGRATIONS } from './migrations';

/** A file name that sorts by time: lageskartan-20261125T034400Z.sqlite */
export function backupName(now = new Date()): string {
	return `lageskartan-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.sqlite`;
}

export async function backupDatabase(db: Db, destination: string): Promise<{ pages: number }> {
	mkdirSync(dirname(destination), { recursive: true });
	if (existsSync(destination)) throw new Error(`${destination} finns redan: välj ett annat namn.`);
	const result = await db.backup(destination);
	return { pages: result.totalPages };
}

/** Checks a backup file; returns its schema version or throws with what is wrong. */
export function checkBackup(file: string): number {
	if (!existsSync(file)) throw new Error(`Säkerhetskopian ${file} finns inte.`);
	let db: Db | undefined;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
		const integrity = db.pragma('integrity_check', { simple: true });
		if (integrity !== 'ok') throw new Error(`Säkerhetskopian ${file} är skadad: ${String(integrity)}`);
		const version = db.pragma('user_version', { simple: true }) as number;
		if (version < 1 || version > MIGRATIONS.length) {
			throw new Error(`Säkerhetskopian ${file} har schemaversion ${version}; appen kan läsa 1–${MIGRATIONS.length}.`);
		}
		return version;
	} catch (err) {
		if (err instanceof Error && err.message.startsWith('Säkerhetskopian')) throw err;
		throw new Error(`Säkerhetskopian ${file} går inte att läsa som en SQLite-databas: ${(err as Error).message}`);
	} finally {
		db?.close();
	}
}

/**
 * Replaces the store in `dataDirectory` with the backup. The app must be stopped: the old file
 * and its WAL are moved aside (kept as *.before-restore), never deleted.
 */
export function restoreDatabase(backupFile: string, dataDirectory: string): { previous: string | null } {
	checkBackup(backupFile);
	mkdirSync(dataDirectory, { recursive: true });
	const target = join(dataDirectory, DB_FILE);
	const staging = `${target}.restoring`;
	copyFileSync(backupFile, staging);
	let previous: string | null = null;
	if (existsSync(target)) {
		previous = `${target}.before-restore-${Date.now()}`;
		renameSync(target, previous);
		for (const suffix of ['-wal', '-shm']) {
			if (existsSync(target + suffix)) renameSync(target + suffix, previous + suffix);
		}
	}
	renameSync(staging, target);
	rmSync(staging, { force: true });
	return { previous };
}
