import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations';
import { openDatabase } from './database';
import { sqliteDatabase, type AppDatabase } from './app-database';
import { FeatureStore, IMPORT_BLOCK, unread, type FeatureInput } from './feature-store';
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';
import { eachDatabase, twoInstances } from '../../../../test/pg/each-database';

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
const feature = (id: string, x = 17.9, name = id): FeatureInput => ({ geometry: square(x), properties: { id, name } });
/** More features than one INSERT block holds, so an import writes several statements. */
const many = (count: number, prefix = 'm') => Array.from({ length: count }, (_, i) => feature(`${prefix}-${i}`, 17.9 + (i % 100) * 1e-4, `${prefix} ${i}`));

async function count(database: AppDatabase, table: 'features' | 'feature_history' | 'changes'): Promise<number> {
	const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(database.query);
	return Number(rows[0]!.n);
}

eachDatabase((database, dialect) => {
	let store: FeatureStore;
	beforeEach(async () => {
		store = new FeatureStore(database());
		await store.fresh();
		await store.createLayer(layer, 'test', 'polis-jarva');
	});

	it('keeps a version and a history row for every change, with who and before/after', async () => {
		const v1 = await store.create(layer.id, feature('a'), 'anna');
		const v2 = await store.update(layer.id, 'a', v1.version, { ...feature('a', 17.91, 'A2') }, 'bo');
		expect(await store.delete(layer.id, 'a', v2.version, 'cecilia')).toBe(3);
		const history = await store.history(layer.id, 'a');
		expect(history.map((h) => [h.version, h.action, h.by])).toEqual([
			[1, 'create', 'anna'],
			[2, 'update', 'bo'],
			[3, 'delete', 'cecilia']
		]);
		expect(history[1]!.before!.properties.name).toBe('a');
		expect(history[1]!.after!.properties.name).toBe('A2');
		expect(history[2]!.after).toBeNull();
		expect(store.features(layer.id)).toHaveLength(0);
		expect(store.feature(layer.id, 'a')).toBeNull();
		expect(store.feature(layer.id, 'never')).toBeUndefined();
		// Each change is a row in the change table (the live updates read it), as the triggers write.
		expect(await count(database(), 'changes')).toBe(3);
	});

	it('stores each state once: a history row keeps what it replaced, and the state a version made is read from the next version or the feature (older rows keep their own)', async () => {
		const v1 = await store.create(layer.id, feature('a', 17.9, 'first'), 'anna');
		const v2 = await store.update(layer.id, 'a', v1.version, feature('a', 17.91, 'second'), 'bo');
		await store.importFeatures(layer.id, [feature('a', 17.92, 'third'), feature('b', 17.93, 'imported')], { replace: false }, 'cecilia');
		const stored = await sql<{ after: string | null }>`SELECT after FROM feature_history WHERE layer_id = ${layer.id} ORDER BY seq`.execute(database().query);
		expect(stored.rows.map((r) => r.after)).toEqual([null, null, null, null]);

		const states = (history: Awaited<ReturnType<FeatureStore['history']>>) => history.map((h) => [h.featureId, h.version, h.after?.properties.name, h.after?.version, h.after?.updatedBy]);
		expect(states(await store.history(layer.id))).toEqual([
			['a', 1, 'first', 1, 'anna'],
			['a', 2, 'second', 2, 'bo'],
			['a', 3, 'third', 3, 'cecilia'],
			['b', 1, 'imported', 1, 'cecilia']
		]);
		// Each version's state is exactly what the next version replaced, and the newest is the feature.
		const history = await store.history(layer.id, 'a');
		expect(history[0]!.after).toEqual(history[1]!.before);
		expect(history[1]!.after).toEqual(history[2]!.before);
		expect(history[2]!.after).toEqual(store.feature(layer.id, 'a'));
		expect((await store.restore(layer.id, 'b', 1, 1, 'anna')).properties.name).toBe('imported');
		expect((await store.restore(layer.id, 'a', 2, 3, 'anna')).properties.name).toBe('second');
		await store.delete(layer.id, 'a', 4, 'bo');
		expect((await store.history(layer.id, 'a')).map((h) => h.after?.properties.name ?? null)).toEqual(['first', 'second', 'third', 'second', null]);

		// A row written before issue 14 holds its `after`: that is what is read.
		await sql`UPDATE feature_history SET after = ${JSON.stringify({ ...v2, properties: { ...v2.properties, name: 'as stored' } })} WHERE layer_id = ${layer.id} AND feature_id = 'a' AND version = 2`.execute(database().query);
		expect((await store.history(layer.id, 'a'))[1]!.after!.properties.name).toBe('as stored');
		expect((await store.restore(layer.id, 'a', 2, 5, 'anna')).properties.name).toBe('as stored');
	});

	it('refuses an update based on a stale version and hands back both versions (409)', async () => {
		const v1 = await store.create(layer.id, feature('a'), 'anna');
		await store.update(layer.id, 'a', v1.version, feature('a', 17.91, 'first'), 'anna');
		const conflict = await store.update(layer.id, 'a', v1.version, feature('a', 17.92, 'second'), 'bo').catch((err: unknown) => err);
		expect(conflict).toBeInstanceOf(VersionConflictError);
		expect((conflict as VersionConflictError).current).toMatchObject({ version: 2, properties: { name: 'first' } });
		expect((conflict as VersionConflictError).yours).toMatchObject({ properties: { name: 'second' } });
		expect(store.feature(layer.id, 'a')!.properties.name).toBe('first');
		await expect(store.delete(layer.id, 'a', v1.version, 'bo')).rejects.toThrow(VersionConflictError);
	});

	it('restores an earlier version as a new version, also after a delete', async () => {
		const v1 = await store.create(layer.id, feature('a', 17.9, 'original'), 'anna');
		const v2 = await store.update(layer.id, 'a', v1.version, feature('a', 17.91, 'changed'), 'bo');
		await store.delete(layer.id, 'a', v2.version, 'bo');
		const restored = await store.restore(layer.id, 'a', 1, 3, 'anna');
		expect(restored.version).toBe(4);
		expect(restored.properties.name).toBe('original');
		expect(store.feature(layer.id, 'a')).toMatchObject({ version: 4, properties: { name: 'original' } });
		expect((await store.history(layer.id, 'a')).at(-1)!.action).toBe('restore');
		await expect(store.restore(layer.id, 'a', 9, 4, 'anna')).rejects.toThrow(NotFoundError);
		await expect(store.restore(layer.id, 'a', 2, 3, 'anna')).rejects.toThrow(VersionConflictError);
		await expect(store.restore(layer.id, 'a', 3, 4, 'anna')).rejects.toThrow(/är en borttagning/);
	});

	it('a deleted id used again continues its history and stays the organisation’s that added it', async () => {
		const v1 = await store.create(layer.id, feature('a'), 'anna', 'sdf-jarva');
		await store.delete(layer.id, 'a', v1.version, 'anna');
		const again = await store.create(layer.id, feature('a', 17.93, 'igen'), 'bo', 'fastighetsagare');
		expect(again.version).toBe(3);
		expect((await store.history(layer.id, 'a')).map((h) => h.action)).toEqual(['create', 'delete', 'create']);
		expect(store.addedBy(layer.id, 'a')).toBe('sdf-jarva');
		await store.create(layer.id, feature('b'), 'bo');
		expect(store.addedBy(layer.id, 'b')).toBe('polis-jarva');
		expect(store.addedBy(layer.id, 'c')).toBeUndefined();
	});

	it('an id made for the feature (not chosen) that the layer already has, live or deleted, is replaced by the next one made', async () => {
		await store.create(layer.id, feature('taken'), 'anna');
		const gone = await store.create(layer.id, feature('gone'), 'anna');
		await store.delete(layer.id, 'gone', gone.version, 'anna');
		const made = ['taken', 'gone', 'free'];
		const created = await store.create(layer.id, feature('taken', 17.95, 'ny'), 'bo', null, () => made.shift()!);
		expect(created.properties.id).toBe('free');
		expect(created.version).toBe(1);
		expect(made).toEqual([]);
		// Neither the live feature nor the deleted one's history was touched.
		expect(store.feature(layer.id, 'taken')!.properties.name).toBe('taken');
		expect((await store.history(layer.id, 'gone')).map((h) => h.action)).toEqual(['create', 'delete']);
		expect((await store.history(layer.id, 'free')).map((h) => [h.action, h.by])).toEqual([['create', 'bo']]);
	});

	it('refuses a duplicate id and an unknown layer with a message', async () => {
		await store.create(layer.id, feature('a'), 'anna');
		await expect(store.create(layer.id, feature('a'), 'bo')).rejects.toThrow(ConflictError);
		await expect(store.create('finns-inte', feature('b'), 'bo')).rejects.toThrow(/finns-inte finns inte/);
		await expect(store.createLayer(layer, 'bo', 'polis-jarva')).rejects.toThrow(/finns redan/);
	});

	it('imports all features or none', async () => {
		await store.create(layer.id, feature('keep'), 'anna');
		const revision = store.layer(layer.id)!.revision;
		const bad = [feature('x1'), { geometry: square(17.95), properties: { id: 'x2', name: 'x2', big: 10n } as never }];
		await expect(store.importFeatures(layer.id, bad, { replace: true }, 'bo')).rejects.toThrow();
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['keep']);
		expect(store.layer(layer.id)!.revision).toBe(revision);

		const result = await store.importFeatures(layer.id, [feature('x1'), feature('x2')], { replace: true }, 'bo');
		expect(result).toEqual({ created: 2, updated: 0, deleted: 1 });
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['x1', 'x2']);
		expect((await store.history(layer.id, 'keep')).map((h) => [h.version, h.action])).toEqual([
			[1, 'create'],
			[2, 'delete']
		]);
	});

	it(`imports more than one block (${IMPORT_BLOCK} rows) all or nothing`, async () => {
		const size = IMPORT_BLOCK * 2 + 17;
		// The last object has no id: the database refuses it in the last block, after the blocks before
		// it were written; they are undone with it.
		const failing = [...many(size - 1), { geometry: square(17.99), properties: { id: null, name: 'utan id' } as never }];
		await expect(store.importFeatures(layer.id, failing, { replace: false }, 'bo')).rejects.toThrow(/null|NOT NULL/i);
		expect(await count(database(), 'features')).toBe(0);
		expect(await count(database(), 'feature_history')).toBe(0);

		const inputs = many(size);
		expect(await store.importFeatures(layer.id, inputs, { replace: false }, 'bo')).toEqual({ created: size, updated: 0, deleted: 0 });
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(inputs.map((f) => f.properties.id));
		expect(await count(database(), 'feature_history')).toBe(size);
		// Again, replacing: every object a new version, and the ones the file lacks deleted, in blocks too.
		const second = await store.importFeatures(layer.id, inputs.slice(0, IMPORT_BLOCK + 1), { replace: true }, 'cecilia');
		expect(second).toEqual({ created: 0, updated: IMPORT_BLOCK + 1, deleted: size - IMPORT_BLOCK - 1 });
		expect(store.features(layer.id)).toHaveLength(IMPORT_BLOCK + 1);
		expect(store.feature(layer.id, 'm-0')).toMatchObject({ version: 2, updatedBy: 'cecilia' });
		expect(store.feature(layer.id, `m-${size - 1}`)).toBeNull();
		expect(await count(database(), 'feature_history')).toBe(size * 2);
	});

	it('imports an id given twice in one file as one object with two versions', async () => {
		const result = await store.importFeatures(layer.id, [feature('a', 17.9, 'first'), feature('a', 17.91, 'second')], { replace: false }, 'anna');
		expect(result).toEqual({ created: 1, updated: 1, deleted: 0 });
		expect(store.feature(layer.id, 'a')).toMatchObject({ version: 2, properties: { name: 'second' } });
		expect((await store.history(layer.id, 'a')).map((h) => h.version)).toEqual([1, 2]);
	});

	it('an import continues the history of a deleted id, and records who added new objects', async () => {
		const v1 = await store.create(layer.id, feature('a'), 'anna');
		await store.delete(layer.id, 'a', v1.version, 'anna');
		await store.importFeatures(layer.id, [feature('a'), feature('n')], { replace: false, organisationId: 'fastighetsagare' }, 'bo');
		expect(store.feature(layer.id, 'a')).toMatchObject({ version: 3 });
		expect(store.addedBy(layer.id, 'a')).toBe('polis-jarva');
		expect(store.addedBy(layer.id, 'n')).toBe('fastighetsagare');
	});

	it('the copy after imports is what a copy loaded from the database holds (handed over on SQLite, read on PostgreSQL)', async () => {
		const v1 = await store.create(layer.id, feature('gone'), 'anna', 'fastighetsagare');
		await store.delete(layer.id, 'gone', v1.version, 'anna');
		await store.create(layer.id, feature('owner'), 'anna');
		await store.create(layer.id, feature('partner'), 'bo', 'fastighetsagare');
		const ids = [...many(30).map((f) => f.properties.id), 'gone', 'owner', 'partner', 'x', 'never'];
		const sameAsLoaded = async () => {
			const loaded = new FeatureStore(database());
			await loaded.fresh();
			expect(store.features(layer.id)).toEqual(loaded.features(layer.id));
			expect(store.layer(layer.id)).toEqual(loaded.layer(layer.id));
			expect(store.lastChange([layer.id])).toBe(loaded.lastChange([layer.id]));
			for (const id of ids) {
				expect([id, store.feature(layer.id, id)]).toEqual([id, loaded.feature(layer.id, id)]);
				expect([id, store.addedBy(layer.id, id)]).toEqual([id, loaded.addedBy(layer.id, id)]);
			}
		};
		// New ids, an existing one of each organisation, a deleted id reused, an id twice.
		await store.importFeatures(layer.id, [...many(30), feature('partner', 17.91), feature('owner', 17.92), feature('gone'), feature('m-3', 17.93, 'again')], { replace: false, organisationId: 'sdf-jarva' }, 'cecilia');
		await sameAsLoaded();
		expect(store.addedBy(layer.id, 'partner')).toBe('fastighetsagare');
		expect(store.addedBy(layer.id, 'owner')).toBe('polis-jarva');
		expect(store.addedBy(layer.id, 'gone')).toBe('fastighetsagare');
		expect(store.addedBy(layer.id, 'm-0')).toBe('sdf-jarva');
		// A replace that deletes what the file lacks.
		await store.importFeatures(layer.id, [...many(10), feature('x', 17.94)], { replace: true, organisationId: null }, 'david');
		await sameAsLoaded();
		expect(store.feature(layer.id, 'owner')).toBeNull();
		expect(store.addedBy(layer.id, 'x')).toBe('polis-jarva');
		// Later writes after an import are taken in as before.
		const m0 = store.feature(layer.id, 'm-0')!;
		await store.update(layer.id, 'm-0', m0.version, feature('m-0', 17.95, 'edited'), 'anna');
		expect(store.feature(layer.id, 'm-0')).toMatchObject({ version: m0.version + 1, properties: { name: 'edited' } });
	});

	it('an import rolled back – its savepoint or the write around it – leaves the copy as it was; a later write in the same write wins', async () => {
		await store.importFeatures(layer.id, many(5), { replace: false }, 'anna');
		const before = store.features(layer.id);
		const revision = store.layer(layer.id)!.revision;
		await expect(
			database().write(async () => {
				await store.importFeatures(layer.id, many(8, 'r'), { replace: true }, 'bo');
				throw new Error('undone');
			})
		).rejects.toThrow('undone');
		await store.fresh();
		expect(store.features(layer.id)).toEqual(before);
		expect(store.feature(layer.id, 'r-0')).toBeUndefined();

		await database().write(async () => {
			await expect(
				database().write(async () => {
					await store.importFeatures(layer.id, many(8, 's'), { replace: true }, 'bo');
					throw new Error('savepoint undone');
				})
			).rejects.toThrow('savepoint undone');
			await store.create(layer.id, feature('t'), 'bo');
		});
		await store.fresh();
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual([...before.map((f) => f.properties.id), 't']);
		expect(store.feature(layer.id, 's-0')).toBeUndefined();
		expect(store.layer(layer.id)!.revision).toBe(revision + 1);

		// Import, then an edit of an imported object in the same write: the copy holds the edit.
		await database().write(async () => {
			await store.importFeatures(layer.id, many(3, 'u'), { replace: false }, 'bo');
			await store.update(layer.id, 'u-1', 1, feature('u-1', 17.96, 'edited in the same write'), 'bo');
			await store.delete(layer.id, 'u-2', 1, 'bo');
		});
		await store.fresh();
		expect(store.feature(layer.id, 'u-1')).toMatchObject({ version: 2, properties: { name: 'edited in the same write' } });
		expect(store.feature(layer.id, 'u-2')).toBeNull();
		const loaded = new FeatureStore(database());
		await loaded.fresh();
		expect(store.features(layer.id)).toEqual(loaded.features(layer.id));
	});

	it('an import leaves one change row for its layer (migration 20), a rolled-back one none; edits one each as before', async () => {
		const changes = async () =>
			(await sql<{ kind: string; layer_id: string; object_id: string; version: number; action: string }>`SELECT kind, layer_id, object_id, version, action FROM changes ORDER BY seq`.execute(database().query)).rows;
		await store.create(layer.id, feature('a'), 'anna');
		await store.importFeatures(layer.id, [...many(IMPORT_BLOCK + 5), feature('a', 17.91)], { replace: true }, 'bo');
		const revision = store.layer(layer.id)!.revision;
		await expect(store.importFeatures(layer.id, [feature('x'), { geometry: square(17.95), properties: { id: null } as never }], { replace: true }, 'bo')).rejects.toThrow();
		await store.importFeatures(layer.id, [], { replace: false }, 'bo');
		await store.update(layer.id, 'a', 2, feature('a', 17.92), 'anna');
		// The import's version is the layer's revision after it; an import of nothing records nothing.
		expect(await changes()).toEqual([
			{ kind: 'feature', layer_id: layer.id, object_id: 'a', version: 1, action: 'create' },
			{ kind: 'feature', layer_id: layer.id, object_id: layer.id, version: revision, action: 'import' },
			{ kind: 'feature', layer_id: layer.id, object_id: 'a', version: 3, action: 'update' }
		]);
		expect(await count(database(), 'feature_history')).toBe(1 + IMPORT_BLOCK + 6 + 1);
		const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM layer_imports`.execute(database().query);
		expect(Number(rows[0]!.n)).toBe(0);
	});

	it('a seed is recorded with its action and leaves no change rows (nobody edited)', async () => {
		await store.importFeatures(layer.id, [feature('s')], { replace: false, action: 'seed' }, 'geodata/');
		expect((await store.history(layer.id, 's'))[0]!.action).toBe('seed');
		expect(await count(database(), 'changes')).toBe(0);
	});

	it('bumps the layer revision with every change, so ETags follow', async () => {
		const start = store.layer(layer.id)!.revision;
		const v1 = await store.create(layer.id, feature('a'), 'anna');
		await store.update(layer.id, 'a', v1.version, feature('a', 17.91), 'anna');
		expect(store.layer(layer.id)!.revision).toBe(start + 2);
		expect(store.lastChange([layer.id])).toBe(store.feature(layer.id, 'a')!.updatedAt);
		expect(store.lastChange([])).toBeNull();
	});

	it('an import that changes nothing (an empty file, or a replace of an empty layer by nothing) leaves the revision, the history and the changes as they were', async () => {
		const revision = store.layer(layer.id)!.revision;
		const before = { history: await count(database(), 'feature_history'), changes: await count(database(), 'changes') };
		await store.importFeatures(layer.id, [], { replace: false }, 'anna');
		await store.importFeatures(layer.id, [], { replace: true }, 'anna');
		expect(store.layer(layer.id)!.revision).toBe(revision);
		expect({ history: await count(database(), 'feature_history'), changes: await count(database(), 'changes') }).toEqual(before);
		// One that does change something still moves it.
		await store.importFeatures(layer.id, [feature('a')], { replace: false }, 'anna');
		expect(store.layer(layer.id)!.revision).toBe(revision + 1);
	});

	it('inside a write the checks see the write; the copy holds only what committed', async () => {
		const committed = store.layer(layer.id)!.revision;
		await database().write(async () => {
			await store.create(layer.id, feature('a'), 'test');
			// The copy is not filled from inside the write; the write's own checks see 'a'.
			expect(store.feature(layer.id, 'a')).toBeUndefined();
			await expect(store.create(layer.id, feature('a'), 'test')).rejects.toThrow(ConflictError);
			await expect(
				database().write(async () => {
					await store.create(layer.id, feature('b', 17.95), 'test');
					throw new Error('undone');
				})
			).rejects.toThrow('undone');
		});
		// A write of several stores is made current by fresh() after it (guard.ts write does; on SQLite it is already).
		await store.fresh();
		expect(store.layer(layer.id)!.revision).toBe(committed + 1);
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['a']);

		// A write rolled back entirely leaves the copy as it was.
		await expect(
			database().write(async () => {
				await store.create(layer.id, feature('c'), 'test');
				throw new Error('undone');
			})
		).rejects.toThrow('undone');
		await store.fresh();
		expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['a']);
		expect(store.layer(layer.id)!.revision).toBe(committed + 1);
	});

	if (dialect === 'postgres') {
		it('fills the PostGIS column of each feature (GiST-indexed) from its GeoJSON', async () => {
			await store.importFeatures(layer.id, [feature('a', 17.9), feature('b', 17.95)], { replace: false }, 'anna');
			const { rows } = await sql<{ id: string; x: number }>`SELECT id, ST_XMin(geom) AS x FROM features ORDER BY id`.execute(database().query);
			expect(rows.map((r) => [r.id, Number(r.x).toFixed(3)])).toEqual([
				['a', '17.900'],
				['b', '17.950']
			]);
		});
	}

	if (dialect === 'sqlite') {
		it('keeps what it wrote across a close and reopen, in WAL with synchronous FULL', async () => {
			await store.create(layer.id, feature('a'), 'anna');
			const db = database().sqlite!;
			expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
			expect(db.pragma('synchronous', { simple: true })).toBe(2);
			expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
			const dir = db.name.replace(/\/[^/]+$/, '');
			const reopened = openDatabase(dir);
			try {
				expect(new FeatureStore(sqliteDatabase(reopened)).features(layer.id)).toHaveLength(1);
			} finally {
				reopened.close();
			}
		});
	}
});

describe('two instances on one PostgreSQL database', () => {
	const instances = twoInstances();
	let one: AppDatabase;
	let two: AppDatabase;
	let a: FeatureStore;
	let b: FeatureStore;
	beforeEach(async () => {
		[one, two] = instances();
		a = new FeatureStore(one);
		b = new FeatureStore(two);
		await a.fresh();
		await b.fresh();
		await a.createLayer(layer, 'test', 'polis-jarva');
	});

	it('a write through one is read by the other after its next fresh(), never a stale copy', async () => {
		expect(b.layer(layer.id)).toBeUndefined();
		await b.fresh();
		expect(b.layer(layer.id)).toMatchObject({ revision: 0, ownerOrganisationId: 'polis-jarva' });
		const v1 = await a.create(layer.id, feature('a'), 'anna');
		await b.fresh();
		expect(b.feature(layer.id, 'a')).toMatchObject({ version: 1 });
		const v2 = await b.update(layer.id, 'a', v1.version, feature('a', 17.91, 'från två'), 'bo');
		await a.fresh();
		expect(a.feature(layer.id, 'a')).toMatchObject({ version: v2.version, properties: { name: 'från två' } });
		expect(a.layer(layer.id)!.revision).toBe(2);
		// The first instance's stale version is refused by the database, whatever its copy held.
		await expect(a.update(layer.id, 'a', v1.version, feature('a', 17.92), 'anna')).rejects.toThrow(VersionConflictError);
		await a.delete(layer.id, 'a', v2.version, 'anna');
		await a.importFeatures(layer.id, many(5), { replace: false }, 'anna');
		await b.fresh();
		expect(b.feature(layer.id, 'a')).toBeNull();
		expect(b.features(layer.id)).toHaveLength(5);
		expect(b.layer(layer.id)!.revision).toBe(a.layer(layer.id)!.revision);
	});

	it('fresh() asked while another runs returns a copy at least as new as the moment it was asked', async () => {
		const first = b.fresh();
		await a.create(layer.id, feature('x'), 'anna');
		const second = b.fresh();
		await Promise.all([first, second]);
		expect(b.feature(layer.id, 'x')).toMatchObject({ version: 1 });
	});

	it('a rolled-back write leaves both copies as they were', async () => {
		await a.create(layer.id, feature('a'), 'anna');
		await b.fresh();
		await expect(
			one.write(async () => {
				await a.create(layer.id, feature('b'), 'anna');
				await a.importFeatures(layer.id, many(IMPORT_BLOCK + 3), { replace: true }, 'anna');
				throw new Error('undone');
			})
		).rejects.toThrow('undone');
		await Promise.all([a.fresh(), b.fresh()]);
		for (const store of [a, b]) {
			expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['a']);
			expect(store.layer(layer.id)!.revision).toBe(1);
		}
	});

	it('reads before the first fresh() on PostgreSQL are refused with what to do', async () => {
		const three = new FeatureStore(one);
		expect(() => three.layers()).toThrow(/await fresh\(\)/);
		await three.fresh();
		expect(three.layers().map((l) => l.id)).toEqual([layer.id]);
	});
});

describe('a store on SQLite reads its copy without asking the database', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'lageskarta-copy-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('a committed write is in the copy when its promise settles; reads after it run no statement', async () => {
		const db = openDatabase(dir);
		try {
			const store = new FeatureStore(sqliteDatabase(db));
			await store.createLayer(layer, 'test', 'polis-jarva');
			await store.create(layer.id, feature('a'), 'anna');
			const prepare = db.prepare.bind(db);
			let statements = 0;
			db.prepare = ((text: string) => (statements++, prepare(text))) as typeof db.prepare;
			await store.fresh();
			expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(['a']);
			expect(store.layer(layer.id)!.revision).toBe(1);
			expect(statements).toBe(0);
		} finally {
			db.close();
		}
	});
});

describe('an import on SQLite hands its rows to the copy', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'lageskarta-handed-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('the copy takes the objects it wrote rather than reading them back; writes in the same group commit are read as before', async () => {
		const db = openDatabase(dir);
		try {
			const store = new FeatureStore(sqliteDatabase(db));
			await store.createLayer(layer, 'test', 'polis-jarva');
			const inputs = many(20, 'i');
			// Asked for in one turn: one group commit, with a create's history row after the import's.
			const [result] = await Promise.all([store.importFeatures(layer.id, inputs, { replace: false }, 'bo'), store.create(layer.id, feature('after'), 'anna')]);
			expect(result).toEqual({ created: 20, updated: 0, deleted: 0 });
			// Handed over: the very objects the import was given (the store keeps them; callers do not change them).
			expect(store.feature(layer.id, 'i-0')!.properties).toBe(inputs[0]!.properties);
			expect(store.features(layer.id).map((f) => f.properties.id)).toEqual([...inputs.map((f) => f.properties.id), 'after']);

			// A write before the import in the same group commit: the copy reads the import too, and keeps the stored order.
			const more = many(5, 'j');
			await Promise.all([store.create(layer.id, feature('before'), 'anna'), store.importFeatures(layer.id, more, { replace: false }, 'bo')]);
			expect(store.feature(layer.id, 'j-0')!.properties).not.toBe(more[0]!.properties);
			const order = [...inputs.map((f) => f.properties.id), 'after', 'before', ...more.map((f) => f.properties.id)];
			expect(store.features(layer.id).map((f) => f.properties.id)).toEqual(order);
			const loaded = new FeatureStore(sqliteDatabase(db));
			expect(loaded.features(layer.id)).toEqual(store.features(layer.id));
		} finally {
			db.close();
		}
	});
});

describe('unread: the history seqs a refresh reads', () => {
	it('skips the ranges an import handed over, and ends open', () => {
		expect(unread(10, 10, [])).toEqual([]);
		expect(unread(10, 15, [])).toEqual([[11, Infinity]]);
		expect(unread(10, 20, [[11, 20]])).toEqual([]);
		expect(unread(10, 25, [[11, 20]])).toEqual([[21, Infinity]]);
		expect(unread(10, 25, [[14, 20]])).toEqual([[11, 13], [21, Infinity]]);
		expect(unread(10, 40, [[30, 35], [14, 20]])).toEqual([[11, 13], [21, 29], [36, Infinity]]);
		// A range the copy already passed is ignored.
		expect(unread(10, 12, [[3, 8]])).toEqual([[11, Infinity]]);
	});
});
