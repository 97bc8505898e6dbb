/** Seeded services on a real SQLite file in a fresh temporary directory, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/database';
import { sqliteDatabase } from '../db/app-database';
import type { LayerService } from '../layer-service';
import { createServices, type Services } from '../services';

export async function tempServices(): Promise<Services & { db: Db; dir: string; close: () => void }> {
	const dir = mkdtempSync(join(tmpdir(), 'lageskarta-'));
	const db = openDatabase(dir);
	const services = await createServices(sqliteDatabase(db));
	return {
		...services,
		db,
		dir,
		close: () => {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function tempService(): Promise<{ service: LayerService; dir: string; close: () => void }> {
	const { layers, dir, close } = await tempServices();
	return { service: layers, dir, close };
}
