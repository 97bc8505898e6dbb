/**
 * npm run db:restore -- FILE: replaces the store in LAGESKARTA_DATA_DIR (default ./data) with a
 * backup. Stop the app first. The replaced database is kept beside it as *.before-restore-<ms>.
 */
import { restoreDatabase } from '../src/lib/server/db/backup';
import { dataDir } from '../src/lib/server/db/database';

const file = process.argv[2];
if (!file) {
	console.error('Ange säkerhetskopian: npm run db:restore -- data/backups/lageskartan-….sqlite');
	process.exit(1);
}
try {
	const { previous } = restoreDatabase(file, dataDir());
	console.log(`Återställd från ${file}.${previous ? ` Den tidigare databasen ligger kvar som ${previous}.` : ''}`);
} catch (err) {
	console.error((err as Error).message);
	process.exit(1);
}
