/**
 * npm run db:migrate: brings the database up to the newest schema and says where it is.
 * Without LAGESKARTA_DATABASE_URL: the SQLite store in LAGESKARTA_DATA_DIR (default ./data), as
 * the app does at start (PRAGMA user_version records the version). With
 * LAGESKARTA_DATABASE_URL=postgres://…: that PostgreSQL database (PostGIS must be available;
 * schema_migrations records the version). Idempotent: at the newest schema it changes nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE, dataDir, openDatabase } from '../src/lib/server/db/database';
import { MIGRATIONS } from '../src/lib/server/db/migrations/index';
import { openKysely, postgresUrl, redact } from '../src/lib/server/db/pg/connection';
import { migratePostgres } from '../src/lib/server/db/pg/migrate';

try {
	const url = postgresUrl();
	if (url) {
		const db = openKysely(url, { max: 1 });
		try {
			const { from, to, applied } = await migratePostgres(db);
			console.log(
				applied.length
					? `PostgreSQL ${redact(url)}: schemaversion ${to} (${from ? `från ${from}` : 'ny databas'}; körde ${applied.join(', ')}).`
					: `PostgreSQL ${redact(url)}: redan på senaste schemaversionen (${to}), inget ändrat.`
			);
		} finally {
			await db.destroy();
		}
	} else {
		const directory = dataDir();
		const file = join(directory, DB_FILE);
		let from = 0;
		if (existsSync(file)) {
			const peek = new Database(file, { readonly: true, fileMustExist: true });
			from = peek.pragma('user_version', { simple: true }) as number;
			peek.close();
		}
		openDatabase(directory).close();
		console.log(
			from === MIGRATIONS.length
				? `SQLite ${file}: redan på senaste schemaversionen (${from}), inget ändrat.`
				: `SQLite ${file}: schemaversion ${MIGRATIONS.length} (${from ? `från ${from}` : 'ny databas'}).`
		);
	}
} catch (err) {
	console.error(`db:migrate: ${(err as Error).message}`);
	process.exitCode = 1;
}
