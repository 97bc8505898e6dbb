/**
 * Brings a PostgreSQL database up to the newest schema (PG_MIGRATIONS), with Kysely's Migrator:
 * every pending migration in one transaction under an advisory lock (two instances starting at
 * once migrate once), each name recorded in `schema_migrations`. Idempotent: at the newest schema
 * it does nothing. Refuses, with what to do, a database that is newer than this app, or that has
 * no PostGIS and cannot get it.
 * Relative imports only: the db:* scripts run this file outside SvelteKit.
 */
import { Migrator, sql, type Kysely } from 'kysely';
import { PG_LATEST, PG_MIGRATIONS } from './migrations/index';

export const MIGRATION_TABLE = 'schema_migrations';
export const MIGRATION_LOCK_TABLE = 'schema_migrations_lock';

export class PgMigrationError extends Error {}

/** The migrations a database has had, oldest first ([] for an empty database). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
	const { rows } = await sql<{ exists: boolean }>`SELECT to_regclass(${MIGRATION_TABLE}) IS NOT NULL AS exists`.execute(db);
	if (!rows[0]?.exists) return [];
	const names = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute();
	return names.map((row) => row.name as string);
}

/** The schema version: the newest migration applied, or null for a database without the app's schema. */
export async function pgSchemaVersion(db: Kysely<any>): Promise<string | null> {
	return (await appliedMigrations(db)).at(-1) ?? null;
}

async function ensurePostgis(db: Kysely<any>): Promise<void> {
	const { rows } = await sql<{ installed: string | null; available: string | null; database: string }>`
		SELECT (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS installed,
		       (SELECT default_version FROM pg_available_extensions WHERE name = 'postgis') AS available,
		       current_database() AS database`.execute(db);
	const { installed, available, database } = rows[0]!;
	if (installed) return;
	if (!available) {
		throw new PgMigrationError(`PostGIS finns inte på databasservern. Installera det (Debian: apt-get install postgresql-15-postgis-3) och kör db:migrate igen.`);
	}
	try {
		await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db);
	} catch (err) {
		throw new PgMigrationError(
			`PostGIS är inte påslaget i databasen ${database}, och användaren får inte slå på det (${(err as Error).message}). Be en databasadministratör köra: CREATE EXTENSION postgis; i databasen ${database}, och kör db:migrate igen.`
		);
	}
}

export async function migratePostgres(db: Kysely<any>): Promise<{ from: string | null; to: string; applied: string[] }> {
	const before = await appliedMigrations(db);
	const unknown = before.filter((name) => !(name in PG_MIGRATIONS));
	if (unknown.length) {
		throw new PgMigrationError(`Databasen har schemaversion ${before.at(-1)}, nyare än den här versionen av appen känner till (${PG_LATEST}): använd en nyare version av appen.`);
	}
	if (before.at(-1) === PG_LATEST) return { from: PG_LATEST, to: PG_LATEST, applied: [] };
	await ensurePostgis(db);
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => ({ ...PG_MIGRATIONS }) },
		migrationTableName: MIGRATION_TABLE,
		migrationLockTableName: MIGRATION_LOCK_TABLE
	});
	const { error, results = [] } = await migrator.migrateToLatest();
	if (error) {
		const failed = results.find((r) => r.status === 'Error')?.migrationName;
		throw new PgMigrationError(`Migreringen${failed ? ` ${failed}` : ''} misslyckades, inget ändrades: ${error instanceof Error ? error.message : String(error)}`);
	}
	return { from: before.at(-1) ?? null, to: PG_LATEST, applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
