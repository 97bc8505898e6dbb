/**
 * db:backup and db:restore on PostgreSQL (pg_dump -Fc / pg_restore) against a real PostgreSQL 15
 * + PostGIS: back up, change, restore, and every table is as it was at backup time.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../../../../../test/pg/use-postgres';
import { openDatabase } from '../database';
import { sqliteDatabase } from '../app-database';
import { createServices } from '../../services';
import { openKysely } from './connection';
import { copyToPostgres, pgChecksum } from './copy';
import { backupPostgres, checkPgBackup, PgBackupError, restorePostgres } from './backup';
import { migratePostgres } from './migrate';
import { PG_LATEST } from './migrations/index';
import { pgSchema } from './schema';

const postgres = usePostgres();
const root = resolve(import.meta.dirname, '../../../../..');
const script = (name: string, args: string[], url: string) =>
	promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), `scripts/${name}.ts`, ...args], { cwd: root, env: { ...process.env, LAGESKARTA_DATABASE_URL: url } });

let dir: string;
let url: string;
let db: Kysely<any>;

/** Every table's row count and checksum (all columns, generated geometry included). */
async function state(on: Kysely<any>): Promise<Record<string, { rows: number; checksum: string }>> {
	const out: Record<string, { rows: number; checksum: string }> = {};
	for (const table of await pgSchema(on)) {
		out[table.name] = await pgChecksum(on, table, table.columns.map((c) => c.name), table);
	}
	return out;
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-pgbackup-'));
	// A deployment on PostgreSQL: the seeded store (layers, features, their history) copied over, and some more.
	const store = openDatabase(join(dir, 'sqlite'));
	await createServices(sqliteDatabase(store), {}).ready;
	store.close();
	url = await postgres().database();
	await copyToPostgres(join(dir, 'sqlite', 'lageskartan.sqlite'), url);
	db = openKysely(url);
	await db.insertInto('accounts').values({ username: 'anna', display_name: 'Anna', organisation_id: 'sdf-jarva', role: 'admin', password_hash: 'x', created_at: '2026-12-01T08:00:00.000Z' }).execute();
	await db.insertInto('audit_log').values([1, 2, 3].map((i) => ({ at: `2026-12-01T08:0${i}:00.000Z`, username: 'anna', action: 'login', outcome: 'ok', detail: '{"n":' + i + '}' }))).execute();
}, 120_000);
afterAll(async () => {
	await db?.destroy();
	rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore on PostgreSQL', () => {
	it('npm run db:backup dumps the database; after changes, npm run db:restore brings back exactly what the backup held', async () => {
		const file = join(dir, 'backups', 'b.dump');
		const backup = await script('db-backup', [file], url);
		expect(backup.stdout).toMatch(/^Säkerhetskopia av postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+: .*b\.dump \([\d.]+ MB, pg_dump -Fc\)/);
		const atBackup = await state(db);
		expect(atBackup['features']!.rows).toBeGreaterThan(50);
		expect(atBackup['feature_history']!.rows).toBeGreaterThan(50);

		// Changes after the backup: rows added, changed and deleted, a history row and its change.
		await db.insertInto('audit_log').values({ at: '2026-12-02T08:00:00.000Z', action: 'login', outcome: 'ok' }).execute();
		await db.updateTable('features').set({ properties: '{"id":"ändrad"}' }).where('id', '=', (await db.selectFrom('features').select('id').limit(1).executeTakeFirstOrThrow()).id).execute();
		await db.deleteFrom('sessions').execute();
		await db.deleteFrom('audit_log').where('seq', '=', 1).execute();
		await db.insertInto('feature_history').values({ layer_id: 'otrygga-platser', feature_id: 'x', version: 2, action: 'update', at: 'x', by: 't' }).execute();
		expect(await state(db)).not.toEqual(atBackup);

		await db.destroy();
		const restore = await script('db-restore', [file], url);
		expect(restore.stdout).toMatch(new RegExp(`återställd från .*b\\.dump \\(schemaversion ${PG_LATEST}\\)\\. Databasen som den var ligger kvar som .*b\\.before-restore-\\d+\\.dump\\.`));
		db = openKysely(url);
		expect(await state(db)).toEqual(atBackup);
		// Sequences come back too: the next audit row follows the backup's last.
		const { seq } = await db.insertInto('audit_log').values({ at: 'x', action: 'login', outcome: 'ok' }).returning('seq').executeTakeFirstOrThrow();
		const { rows } = await sql<{ n: number }>`SELECT max(seq) AS n FROM audit_log WHERE seq < ${seq}`.execute(db);
		expect(seq).toBe(rows[0]!.n + 1);
		await db.deleteFrom('audit_log').where('seq', '=', seq).execute();
		// The database as it was before the restore is kept, and is itself a backup.
		const kept = readdirSync(join(dir, 'backups')).find((f) => f.includes('before-restore'))!;
		expect((await checkPgBackup(join(dir, 'backups', kept))).version).toBe(PG_LATEST);
	}, 120_000);

	it('restores into an empty database (a new server), the PostGIS geometry and indexes with it', async () => {
		const file = join(dir, 'fresh.dump');
		await backupPostgres(url, file);
		const empty = await postgres().database();
		expect(await restorePostgres(file, empty)).toEqual({ previous: null, version: PG_LATEST });
		const restored = openKysely(empty);
		try {
			expect(await state(restored)).toEqual(await state(db));
			expect(await pgSchema(restored)).toEqual(await pgSchema(db));
			// And db:migrate finds it at the newest schema.
			expect((await migratePostgres(restored)).applied).toEqual([]);
		} finally {
			await restored.destroy();
		}
	}, 60_000);

	it('refuses what it cannot restore, with the reason, and changes nothing', async () => {
		const before = await state(db);
		writeFileSync(join(dir, 'junk.dump'), 'inte en säkerhetskopia');
		await expect(restorePostgres(join(dir, 'junk.dump'), url)).rejects.toThrow(/går inte att läsa som en pg_dump-fil/);
		await expect(restorePostgres(join(dir, 'saknas.dump'), url)).rejects.toThrow(/finns inte/);
		// A dump of some other database is not a backup of the app.
		const other = await postgres().database();
		await backupPostgres(other, join(dir, 'other.dump'));
		await expect(restorePostgres(join(dir, 'other.dump'), url)).rejects.toThrow(/inte en säkerhetskopia av Lägeskartan/);
		// A database newer than the backup is not overwritten.
		await sql`INSERT INTO schema_migrations (name, timestamp) VALUES ('999-future', 'x')`.execute(db);
		await expect(restorePostgres(join(dir, 'fresh.dump'), url)).rejects.toThrow(new RegExp(`schemaversion 999-future, nyare än säkerhetskopians \\(${PG_LATEST}\\)\\. Återställ till en tom databas`));
		await sql`DELETE FROM schema_migrations WHERE name = '999-future'`.execute(db);
		// A backup never overwrites a file.
		await expect(backupPostgres(url, join(dir, 'fresh.dump'))).rejects.toThrow(PgBackupError);
		expect(await state(db)).toEqual(before);
		expect(existsSync(join(dir, 'fresh.dump.partial'))).toBe(false);
	}, 60_000);
});
