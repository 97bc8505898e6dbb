/**
 * db:copy on a real demo deployment (SQLite file) into a real PostgreSQL 15 + PostGIS
 * (a throwaway cluster): every table's rows, counted and checksummed on both sides, the
 * geometry valid and equal to the GeoJSON, the sequences past the copied numbers, and the
 * refusals (a target with content, an old SQLite file, a broken reference) writing nothing.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../../../../../test/pg/use-postgres';
import { demoStore } from '../../testing/demo-store';
import { DB_FILE, migrate, type Db } from '../database';
import { MIGRATIONS } from '../migrations/index';
import { openKysely } from './connection';
import { copyToPostgres, CopyError, pgChecksum, sqliteChecksum } from './copy';
import { appliedMigrations } from './migrate';
import { pgSchema, sqliteSchema, type Table } from './schema';

const postgres = usePostgres();
const root = resolve(import.meta.dirname, '../../../../..');
const copyScript = (args: string[], env: Record<string, string> = {}) =>
	promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/db-copy.ts', ...args], { cwd: root, env: { ...process.env, LAGESKARTA_DATABASE_URL: '', ...env } });

let dir: string;
let file: string;
let url: string;
let target: Kysely<any>;
let source: Db;
let output: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-copy-'));
	const demo = await demoStore(join(dir, 'data'));
	demo.db.close();
	file = join(dir, 'data', DB_FILE);
	url = await postgres().database();
	({ stdout: output } = await copyScript(['--from', file], { LAGESKARTA_DATABASE_URL: url }));
	source = new Database(file, { readonly: true });
	target = openKysely(url);
}, 180_000);
afterAll(async () => {
	source?.close();
	await target?.destroy();
	rmSync(dir, { recursive: true, force: true });
});

const count = async (db: Kysely<any>, table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n;

describe('npm run db:copy', () => {
	it('copies every table of a demo deployment: the same rows (count and checksum) on both sides', async () => {
		expect(output).toMatch(/Kopierat: \d+ tabeller, \d+ rader, från .* till postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+ på [\d.]+ s\./);
		const tables = sqliteSchema(source);
		const pgTables = new Map((await pgSchema(target)).map((t) => [t.name, t]));
		for (const table of tables) {
			const rows = (source.prepare(`SELECT count(*) AS n FROM "${table.name}"`).get() as { n: number }).n;
			// The demo deployment has rows in every table, so every table is really copied; but
			// layer_imports, which has a row only inside an import's transaction (migration 20).
			if (table.name === 'layer_imports') expect(rows).toBe(0);
			else expect(rows, `${table.name} has rows in the demo store`).toBeGreaterThan(0);
			expect(await count(target, table.name), table.name).toBe(rows);
			const pg = pgTables.get(table.name)!;
			const columns = pg.columns.some((c) => c.name === 'rowid') ? ['rowid', ...table.columns.map((c) => c.name)] : table.columns.map((c) => c.name);
			expect(await pgChecksum(target, table, columns, pg), table.name).toEqual(sqliteChecksum(source, table, columns));
		}
		// What the demo has most of: history, versions, audit entries, photos, changes.
		for (const table of ['feature_history', 'object_history', 'report_history', 'measure_history', 'audit_log', 'photos', 'changes', 'sessions']) {
			expect(await count(target, table), table).toBe((source.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);
		}
		expect(await count(target, 'reports')).toBeGreaterThan(1000);
	});

	it('keeps the bytes of every photo and the order of every layer’s features', async () => {
		const photos = source.prepare('SELECT id, bytes FROM photos ORDER BY id').all() as { id: string; bytes: Buffer }[];
		const copied = await target.selectFrom('photos').select(['id', 'bytes']).orderBy('id').execute();
		expect(copied.map((p) => [p.id, Buffer.compare(p.bytes as Buffer, photos.find((s) => s.id === p.id)!.bytes)])).toEqual(photos.map((p) => [p.id, 0]));
		const order = source.prepare('SELECT layer_id, id FROM features ORDER BY rowid').all();
		expect(await target.selectFrom('features').select(['layer_id', 'id']).orderBy('rowid').execute()).toEqual(order);
	});

	it('makes valid PostGIS geometry equal to each GeoJSON the app wrote', async () => {
		const features = source.prepare('SELECT layer_id, id, geometry FROM features').all() as { layer_id: string; id: string; geometry: string }[];
		const { rows } = await sql<{ n: number; valid: number; equal: number; points: number }>`
			SELECT count(*)::int AS n, count(*) FILTER (WHERE ST_IsValid(f.geom))::int AS valid,
			       count(*) FILTER (WHERE ST_OrderingEquals(f.geom, ST_SetSRID(ST_GeomFromGeoJSON(s.geometry), 4326)))::int AS equal,
			       sum(ST_NPoints(f.geom))::int AS points
			FROM json_to_recordset(${JSON.stringify(features)}::json) AS s(layer_id text, id text, geometry text)
			JOIN features f ON f.layer_id = s.layer_id AND f.id = s.id`.execute(target);
		const vertices = (coordinates: unknown): number => (typeof (coordinates as unknown[])[0] === 'number' ? 1 : (coordinates as unknown[]).reduce<number>((sum, c) => sum + vertices(c), 0));
		const points = features.reduce((sum, f) => sum + vertices((JSON.parse(f.geometry) as { coordinates: unknown }).coordinates), 0);
		expect(rows[0]).toEqual({ n: features.length, valid: features.length, equal: features.length, points });
		// Every table with a place has its geometry, all valid, in EPSG:4326.
		for (const table of ['agenda_items', 'findings', 'focus_places', 'inventories', 'measures', 'reports']) {
			const { rows: geo } = await sql<{ placed: number; invalid: number; srids: number[] }>`
				SELECT count(geom)::int AS placed, count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS invalid, array_agg(DISTINCT ST_SRID(geom)) FILTER (WHERE geom IS NOT NULL) AS srids FROM ${sql.table(table)}`.execute(target);
			expect(geo[0], table).toEqual({ placed: expect.any(Number), invalid: 0, srids: [4326] });
			expect(geo[0]!.placed, table).toBeGreaterThan(0);
		}
		const reports = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE ST_X(geom) <> lon OR ST_Y(geom) <> lat`.execute(target)).rows[0]!.n;
		expect(reports).toBe(0);
	});

	it('moves every sequence past the copied numbers, and the change triggers work again', async () => {
		const max = (table: string, column = 'seq') => (source.prepare(`SELECT max(${column}) AS n FROM ${table}`).get() as { n: number }).n;
		const counter = (table: string) => (source.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as { seq: number }).seq;
		await target.transaction().execute(async (trx) => {
			const audit = await trx.insertInto('audit_log').values({ at: 'x', action: 'login', outcome: 'ok' }).returning('seq').executeTakeFirstOrThrow();
			expect(audit.seq).toBe(counter('audit_log') + 1);
			const history = await trx.insertInto('feature_history').values({ layer_id: 'otrygga-platser', feature_id: 'x', version: 9, action: 'update', at: 'x', by: 't' }).returning('seq').executeTakeFirstOrThrow();
			expect(history.seq).toBe(counter('feature_history') + 1);
			const change = await trx.selectFrom('changes').select(['seq', 'object_id']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
			expect(change).toEqual({ seq: counter('changes') + 1, object_id: 'x' });
			const account = await trx.insertInto('accounts').values({ username: 'ny', display_name: 'Ny', organisation_id: 'sdf-jarva', role: 'läsare', password_hash: 'x', created_at: 'x' }).returning('id').executeTakeFirstOrThrow();
			expect(account.id).toBe(max('accounts', 'id') + 1);
			const layer = await trx.insertInto('layers').values({ id: 'ny', title: 'N', title_en: 'N', kind: 'k', geometry: 'Point', source: 's', precision: 'p', approximate: 1, created_at: 'x', created_by: 't' }).returning('rowid').executeTakeFirstOrThrow();
			expect(layer.rowid).toBe(max('layers', 'rowid') + 1);
			throw new CopyError('rolled back: the test only looks');
		}).catch((err) => {
			if (!(err instanceof CopyError)) throw err;
		});
	});

	it('refuses a target that is not empty, writing nothing, and exits with an error', async () => {
		const before = await pgChecksum(target, sqliteSchema(source).find((t) => t.name === 'audit_log')!, ['seq', 'at'], (await pgSchema(target)).find((t) => t.name === 'audit_log')!);
		const refused = await copyScript(['--from', file], { LAGESKARTA_DATABASE_URL: url }).catch((err: { code: number; stderr: string }) => err);
		expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/db:copy: Måldatabasen postgres:\/\/postgres:\*\*\*@.* är inte tom: .*rader.*db:copy skriver bara till en tom databas; inget kopierades\./) });
		expect(await pgChecksum(target, sqliteSchema(source).find((t) => t.name === 'audit_log')!, ['seq', 'at'], (await pgSchema(target)).find((t) => t.name === 'audit_log')!)).toEqual(before);
	}, 60_000);

	it('refuses a password on the command line (it would show in the process list), and a database holding another system’s tables', async () => {
		const withPassword = await copyScript(['--from', file, '--to', url]).catch((err: { code: number; stderr: string }) => err);
		expect(withPassword).toMatchObject({ code: 2, stderr: expect.stringContaining('lösenordet i --to syns i processlistan') });
		const other = await postgres().database();
		const db = openKysely(other);
		try {
			await sql`CREATE TABLE invoices (id int PRIMARY KEY)`.execute(db);
			await expect(copyToPostgres(file, other)).rejects.toThrow(/har tabeller som inte är appens \(invoices\)\. db:copy skriver bara till en tom databas; inget kopierades\./);
			expect(await appliedMigrations(db)).toEqual([]);
		} finally {
			await db.destroy();
		}
	}, 60_000);

	it('refuses a SQLite file that is not at the newest schema, and says to run db:migrate; the target is not touched', async () => {
		const old = new Database(join(dir, 'old.sqlite'));
		migrate(old, MIGRATIONS.length - 1);
		old.close();
		const empty = await postgres().database();
		await expect(copyToPostgres(join(dir, 'old.sqlite'), empty)).rejects.toThrow(
			new RegExp(`har schemaversion ${MIGRATIONS.length - 1}, inte den senaste \\(${MIGRATIONS.length}\\)\\. Uppgradera den först: npm run db:migrate`)
		);
		await expect(copyToPostgres(join(dir, 'finns-inte.sqlite'), empty)).rejects.toThrow(/finns inte/);
		const db = openKysely(empty);
		try {
			expect(await appliedMigrations(db)).toEqual([]);
		} finally {
			await db.destroy();
		}
	});

	it('a row that cannot be copied (a broken reference) stops the copy and nothing is kept; after the fix it copies', async () => {
		const broken = join(dir, 'broken.sqlite');
		copyFileSync(file, broken);
		const db = new Database(broken);
		db.pragma('foreign_keys = OFF');
		db.prepare("UPDATE decisions SET measure_id = 'finns-inte' WHERE rowid = (SELECT max(rowid) FROM decisions)").run();
		db.close();
		const empty = await postgres().database();
		const error = await copyToPostgres(broken, empty).catch((err: Error) => err);
		expect(error).toBeInstanceOf(CopyError);
		expect((error as Error).message).toMatch(/stoppade vid tabellen decisions: .*foreign key constraint.*finns-inte.*Inget kopierades\./);
		const pg = openKysely(empty);
		try {
			// The schema is there (db:migrate's part); no row of the file is.
			for (const table of ['accounts', 'features', 'layers', 'reports', 'audit_log']) expect(await count(pg, table), table).toBe(0);
			expect(await count(pg, 'organisations')).toBe(3);
		} finally {
			await pg.destroy();
		}
		const fixed = new Database(broken);
		fixed.prepare("UPDATE decisions SET measure_id = NULL WHERE measure_id = 'finns-inte'").run();
		fixed.close();
		const tables: Table[] = sqliteSchema(source);
		expect((await copyToPostgres(broken, empty)).map((t) => t.name).sort()).toEqual(tables.map((t) => t.name).sort());
	}, 60_000);
});
