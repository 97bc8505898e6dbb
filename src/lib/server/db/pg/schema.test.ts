/**
 * The PostgreSQL schema (pg/migrations) against the SQLite one (db/migrations), on a real
 * PostgreSQL 15 + PostGIS (a throwaway cluster, test/pg/cluster.ts) and a real SQLite file.
 * The guard that keeps the two in step: a SQLite migration that adds a table, a column, a key,
 * an index or a trigger fails here until a PostgreSQL migration adds the same.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePostgres } from '../../../../../test/pg/use-postgres';
import { openDatabase } from '../database';
import { MIGRATIONS } from '../migrations/index';
import { openKysely } from './connection';
import { appliedMigrations, migratePostgres, PgMigrationError } from './migrate';
import { PG_LATEST, PG_MIGRATIONS } from './migrations/index';
import { pgSchema, sqliteSchema, type Table } from './schema';

const postgres = usePostgres();

let dir: string;
let sqlite: Table[];
let db: Kysely<any>;
let pgTables: Table[];

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-schema-'));
	const store = openDatabase(dir);
	sqlite = sqliteSchema(store);
	store.close();
	db = openKysely(await postgres().database());
	await migratePostgres(db);
	pgTables = await pgSchema(db);
}, 120_000);
afterAll(async () => {
	await db?.destroy();
	rmSync(dir, { recursive: true, force: true });
});

/** The PostgreSQL types a SQLite column type may become. */
const PG_TYPES: Record<string, string[]> = {
	TEXT: ['text', 'json'],
	INTEGER: ['integer', 'bigint', 'boolean'],
	REAL: ['double precision'],
	BLOB: ['bytea']
};

const pgTable = (name: string) => pgTables.find((t) => t.name === name)!;

describe('the PostgreSQL schema', () => {
	it('migrates a fresh database, and a second run changes nothing', async () => {
		const url = await postgres().database();
		const fresh = openKysely(url);
		try {
			expect(await appliedMigrations(fresh)).toEqual([]);
			expect(await migratePostgres(fresh)).toEqual({ from: null, to: PG_LATEST, applied: Object.keys(PG_MIGRATIONS) });
			const before = await pgSchema(fresh);
			expect(await migratePostgres(fresh)).toEqual({ from: PG_LATEST, to: PG_LATEST, applied: [] });
			expect(await pgSchema(fresh)).toEqual(before);
			const { rows } = await sql<{ name: string }>`SELECT name FROM schema_migrations`.execute(fresh);
			expect(rows.map((r) => r.name)).toEqual(Object.keys(PG_MIGRATIONS));
			// The first rows SQLite's migrations write: the partners and the report categories.
			const count = async (table: string) => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(fresh)).rows[0]!.n);
			expect(await count('organisations')).toBe(3);
			expect(await count('report_categories')).toBe(12);
		} finally {
			await fresh.destroy();
		}
	});

	it('has the same tables as a freshly migrated SQLite store', () => {
		expect(pgTables.map((t) => t.name)).toEqual(sqlite.map((t) => t.name));
	});

	it('has every SQLite column, in the same order, with a matching type, NOT NULL and default; the only extra columns are generated PostGIS geometry and rowid where stores order by it', () => {
		for (const table of sqlite) {
			const pg = pgTable(table.name);
			const written = pg.columns.filter((c) => !c.generated && c.name !== 'rowid');
			expect(written.map((c) => c.name), table.name).toEqual(table.columns.map((c) => c.name));
			for (const [i, column] of table.columns.entries()) {
				const other = written[i]!;
				const where = `${table.name}.${column.name}`;
				expect(PG_TYPES[column.type], where).toContain(other.type);
				expect(other.notNull, where).toBe(column.notNull);
				expect(other.default, where).toBe(column.default);
			}
			for (const extra of pg.columns.filter((c) => c.generated)) {
				expect(extra, `${table.name}.${extra.name}`).toMatchObject({ name: 'geom', type: 'geometry(Geometry,4326)' });
				expect(pg.indexes, `${table.name}: a GiST index on geom`).toContain(`${table.name}_geom`);
			}
		}
		// SQLite's hidden rowid, a column on PostgreSQL where a store says ORDER BY rowid.
		expect(pgTables.filter((t) => t.columns.some((c) => c.name === 'rowid')).map((t) => t.name)).toEqual(['decisions', 'features', 'focus_place_measures', 'layers']);
	});

	it('has the same primary keys, unique keys, foreign keys (with ON DELETE), named indexes and triggers', () => {
		const withoutGeom = (indexes: string[]) => indexes.filter((name) => !name.endsWith('_geom'));
		for (const table of sqlite) {
			const pg = pgTable(table.name);
			expect(pg.primaryKey, table.name).toEqual(table.primaryKey);
			expect(pg.unique.filter((u) => u !== 'rowid'), table.name).toEqual(table.unique);
			const fk = (k: Table['foreignKeys'][number]) => `${k.columns.join(',')} → ${k.table}(${k.references.join(',')}) ON DELETE ${k.onDelete}`;
			expect(pg.foreignKeys.map(fk).sort(), table.name).toEqual(table.foreignKeys.map(fk).sort());
			expect(withoutGeom(pg.indexes), table.name).toEqual(table.indexes);
		}
		expect(pgTables.flatMap((t) => t.triggers).sort()).toEqual(sqlite.flatMap((t) => t.triggers).sort());
		// Geometry in PostGIS: the features and every table with a place.
		expect(pgTables.filter((t) => t.columns.some((c) => c.generated)).map((t) => t.name)).toEqual([
			'agenda_items',
			'features',
			'findings',
			'focus_places',
			'inventories',
			'measures',
			'reports'
		]);
	});

	it('keeps the GeoJSON as written and derives a PostGIS geometry from it', async () => {
		const geometry = '{"type": "Polygon", "coordinates": [[[17.9, 59.4], [17.91, 59.4], [17.91, 59.41], [17.9, 59.4]]]}';
		await db.insertInto('layers').values({ id: 'l', title: 'L', title_en: 'L', kind: 'insecure-place', geometry: 'Polygon', source: 's', precision: 'p', approximate: 1, created_at: '2026-11-25T03:44:00.123Z', created_by: 't' }).execute();
		await db.insertInto('features').values({ layer_id: 'l', id: 'a', version: 1, geometry, properties: '{"z": 1, "a": 2}', updated_at: '2026-11-25T03:44:00.123Z', updated_by: 't' }).execute();
		const row = await db
			.selectFrom('features')
			.select(['geometry', 'properties', 'deleted', sql<string>`ST_AsText(geom)`.as('wkt'), sql<number>`ST_SRID(geom)`.as('srid'), sql<boolean>`ST_IsValid(geom)`.as('valid')])
			.executeTakeFirstOrThrow();
		// The text comes back exactly (spaces and key order too), as a string, like SQLite.
		expect(row).toEqual({ geometry, properties: '{"z": 1, "a": 2}', deleted: false, wkt: 'POLYGON((17.9 59.4,17.91 59.4,17.91 59.41,17.9 59.4))', srid: 4326, valid: true });
		// A measure's place as [lon, lat], and a report's lon and lat, are points.
		const at = { created_at: 'x', created_by: 't', updated_at: 'x', updated_by: 't', version: 1 };
		await db.insertInto('measures').values({ id: 'm', title: 'M', owner_organisation_id: 'sdf-jarva', due_date: '2026-12-01', status: 'beslutad', position: '[18.0, 59.4]', ...at }).execute();
		await db.insertInto('reports').values({ id: 'r', category: 'brand', date: '2026-11-25', week: '2026-W48', lon: 17.95, lat: 59.41, text: 'T', organisation_id: 'sdf-jarva', ...at }).execute();
		const { rows } = await sql<{ wkt: string }>`SELECT ST_AsText(geom) AS wkt FROM measures UNION ALL SELECT ST_AsText(geom) FROM reports`.execute(db);
		expect(rows.map((r) => r.wkt)).toEqual(['POINT(18 59.4)', 'POINT(17.95 59.41)']);
		await expect(db.insertInto('features').values({ layer_id: 'l', id: 'b', version: 1, geometry: 'not json', properties: '{}', updated_at: 'x', updated_by: 't' }).execute()).rejects.toThrow(/invalid input syntax for type json/);
	});

	it('records a change for every history row but the seed, in the same transaction, and keeps 10 000', async () => {
		const history = (action: string, version: number) => ({ layer_id: 'l', feature_id: 'a', version, action, at: '2026-11-25T03:44:00.123Z', by: 't', before: null, after: '{}' });
		await db.insertInto('feature_history').values(history('seed', 1)).execute();
		await db.insertInto('feature_history').values(history('update', 2)).execute();
		await db
			.transaction()
			.execute(async (trx) => {
				await trx.insertInto('feature_history').values(history('update', 3)).execute();
				throw new Error('rolled back');
			})
			.catch(() => undefined);
		const changes = await db.selectFrom('changes').select(['seq', 'kind', 'layer_id', 'object_id', 'version', 'action']).execute();
		expect(changes).toEqual([{ seq: 1, kind: 'feature', layer_id: 'l', object_id: 'a', version: 2, action: 'update' }]);
		// Bounded as on SQLite: each new row removes those 10 000 or more behind it.
		await sql`INSERT INTO changes (kind, object_id, version, action, at) SELECT 'feature', 'x', v, 'update', 'x' FROM generate_series(1, 10000) v`.execute(db);
		await db.insertInto('feature_history').values(history('update', 4)).execute();
		const { rows } = await sql<{ n: number; low: number; high: number }>`SELECT count(*)::int AS n, min(seq) AS low, max(seq) AS high FROM changes`.execute(db);
		// (The rolled-back change took seq 2: a PostgreSQL sequence is not rolled back, so seq has gaps.)
		expect(rows[0]).toEqual({ n: 10_000, low: 4, high: 10_003 });
	});

	it('compares user names without case, as SQLite’s COLLATE NOCASE, and the stores’ “COLLATE NOCASE” works unchanged', async () => {
		const account = (username: string) => ({ username, display_name: 'A', organisation_id: 'sdf-jarva', role: 'läsare', password_hash: 'x', created_at: 'x' });
		const { id } = await db.insertInto('accounts').values(account('Anna.Admin')).returning('id').executeTakeFirstOrThrow();
		expect(typeof id).toBe('number');
		await expect(db.insertInto('accounts').values(account('anna.admin')).execute()).rejects.toThrow(/duplicate key value violates unique constraint "accounts_username_key"/);
		expect(await db.selectFrom('accounts').select('id').where('username', '=', 'ANNA.ADMIN').execute()).toEqual([{ id }]);
		const { rows } = await sql<{ id: number }>`SELECT id FROM accounts WHERE username = ${'anna.ADMIN'} COLLATE NOCASE`.execute(db);
		expect(rows).toEqual([{ id }]);
	});

	it('refuses a database newer than the app, and changes nothing', async () => {
		const fresh = openKysely(await postgres().database());
		try {
			await migratePostgres(fresh);
			await sql`INSERT INTO schema_migrations (name, timestamp) VALUES ('999-future', 'x')`.execute(fresh);
			await expect(migratePostgres(fresh)).rejects.toThrow(PgMigrationError);
			await expect(migratePostgres(fresh)).rejects.toThrow(new RegExp(`schemaversion 999-future, nyare än den här versionen av appen känner till \\(${PG_LATEST}\\)`));
		} finally {
			await fresh.destroy();
		}
	});

	it('npm run db:migrate migrates PostgreSQL (LAGESKARTA_DATABASE_URL) or the SQLite store, and says when nothing was to do', async () => {
		const root = resolve(import.meta.dirname, '../../../../..');
		const script = (env: Record<string, string>) =>
			promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/db-migrate.ts'], { cwd: root, env: { ...process.env, ...env } });
		const url = await postgres().database();
		const first = await script({ LAGESKARTA_DATABASE_URL: url });
		expect(first.stdout).toMatch(new RegExp(`^PostgreSQL postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/lageskarta_test_\\w+: schemaversion ${PG_LATEST} \\(ny databas; körde ${Object.keys(PG_MIGRATIONS).join(', ')}\\)\\.`));
		expect((await script({ LAGESKARTA_DATABASE_URL: url })).stdout).toContain(`redan på senaste schemaversionen (${PG_LATEST}), inget ändrat.`);
		const data = join(dir, 'script');
		expect((await script({ LAGESKARTA_DATA_DIR: data, LAGESKARTA_DATABASE_URL: '' })).stdout).toContain(`schemaversion ${MIGRATIONS.length} (ny databas)`);
		expect((await script({ LAGESKARTA_DATA_DIR: data, LAGESKARTA_DATABASE_URL: '' })).stdout).toContain(`redan på senaste schemaversionen (${MIGRATIONS.length}), inget ändrat.`);
		const wrong = await script({ LAGESKARTA_DATABASE_URL: 'mysql://x@y/z' }).catch((err: { code: number; stderr: string }) => err);
		expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('LAGESKARTA_DATABASE_URL ska vara en PostgreSQL-adress') });
	}, 60_000);
});
