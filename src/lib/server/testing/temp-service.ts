/** A seeded layer service on a real SQLite file in a fresh temporary directory, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/database';
import { FeatureStore } from '../db/feature-store';
import { LayerService } from '../layer-service';
import { seedIfEmpty } from '../seed';

export function tempService(): { service: LayerService; dir: string; close: () => void } {
	const dir = mkdtempSync(join(tmpdir(), 'lageskarta-'));
	const db = openDatabase(dir);
	const store = new FeatureStore(db);
	seedIfEmpty(store);
	return {
		service: new LayerService(store),
		dir,
		close: () => {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
