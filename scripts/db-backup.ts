/**
 * npm run db:backup [-- FILE]: an online backup of the store in LAGESKARTA_DATA_DIR (default ./data)
 * to FILE, or to data/backups/lageskartan-<time>.sqlite. Safe while the app runs.
 */
import { join } from 'node:path';
import { backupDatabase, backupName } from '../src/lib/server/db/backup';
import { DB_FILE, dataDir, openDatabase } from '../src/lib/server/db/database';
import { existsSync } from 'node:fs';

const directory = dataDir();
if (!existsSync(join(directory, DB_FILE))) {
	console.error(`Ingen databas i ${directory} (sätt LAGESKARTA_DATA_DIR).`);
	process.exit(1);
}
const destination = process.argv[2] ?? join(directory, 'backups', backupName());
const db = openDatabase(directory);
try {
	const { pages } = await backupDatabase(db, destination);
	console.log(`Säkerhetskopia: ${destination} (${pages} sidor)`);
} catch (err) {
	console.error((err as Error).message);
	process.exitCode = 1;
} finally {
	db.close();
}
