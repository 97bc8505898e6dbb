import { mkdtempSync, rmSync } from 'node:fs';
import { MIGRATIONS } from './migrations';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, write, type Db } from './database';
import { FeatureStore } from './feature-store';
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';

let dir: string;
let db: Db;
let store: FeatureStore;

const layer = {
	id: 'drogscener-2024',
	title: 'Öppna drogscener 2024',
	titleEn: 'Open drug scenes 2024',
	kind: 'drug-scene',
	year: 2024,
	geometry: 'Polygon',
	source: 'test',
	precision: 'test',
	approximate: true,
	editable: true
};
const square = (x: number) => ({
	type: 'Polygon' as const,
	coordinates: [[[x, 59.4], [x + 0.001, 59.4], [x + 0.001, 59.401], [x, 59.401], [x, 59.4]]]
});
const feature = (id: string, x = 17.9, name = id) => ({ geometry: square(x), properties: { id, name } });

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-store-'));
	db = openDatabase(dir);
	store = new FeatureStore(db);
	store.createLayer(layer, 'test', 'polis-jarva');
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the feature store', () => {
	it('opens in WAL mode with synchronous FULL and the latest schema', () => {
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('synchronous', { simple: true })).toBe(2);
		expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
	});

	it('keeps a version and a history row for every change, with who and before/after', () => {
		const v1 = store.create(layer.id, feature('a'), 'anna');
		const v2 = store.update(layer.id, 'a', v1.version, { ...feature('a', 17.91, 'A2') }, 'bo');
		store.delete(layer.id, 'a', v2.version, 'cecilia');
		const history = store.history(layer.id, 'a');
		expect(history.map((h) => [h.version, h.action, h.by])).toEqual([
			[1, 'create', 'anna'],
			[2, 'update', 'bo'],
			[3, 'delete', 'cecilia']
		]);
		expect(history[1]!.before!.properties.name).toBe('a');
		expect(history[1]!.after!.properties.name).toBe('A2');
		expect(history[2]!.after).toBeNull();
		expect(store.features(layer.id)).toHaveLength(0);
	});

	it('refuses an update based on a stale version and hands back the current feature', () => {
		const v1 = store.create(layer.id, feature('a'), 'anna');
		store.update(layer.id, 'a', v1.version, feature('a', 17.91, 'first'), 'anna');
		let conflict: unknown;
		try {
			store.update(layer.id, 'a', v1.version, feature('a', 17.92, 'second'), 'bo');
		} catch (err) {
			conflict = err;
		}
		expect(conflict).toBeInstanceOf(VersionConflictError);
		expect((conflict as VersionConflictError).current).toMatchObject({ properties: { name: 'first' } });
		expect((conflict as VersionConflictError).yours).toMatchObject({ properties: { name: 'second' } });
		expect(store.feature(layer.id, 'a')!.properties.name).toBe('first');
	});

	it('restores an earlier version as a new version, also after a delete', () => {
		const v1 = store.create(layer.id, feature('a', 17.9, 'original'), 'anna');
		const v2 = store.update(layer.id, 'a', v1.version, feature('a', 17.91, 'changed'), 'bo');
		store.delete(layer.id, 'a', v2.version, 'bo');
		const restored = store.restore(layer.id, 'a', 1, 3, 'anna');
		expect(restored.version).toBe(4);
		expect(restored.properties.name).toBe('original');
		expect(store.history(layer.id, 'a').at(-1)!.action).toBe('restore');
		expect(() => store.restore(layer.id, 'a', 9, 4, 'anna')).toThrow(NotFoundError);
		expect(() => store.restore(layer.id, 'a', 2, 3, 'anna')).toThrow(VersionConflictError);
	});

	it('refuses a duplicate id and an unknown layer with a message', () => {
		store.create(layer.id, feature('a'), 'anna');
		expect(() => store.create(layer.id, feature('a'), 'bo')).toThrow(ConflictError);
		expect(() => store.create('finns-inte', feature('b'), 'bo')).toThrow(/finns-inte finns inte/);
		expect(() => store.createLayer(layer, 'bo', 'polis-jarva')).toThrow(/finns redan/);
	});

	it('imports all features or none', () => {
		store.create(layer.id, feature('keep'), 'anna');
		const revision = store.layer(layer.id)!.revision;
		const bad = [feature('x1'), { geometry: square(17.95), properties: { id: 'x2', name: 'x2', big: 10n } as never }];
		expect(() => store.importFeatures(layer.id, bad, { replace: true }, 'bo')).toThrow();
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['keep']);
		expect(store.layer(layer.id)!.revision).toBe(revision);

		const result = store.importFeatures(layer.id, [feature('x1'), feature('x2')], { replace: true }, 'bo');
		expect(result).toEqual({ created: 2, updated: 0, deleted: 1 });
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['x1', 'x2']);
	});

	it('imports an id given twice in one file as one object with two versions', () => {
		const result = store.importFeatures(layer.id, [feature('a', 17.9, 'first'), feature('a', 17.91, 'second')], { replace: false }, 'anna');
		expect(result).toEqual({ created: 1, updated: 1, deleted: 0 });
		expect(store.feature(layer.id, 'a')).toMatchObject({ version: 2, properties: { name: 'second' } });
		expect(store.history(layer.id, 'a').map((h) => h.version)).toEqual([1, 2]);
	});

	it('bumps the layer revision with every change, so ETags follow', () => {
		const start = store.layer(layer.id)!.revision;
		const v1 = store.create(layer.id, feature('a'), 'anna');
		store.update(layer.id, 'a', v1.version, feature('a', 17.91), 'anna');
		expect(store.layer(layer.id)!.revision).toBe(start + 2);
	});

	it('inside a write, reads a layer as it is in that write, and after a rollback as committed', () => {
		const committed = store.layer(layer.id)!.revision;
		write(db, () => {
			store.create(layer.id, feature('a'), 'test');
			expect(store.layer(layer.id)!.revision).toBe(committed + 1);
			try {
				write(db, () => {
					store.create(layer.id, feature('b', 17.95), 'test');
					expect(store.layer(layer.id)!.revision).toBe(committed + 2);
					throw new Error('undone');
				});
			} catch {
				// the savepoint is rolled back, the outer write goes on
			}
			expect(store.layer(layer.id)!.revision).toBe(committed + 1);
		});
		expect(store.layer(layer.id)!.revision).toBe(committed + 1);
		expect(store.layers().find((l) => l.id === layer.id)!.revision).toBe(committed + 1);
	});

	it('keeps what it wrote across a close and reopen', () => {
		store.create(layer.id, feature('a'), 'anna');
		db.close();
		db = openDatabase(dir);
		expect(new FeatureStore(db).features(layer.id)).toHaveLength(1);
	});
});
