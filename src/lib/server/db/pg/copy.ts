/**
 * db:copy: moves a whole deployment from a SQLite store to an empty PostgreSQL database – every
 * table, with every version, history row, audit entry, photo and change – in one PostgreSQL
 * transaction: all of it or, on any error, nothing.
 *
 * 1. The SQLite file must be at the newest schema (else: run db:migrate on it first); it is read
 *    in one read transaction, so a copy taken while the app runs is one consistent moment.
 * 2. The target is migrated (pg/migrate.ts) and must be empty: nothing but the rows a fresh
 *    migration writes (FIRST_ROWS). Anything else is refused before anything is written.
 * 3. In the transaction: the first rows are replaced by the file's, the tables are filled in
 *    foreign-key order (parents first) with SQLite's own keys and rowids, the change triggers are
 *    off while the histories are copied (the file's changes table is copied as it is), and every
 *    identity sequence is moved past the highest number used – or past SQLite's AUTOINCREMENT
 *    counter, which may be higher when rows were deleted (the bounded change table).
 * 4. Before COMMIT every table's row count and checksum (sha256 over its rows in key order,
 *    values normalized: booleans as 0/1, bytes by their hash) are compared on both sides; a
 *    difference rolls everything back.
 * Relative imports only: the db:* scripts run this file outside SvelteKit.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sql, type Kysely, type Transaction } from 'kysely';
import { DB_FILE, type Db } from '../database';
import { MIGRATIONS } from '../migrations/index';
import { openKysely, redact } from './connection';
import { appliedMigrations, migratePostgres, PgMigrationError } from './migrate';
import { FIRST_ROWS } from './migrations/001-schema';
import { foreignKeyOrder, pgSchema, sqliteSchema, type Table } from './schema';

/** The copy was refused or failed; nothing was written to the target. */
export class CopyError extends Error {}

export interface TableCopy {
	name: string;
	rows: number;
	checksum: string;
}

/** A value as both sides agree on it: booleans 0/1, bytes by their sha256. */
function normalize(value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (typeof value === 'boolean') return value ? 1 : 0;
	if (typeof value === 'bigint') return Number(value);
	if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `bytes:${createHash('sha256').update(value).digest('hex')}`;
	return value;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The columns compared and copied: SQLite's, and rowid where PostgreSQL keeps it as a column. */
function copiedColumns(table: Table, pg: Table | undefined): string[] {
	const columns = table.columns.map((c) => c.name);
	return pg?.columns.some((c) => c.name === 'rowid') ? ['rowid', ...columns] : columns;
}

/** The key the rows are sorted by: the primary key, in byte order for text (the same on both sides). */
function orderKey(table: Table, collate: (column: string) => string): string {
	const key = table.primaryKey.length ? table.primaryKey : table.columns.map((c) => c.name);
	return key.map(collate).join(', ');
}

/** Row count and checksum of a SQLite table, over `columns` in primary-key order. */
export function sqliteChecksum(db: Db, table: Table, columns: string[]): { rows: number; checksum: string } {
	const hash = createHash('sha256');
	let rows = 0;
	const textColumns = new Set(table.columns.filter((c) => c.type === 'TEXT').map((c) => c.name));
	const order = orderKey(table, (c) => (textColumns.has(c) ? `${quote(c)} COLLATE BINARY` : quote(c)));
	const statement = db.prepare(`SELECT ${columns.map((c) => (c === 'rowid' ? 'rowid AS rowid' : quote(c))).join(', ')} FROM ${quote(table.name)} ORDER BY ${order}`).raw(true);
	for (const row of statement.iterate() as Iterable<unknown[]>) {
		hash.update(JSON.stringify(row.map(normalize)) + '\n');
		rows++;
	}
	return { rows, checksum: hash.digest('hex') };
}

/** Row count and checksum of a PostgreSQL table, the same way (read in pages: photos are large). */
export async function pgChecksum(db: Kysely<any> | Transaction<any>, table: Table, columns: string[], pg: Table): Promise<{ rows: number; checksum: string }> {
	const hash = createHash('sha256');
	let rows = 0;
	const text = new Set(pg.columns.filter((c) => c.type === 'text' || c.type === 'json').map((c) => c.name));
	const order = orderKey(table, (c) => (text.has(c) ? `${quote(c)}::text COLLATE "C"` : quote(c)));
	const page = table.columns.some((c) => c.type === 'BLOB') ? 50 : 5000;
	for (let offset = 0; ; offset += page) {
		const { rows: batch } = await sql
			.raw<Record<string, unknown>>(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${order} LIMIT ${page} OFFSET ${offset}`)
			.execute(db);
		for (const row of batch) {
			hash.update(JSON.stringify(columns.map((c) => normalize(row[c]))) + '\n');
			rows++;
		}
		if (batch.length < page) break;
	}
	return { rows, checksum: hash.digest('hex') };
}

function openSource(file: string): Db {
	if (!existsSync(file)) throw new CopyError(`SQLite-filen ${file} finns inte.`);
	let db: Db;
	try {
		db = new Database(file, { readonly: true, fileMustExist: true });
		db.pragma('schema_version');
	} catch (err) {
		throw new CopyError(`${file} går inte att läsa som en SQLite-databas: ${(err as Error).message}`);
	}
	const version = db.pragma('user_version', { simple: true }) as number;
	if (version !== MIGRATIONS.length) {
		db.close();
		const how = basename(file) === DB_FILE ? `LAGESKARTA_DATA_DIR=${dirname(file)} npm run db:migrate` : 'npm run db:migrate (med LAGESKARTA_DATA_DIR satt till filens katalog)';
		throw new CopyError(
			version > MIGRATIONS.length
				? `SQLite-filen ${file} har schemaversion ${version}, nyare än den här versionen av appen (${MIGRATIONS.length}): använd en nyare version av appen.`
				: `SQLite-filen ${file} har schemaversion ${version}, inte den senaste (${MIGRATIONS.length}). Uppgradera den först: ${how}. Inget kopierades.`
		);
	}
	return db;
}

/** What the target holds beyond a fresh migration's rows: "table (n rader)", or [] when it is empty. */
async function contents(db: Kysely<any>, tables: readonly Table[]): Promise<string[]> {
	const found: string[] = [];
	for (const table of tables) {
		const first = FIRST_ROWS[table.name];
		const where = first ? ` WHERE id NOT IN (${first.map((id) => `'${id}'`).join(', ')})` : '';
		const { rows } = await sql.raw<{ n: number }>(`SELECT count(*)::int AS n FROM ${quote(table.name)}${where}`).execute(db);
		if (rows[0]!.n > 0) found.push(`${table.name} (${rows[0]!.n} rader)`);
	}
	return found;
}

async function insertRows(trx: Transaction<any>, table: string, columns: string[], rows: unknown[][]): Promise<void> {
	if (!rows.length) return;
	await trx
		.insertInto(table)
		.values(rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i] instanceof Uint8Array ? Buffer.from(row[i] as Uint8Array) : row[i]]))))
		.execute();
}

/**
 * Copies the SQLite store `file` into the PostgreSQL database at `url`. Throws CopyError (nothing
 * written) when refused or when anything fails. `log` hears one line per table.
 */
export async function copyToPostgres(file: string, url: string, log: (line: string) => void = () => undefined): Promise<TableCopy[]> {
	const source = openSource(file);
	const db = openKysely(url, { max: 1 });
	try {
		try {
			await sql`SELECT 1`.execute(db);
		} catch (err) {
			throw new CopyError(`Kan inte ansluta till ${redact(url)}: ${(err as Error).message}`);
		}
		// Refused before anything is written: a target with content, or of another app version.
		if ((await appliedMigrations(db)).length) {
			const found = await contents(db, await pgSchema(db));
			if (found.length) throw new CopyError(`Måldatabasen ${redact(url)} är inte tom: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ' …' : ''}. db:copy skriver bara till en tom databas; inget kopierades.`);
		} else {
			// Not the app's database (yet): any table of something else in it is refused too, before the schema is made there.
			const others = (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'spatial_ref_sys' ORDER BY 1`.execute(db)).rows.map((r) => r.name);
			if (others.length) throw new CopyError(`Måldatabasen ${redact(url)} är inte tom: den har tabeller som inte är appens (${others.slice(0, 5).join(', ')}${others.length > 5 ? ' …' : ''}). db:copy skriver bara till en tom databas; inget kopierades.`);
		}
		try {
			await migratePostgres(db);
		} catch (err) {
			if (err instanceof PgMigrationError) throw new CopyError(err.message);
			throw err;
		}
		const target = new Map((await pgSchema(db)).map((t) => [t.name, t]));
		source.exec('BEGIN'); // one read transaction: the file as it was at one moment
		const tables = foreignKeyOrder(sqliteSchema(source));
		for (const table of tables) {
			const pg = target.get(table.name);
			const missing = table.columns.filter((c) => !pg?.columns.some((p) => p.name === c.name && !p.generated)).map((c) => c.name);
			if (!pg || missing.length) {
				throw new CopyError(`Tabellen ${table.name}${pg ? ` (kolumnerna ${missing.join(', ')})` : ''} finns inte i PostgreSQL-schemat: appens två scheman skiljer sig. Inget kopierades.`);
			}
		}
		const copied: TableCopy[] = [];
		await db.transaction().execute(async (trx) => {
			// focus_places.carried_from is deferrable: a week's focus place may come before its origin.
			await sql`SET CONSTRAINTS ALL DEFERRED`.execute(trx);
			const withTriggers = [...target.values()].filter((t) => t.triggers.length);
			for (const t of withTriggers) await sql.raw(`ALTER TABLE ${quote(t.name)} DISABLE TRIGGER USER`).execute(trx);
			for (const name of Object.keys(FIRST_ROWS).reverse()) await sql.raw(`DELETE FROM ${quote(name)}`).execute(trx);

			for (const table of tables) {
				const pg = target.get(table.name)!;
				const columns = copiedColumns(table, pg);
				const perBatch = Math.max(1, Math.min(1000, Math.floor(20_000 / columns.length)));
				const statement = source.prepare(`SELECT ${columns.map((c) => (c === 'rowid' ? 'rowid AS rowid' : quote(c))).join(', ')} FROM ${quote(table.name)} ORDER BY rowid`).raw(true);
				let batch: unknown[][] = [];
				let bytes = 0;
				let count = 0;
				try {
					for (const row of statement.iterate() as Iterable<unknown[]>) {
						batch.push(row);
						for (const value of row) if (value instanceof Uint8Array) bytes += value.byteLength;
						if (batch.length >= perBatch || bytes > 8_000_000) {
							await insertRows(trx, table.name, columns, batch);
							count += batch.length;
							(batch = []), (bytes = 0);
						}
					}
					await insertRows(trx, table.name, columns, batch);
					count += batch.length;
				} catch (err) {
					if (err instanceof CopyError) throw err;
					const pgError = err as Error & { detail?: string };
					throw new CopyError(`Kopieringen stoppade vid tabellen ${table.name}: ${pgError.message}${pgError.detail ? ` (${pgError.detail})` : ''}. Inget kopierades.`);
				}
				log(`${table.name}: ${count} rader`);
			}

			// Identity sequences past every number used, in PostgreSQL or by SQLite's AUTOINCREMENT.
			const hasSequenceTable = Boolean(source.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get());
			for (const pg of target.values()) {
				for (const column of pg.columns) {
					const { rows } = await sql<{ seq: string | null }>`SELECT pg_get_serial_sequence(${quote(pg.name)}, ${column.name}) AS seq`.execute(trx);
					const sequence = rows[0]?.seq;
					if (!sequence) continue;
					const counter = hasSequenceTable && column.name !== 'rowid' ? ((source.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(pg.name) as number | undefined) ?? 0) : 0;
					const { rows: max } = await sql.raw<{ n: number | null }>(`SELECT max(${quote(column.name)}) AS n FROM ${quote(pg.name)}`).execute(trx);
					const used = Math.max(Number(max[0]!.n ?? 0), counter);
					await sql`SELECT setval(${sequence}, ${Math.max(used, 1)}, ${used > 0})`.execute(trx);
				}
			}
			for (const t of withTriggers) await sql.raw(`ALTER TABLE ${quote(t.name)} ENABLE TRIGGER USER`).execute(trx);

			// The check before COMMIT: the same rows on both sides, table by table.
			for (const table of tables) {
				const pg = target.get(table.name)!;
				const columns = copiedColumns(table, pg);
				const from = sqliteChecksum(source, table, columns);
				const to = await pgChecksum(trx, table, columns, pg);
				if (from.rows !== to.rows || from.checksum !== to.checksum) {
					throw new CopyError(`Kontrollen efter kopieringen visar skillnader i tabellen ${table.name} (${from.rows} rader i SQLite, ${to.rows} i PostgreSQL). Inget kopierades.`);
				}
				copied.push({ name: table.name, ...from });
			}
		});
		return copied;
	} finally {
		if (source.inTransaction) source.exec('COMMIT');
		source.close();
		await db.destroy();
	}
}
