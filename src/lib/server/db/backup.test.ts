import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, checkBackup, restoreDatabase } from './backup';
import { openDatabase, type Db } from './database';
import { FeatureStore } from './feature-store';
import { sqliteDatabase } from './app-database';

let dir: string;
let db: Db;
let store: FeatureStore;
const point = (id: string) => ({ geometry: { type: 'Point' as const, coordinates: [17.9, 59.4] }, properties: { id } });

/** The features of layer `l` in a database (read through the store, as the app does). */
const idsIn = (database: Db) => new FeatureStore(sqliteDatabase(database)).features('l').map((f) => f.properties.id);

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-backup-'));
	db = openDatabase(join(dir, 'live'));
	store = new FeatureStore(sqliteDatabase(db));
	await store.createLayer({ id: 'l', title: 'L', titleEn: 'L', kind: 'insecure-place', year: null, geometry: 'Point', source: 's', precision: 'p', approximate: true, editable: true }, 't', 'sdf-jarva');
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
	it('backs up online and restores exactly what was there at backup time', async () => {
		await store.create('l', point('before-backup'), 't');
		await backupDatabase(db, join(dir, 'b.sqlite'));
		await store.create('l', point('after-backup'), 't');

		restoreDatabase(join(dir, 'b.sqlite'), join(dir, 'restored'));
		const restored = openDatabase(join(dir, 'restored'));
		const ids = idsIn(restored);
		restored.close();
		expect(ids).toEqual(['before-backup']);
	});

	it('keeps the replaced database beside the restored one', async () => {
		await backupDatabase(db, join(dir, 'b.sqlite'));
		const target = join(dir, 'target');
		openDatabase(target).close();
		const { previous } = restoreDatabase(join(dir, 'b.sqlite'), target);
		expect(previous).toMatch(/before-restore/);
		expect(readdirSync(target).some((f) => f.includes('before-restore'))).toBe(true);
	});

	it('refuses a file that is not a database, and a missing one, with the reason', () => {
		writeFileSync(join(dir, 'junk.sqlite'), 'not a database at all');
		expect(() => checkBackup(join(dir, 'junk.sqlite'))).toThrow(/går inte att läsa som en SQLite-databas/);
		expect(() => restoreDatabase(join(dir, 'saknas.sqlite'), join(dir, 'x'))).toThrow(/finns inte/);
	});

	// Two tsx processes: seconds on a loaded machine (it took 4.5–6.4 s here under load 8).
	it('the npm scripts back up and restore a data directory', { timeout: 30_000 }, async () => {
		await store.create('l', point('via-script'), 't');
		const root = resolve(import.meta.dirname, '../../../..');
		const env = { ...process.env, LAGESKARTA_DATA_DIR: join(dir, 'live') };
		const tsx = [join(root, 'node_modules/tsx/dist/cli.mjs')];
		const out = execFileSync(process.execPath, [...tsx, 'scripts/db-backup.ts', join(dir, 'script.sqlite')], { cwd: root, env }).toString();
		expect(out).toContain('Säkerhetskopia');
		execFileSync(process.execPath, [...tsx, 'scripts/db-restore.ts', join(dir, 'script.sqlite')], {
			cwd: root,
			env: { ...process.env, LAGESKARTA_DATA_DIR: join(dir, 'from-script') }
		});
		const restored = openDatabase(join(dir, 'from-script'));
		expect(idsIn(restored)).toContain('via-script');
		restored.close();
	});
});
