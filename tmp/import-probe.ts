// Where an import's time goes: the store's import with the change trigger as it is, without its prune, and without it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/lib/server/db/database';
import { FeatureStore, type FeatureInput } from '../src/lib/server/db/feature-store';

const N = 10_000;
const inputs: FeatureInput[] = Array.from({ length: N }, (_, i) => ({
	geometry: { type: 'Point', coordinates: [17.9 + (i % 1000) * 1e-5, 59.4 + Math.floor(i / 1000) * 1e-5] } as FeatureInput['geometry'],
	properties: { name: `Bänk ${i}`, source: 'bench', precision: 'approximate', precisionMeters: 100, example: true, category: 'parking', district: 'Husby', id: `imp-${i}` }
}));
function run(variant: string): number {
	const dir = mkdtempSync(join(tmpdir(), 'probe-'));
	const db = openDatabase(dir);
	if (variant === 'cache') db.pragma('cache_size = -32000');
	if (variant === 'cache+sampled') db.pragma('cache_size = -32000');
	if (variant !== 'as-is' && variant !== 'cache') {
		db.exec('DROP TRIGGER changes_from_features');
		if (variant === 'no-prune')
			db.exec(`CREATE TRIGGER changes_from_features AFTER INSERT ON feature_history WHEN NEW.action <> 'seed' BEGIN
				INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at) VALUES ('feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at); END;`);
		if (variant === 'prune-sampled' || variant === 'cache+sampled')
			db.exec(`CREATE TRIGGER changes_from_features AFTER INSERT ON feature_history WHEN NEW.action <> 'seed' BEGIN
				INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at) VALUES ('feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at);
				DELETE FROM changes WHERE last_insert_rowid() % 256 = 0 AND seq <= last_insert_rowid() - 10000; END;`);
	}
	const store = new FeatureStore(db);
	store.createLayer({ id: 'b', title: 'b', titleEn: 'b', kind: 'insecure-place', year: null, geometry: 'Point', source: 'b', precision: 'b', approximate: true, editable: true }, 'bench', 'sdf-jarva');
	const c0 = process.cpuUsage();
	store.importFeatures('b', inputs, { replace: false }, 'bench');
	const c = process.cpuUsage(c0);
	const ms = (c.user + c.system) / 1000;
	db.close();
	rmSync(dir, { recursive: true, force: true });
	return ms;
}
function bare(): number {
	const dir = mkdtempSync(join(tmpdir(), 'probe-'));
	const raw = new Database(join(dir, 'bare.sqlite'));
	raw.pragma('journal_mode = WAL');
	raw.pragma('synchronous = FULL');
	raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, geometry TEXT, properties TEXT)');
	const insert = raw.prepare('INSERT INTO t VALUES (?, ?, ?)');
	const c0 = process.cpuUsage();
	raw.transaction(() => {
		for (const f of inputs) insert.run(f.properties.id, JSON.stringify(f.geometry), JSON.stringify(f.properties));
	}).immediate();
	const c = process.cpuUsage(c0);
	const ms = (c.user + c.system) / 1000;
	raw.close();
	rmSync(dir, { recursive: true, force: true });
	return ms;
}
const variants = ['bare', 'as-is', 'cache', 'prune-sampled', 'no-prune', 'no-trigger'];
const times: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v, []]));
for (let round = 0; round < 7; round++) for (const v of variants) times[v]!.push(v === 'bare' ? bare() : run(v));
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const v of variants) console.log(v.padEnd(14), med(times[v]!).toFixed(0), 'ms', (med(times[v]!) / med(times.bare!)).toFixed(2) + '×');
