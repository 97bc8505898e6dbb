import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/lib/server/db/database';
import { FeatureStore, type FeatureInput } from '../src/lib/server/db/feature-store';
const N = 10_000;
const inputs: FeatureInput[] = Array.from({ length: N }, (_, i) => ({
	geometry: { type: 'Point', coordinates: [17.9 + (i % 1000) * 1e-5, 59.4 + Math.floor(i / 1000) * 1e-5] } as FeatureInput['geometry'],
	properties: { name: `Bänk ${i}`, source: 'bench', precision: 'approximate', precisionMeters: 100, example: true, category: 'parking', district: 'Husby', id: `imp-${i}` }
}));
for (let r = 0; r < 15; r++) {
	const dir = mkdtempSync(join(tmpdir(), 'probe-'));
	const db = openDatabase(dir);
	const store = new FeatureStore(db);
	store.createLayer({ id: 'b', title: 'b', titleEn: 'b', kind: 'insecure-place', year: null, geometry: 'Point', source: 'b', precision: 'b', approximate: true, editable: true }, 'bench', 'sdf-jarva');
	store.importFeatures('b', inputs, { replace: false }, 'bench');
	db.close();
	rmSync(dir, { recursive: true, force: true });
}
