/**
 * Backup and restore of a PostgreSQL deployment with PostgreSQL's own tools: pg_dump in its
 * custom format (-Fc: compressed, restorable table by table) and pg_restore, from
 * LAGESKARTA_PG_BIN (default /usr/lib/postgresql/15/bin, Debian's postgresql-15; pg_dump must be
 * at least the server's major version). The password is given to them in PGPASSWORD, never on
 * the command line (where `ps` would show it).
 *
 * - A backup is taken while the app runs (pg_dump reads one consistent snapshot) and written
 *   beside its final name first: a failed dump never leaves a file that looks like a backup.
 * - A restore checks the file (pg_restore --list, and its schema version from schema_migrations),
 *   keeps the database as it was in a *.before-restore-<ms>.dump beside the backup, then replaces
 *   the app's tables with the backup's in one transaction (--clean --single-transaction): all of
 *   it or nothing. PostGIS itself is left in place (dropping it needs a superuser), so its entries
 *   in the dump are skipped. Stop the app first.
 * Relative imports only: the db:* scripts run this file outside SvelteKit.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { openKysely, redact } from './connection';
import { appliedMigrations } from './migrate';
import { PG_MIGRATIONS } from './migrations/index';

const run = promisify(execFile);

export class PgBackupError extends Error {}

export function pgBin(program: string, env: Record<string, string | undefined> = process.env): string {
	return join(env.LAGESKARTA_PG_BIN || '/usr/lib/postgresql/15/bin', program);
}

/** A file name that sorts by time: lageskartan-20261125T034400Z.dump */
export function pgBackupName(now = new Date()): string {
	return `lageskartan-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.dump`;
}

/** The URL without its password, and the environment that gives the password to libpq. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const u = new URL(url);
	// In the user part or as ?password=: either way not on pg_dump's command line (the process list).
	const password = decodeURIComponent(u.password) || u.searchParams.get('password') || '';
	u.password = '';
	u.searchParams.delete('password');
	return { dbname: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function tool(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
	const path = pgBin(program);
	if (!existsSync(path)) throw new PgBackupError(`${path} finns inte: installera Debians paket postgresql-15 (eller sätt LAGESKARTA_PG_BIN till katalogen med pg_dump och pg_restore för serverns version).`);
	try {
		const { stdout } = await run(path, args, { env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
		return stdout;
	} catch (err) {
		const stderr = String((err as { stderr?: string }).stderr ?? '').trim();
		const hint = /server version mismatch|unsupported version/i.test(stderr) ? ' Sätt LAGESKARTA_PG_BIN till verktygen för serverns PostgreSQL-version.' : '';
		throw new PgBackupError(`${program} misslyckades: ${stderr || (err as Error).message}${hint}`);
	}
}

export async function backupPostgres(url: string, destination: string): Promise<{ bytes: number }> {
	if (existsSync(destination)) throw new PgBackupError(`${destination} finns redan: välj ett annat namn.`);
	mkdirSync(dirname(destination), { recursive: true });
	const partial = `${destination}.partial`;
	const { dbname, env } = connection(url);
	try {
		await tool('pg_dump', ['--format=custom', `--file=${partial}`, `--dbname=${dbname}`], env);
		renameSync(partial, destination);
	} finally {
		rmSync(partial, { force: true });
	}
	return { bytes: statSync(destination).size };
}

/**
 * Checks a backup file: a pg_dump archive of this app's schema that this version can read.
 * Returns its table of contents and schema version (the newest migration in it).
 */
export async function checkPgBackup(file: string): Promise<{ list: string; version: string }> {
	if (!existsSync(file)) throw new PgBackupError(`Säkerhetskopian ${file} finns inte.`);
	let list: string;
	try {
		list = await tool('pg_restore', ['--list', file], process.env);
	} catch (err) {
		throw new PgBackupError(`Säkerhetskopian ${file} går inte att läsa som en pg_dump-fil (-Fc): ${(err as Error).message}`);
	}
	if (!/ TABLE DATA \S+ schema_migrations /.test(list) || !/ TABLE \S+ features /.test(list)) {
		throw new PgBackupError(`Säkerhetskopian ${file} är inte en säkerhetskopia av Lägeskartan (tabellerna features och schema_migrations saknas).`);
	}
	const data = await tool('pg_restore', ['--data-only', '--table=schema_migrations', '--file=-', file], process.env);
	const names = [...data.matchAll(/^(\d{3}-[\w-]+)\t/gm)].map((m) => m[1]!).sort();
	const unknown = names.filter((name) => !(name in PG_MIGRATIONS));
	if (!names.length) throw new PgBackupError(`Säkerhetskopian ${file} saknar schemaversion (schema_migrations är tom).`);
	if (unknown.length) throw new PgBackupError(`Säkerhetskopian ${file} har schemaversion ${names.at(-1)}, nyare än den här versionen av appen: återställ med en nyare version av appen.`);
	return { list, version: names.at(-1)! };
}

/**
 * Replaces the app's tables in the database at `url` with the backup's. The database as it was
 * is dumped first to `<backup>.before-restore-<ms>.dump` (returned), unless it has no app schema.
 */
export async function restorePostgres(file: string, url: string): Promise<{ previous: string | null; version: string }> {
	const { list, version } = await checkPgBackup(file);
	const db = openKysely(url, { max: 1 });
	let current: string[];
	try {
		try {
			current = await appliedMigrations(db);
		} catch (err) {
			throw new PgBackupError(`Kan inte ansluta till ${redact(url)}: ${(err as Error).message}`);
		}
		const newer = current.filter((name) => name > version);
		if (newer.length) {
			throw new PgBackupError(
				`Databasen ${redact(url)} har schemaversion ${current.at(-1)}, nyare än säkerhetskopians (${version}). Återställ till en tom databas (createdb) i stället; inget ändrades.`
			);
		}
		try {
			await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
		} catch (err) {
			throw new PgBackupError(`PostGIS är inte påslaget i måldatabasen och användaren får inte slå på det (${(err as Error).message}): be en databasadministratör köra CREATE EXTENSION postgis; inget ändrades.`);
		}
	} finally {
		await db.destroy();
	}
	let previous: string | null = null;
	if (current.length) {
		previous = `${file.replace(/\.dump$/, '')}.before-restore-${Date.now()}.dump`;
		await backupPostgres(url, previous);
	}
	// Everything but PostGIS itself (it stays; the dump's tables use it) and its own table of
	// coordinate systems (the extension keeps it; the app adds none).
	const listFile = `${file}.restore-list-${process.pid}`;
	writeFileSync(listFile, list.split('\n').filter((line) => !/ EXTENSION - postgis\b| COMMENT - EXTENSION postgis\b| spatial_ref_sys /.test(line)).join('\n'));
	const { dbname, env } = connection(url);
	try {
		await tool('pg_restore', ['--clean', '--if-exists', '--single-transaction', '--no-owner', '--exit-on-error', `--use-list=${listFile}`, `--dbname=${dbname}`, file], env);
	} finally {
		rmSync(listFile, { force: true });
	}
	return { previous, version };
}
