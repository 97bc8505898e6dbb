/**
 * npm run db:restore -- FILE: replaces the database with a backup. Stop the app first.
 * - SQLite (default): the store in LAGESKARTA_DATA_DIR (default ./data); the replaced database is
 *   kept beside it as *.before-restore-<ms>.
 * - PostgreSQL (LAGESKARTA_DATABASE_URL=postgres://…): pg_restore of a db:backup dump, in one
 *   transaction; the database as it was is dumped first to <FILE>.before-restore-<ms>.dump.
 */
import { restoreDatabase } from '../src/lib/server/db/backup';
import { dataDir } from '../src/lib/server/db/database';
import { postgresUrl, redact } from '../src/lib/server/db/pg/url';

const file = process.argv[2];
try {
	const url = postgresUrl();
	if (!file) {
		console.error(`Ange säkerhetskopian: npm run db:restore -- data/backups/lageskartan-….${url ? 'dump' : 'sqlite'}`);
		process.exit(1);
	}
	if (url) {
		const { restorePostgres } = await import('../src/lib/server/db/pg/backup');
		const { previous, version } = await restorePostgres(file, url);
		console.log(`${redact(url)} återställd från ${file} (schemaversion ${version}).${previous ? ` Databasen som den var ligger kvar som ${previous}.` : ''}`);
	} else {
		const { previous } = restoreDatabase(file, dataDir());
		console.log(`Återställd från ${file}.${previous ? ` Den tidigare databasen ligger kvar som ${previous}.` : ''}`);
	}
} catch (err) {
	console.error((err as Error).message);
	process.exitCode = 1;
}
