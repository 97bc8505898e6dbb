/**
 * npm run db:backup [-- FILE]: an online backup, safe while the app runs.
 * - SQLite (default): the store in LAGESKARTA_DATA_DIR (default ./data) to FILE, or to
 *   data/backups/lageskartan-<time>.sqlite, with SQLite's backup API.
 * - PostgreSQL (LAGESKARTA_DATABASE_URL=postgres://…): pg_dump -Fc to FILE, or to
 *   data/backups/lageskartan-<time>.dump (src/lib/server/db/pg/backup.ts).
 */
import { join } from 'node:path';
import { backupDatabase, backupName } from '../src/lib/server/db/backup';
import { DB_FILE, dataDir, openDatabase } from '../src/lib/server/db/database';
import { postgresUrl, redact } from '../src/lib/server/db/pg/url';
import { existsSync } from 'node:fs';

const directory = dataDir();
try {
	const url = postgresUrl();
	if (url) {
		const { backupPostgres, pgBackupName } = await import('../src/lib/server/db/pg/backup');
		const destination = process.argv[2] ?? join(directory, 'backups', pgBackupName());
		const { bytes } = await backupPostgres(url, destination);
		console.log(`Säkerhetskopia av ${redact(url)}: ${destination} (${(bytes / 1e6).toFixed(1)} MB, pg_dump -Fc)`);
	} else {
		if (!existsSync(join(directory, DB_FILE))) {
			console.error(`Ingen databas i ${directory} (sätt LAGESKARTA_DATA_DIR, eller LAGESKARTA_DATABASE_URL för PostgreSQL).`);
			process.exit(1);
		}
		const destination = process.argv[2] ?? join(directory, 'backups', backupName());
		const db = openDatabase(directory);
		try {
			const { pages } = await backupDatabase(db, destination);
			console.log(`Säkerhetskopia: ${destination} (${pages} sidor)`);
		} finally {
			db.close();
		}
	}
} catch (err) {
	console.error((err as Error).message);
	process.exitCode = 1;
}
