import { beforeEach, describe, expect, it } from 'vitest';
import { LAYERS } from '$lib/layers/catalog';
import { LayerService } from './layer-service';
import { FeatureStore } from './db/feature-store';
import type { AppDatabase } from './db/app-database';
import { seedIfEmpty } from './seed';
import { newFeatureId } from './feature-id';
import { InvalidFeatureError, LayerNotFoundError } from './errors';
import { eachDatabase, twoInstances } from '../../../test/pg/each-database';

/** Who sees and edits the seeded layers is the account store's (not this file's): recorded, not stored. */
const grants = { setVisibility: async () => undefined, setEditors: async () => undefined };

/** A layer service on `database`, seeded as at a first start. */
async function seeded(database: AppDatabase): Promise<LayerService> {
	const store = new FeatureStore(database);
	await seedIfEmpty(store, grants);
	return new LayerService(store);
}

const scene2023 = (overrides: Record<string, unknown> = {}, coordinates?: number[][][]) => ({
	type: 'Feature',
	properties: {
		name: 'Testplats',
		source: 'test',
		precision: 'approximate',
		precisionMeters: 50,
		example: true,
		year: 2023,
		district: 'Husby',
		drawing: 'outline',
		...overrides
	},
	geometry: {
		type: 'Polygon',
		coordinates: coordinates ?? [[[17.92, 59.41], [17.921, 59.41], [17.921, 59.411], [17.92, 59.411], [17.92, 59.41]]]
	}
});

eachDatabase((database) => {
	let service: LayerService;
	beforeEach(async () => {
		service = await seeded(database());
	}, 60_000);

	it('serves every catalogue layer from the seeded store with its feature count', () => {
		const counts = Object.fromEntries(service.list().map((l) => [l.id, l.featureCount]));
		expect(counts).toMatchObject({ stadsdelar: 11, 'drogscener-2021': 7, 'drogscener-2023': 6 });
		expect(Object.keys(counts)).toHaveLength(LAYERS.length);
	});

	it('gives each layer a WGS84 bounding box around Järva', () => {
		const [west, south, east, north] = service.get('stadsdelar').summary.bbox!;
		expect(west).toBeGreaterThan(17.8);
		expect(east).toBeLessThan(18.05);
		expect(south).toBeGreaterThan(59.33);
		expect(north).toBeLessThan(59.47);
	});

	it('refuses an unknown layer with a message naming the layers that exist', () => {
		expect(() => service.get('drogscener-1999')).toThrow(LayerNotFoundError);
		expect(() => service.get('drogscener-1999')).toThrow(/drogscener-1999.*drogscener-2021, drogscener-2023/);
	});

	it('changes the ETag when a feature changes, and only then', async () => {
		const before = service.get('drogscener-2023').etag;
		expect(service.get('drogscener-2023').etag).toBe(before);
		await service.createFeature('drogscener-2023', scene2023(), 'test');
		expect(service.get('drogscener-2023').etag).not.toBe(before);
		expect(service.get('drogscener-2023').summary.featureCount).toBe(7);
	});

	it('hands out features a caller can change without changing the layer', () => {
		const copy = service.features('drogscener-2023');
		copy.features.pop();
		expect(service.features('drogscener-2023').features).toHaveLength(6);
	});

	it('gives a new feature an id and serves it with its version', async () => {
		const created = await service.createFeature('drogscener-2023', scene2023(), 'test');
		expect(created.properties.id).toMatch(/^drogscener-2023-[0-9a-f]{10}$/);
		const served = service.features('drogscener-2023').features.at(-1) as { version?: number };
		expect(served.version).toBe(1);
	});

	it('a made id the layer already has (someone chose it) is passed over for the next', async () => {
		// The next id made is one up from this one: chosen by hand for a feature first.
		const made = newFeatureId('drogscener-2023', Date.now() + 10_000_000);
		const next = (n: number) => `drogscener-2023-${((Number.parseInt(made.slice(-10, -2), 16) + n) % 2 ** 32).toString(16).padStart(8, '0')}${made.slice(-2)}`;
		await service.createFeature('drogscener-2023', scene2023({ id: next(1) }), 'test');
		const created = await service.createFeature('drogscener-2023', scene2023(), 'test');
		expect(created.properties.id).toBe(next(2));
		expect(created.version).toBe(1);
	});

	it('refuses properties the layer schema does not allow, naming the property', async () => {
		await expect(service.createFeature('drogscener-2023', scene2023({ name: '' }), 't')).rejects.toThrow(/Egenskapen name/);
		await expect(service.createFeature('drogscener-2023', scene2023({ district: 'Solna' }), 't')).rejects.toThrow(/district/);
		await expect(service.createFeature('drogscener-2023', scene2023({ year: 2021 }), 't')).rejects.toThrow(/2021 hör inte till lagret drogscener-2023/);
		await expect(service.createFeature('drogscener-2023', scene2023({ extra: 1 }), 't')).rejects.toThrow(InvalidFeatureError);
	});

	it('refuses a geometry of the wrong type or one that crosses itself', async () => {
		const point = { ...scene2023(), geometry: { type: 'Point', coordinates: [17.9, 59.4] } };
		await expect(service.createFeature('drogscener-2023', point, 't')).rejects.toThrow(/tar Polygon eller MultiPolygon, inte Point/);
		const bowtie = [[[17.92, 59.41], [17.921, 59.411], [17.921, 59.41], [17.92, 59.411], [17.92, 59.41]]];
		await expect(service.createFeature('drogscener-2023', scene2023({}, bowtie), 't')).rejects.toThrow(/korsar sig själv/);
		const open = [[[17.92, 59.41], [17.921, 59.411], [17.921, 59.41], [17.92, 59.412]]];
		await expect(service.createFeature('drogscener-2023', scene2023({}, open), 't')).rejects.toThrow(/inte sluten/);
		expect(service.get('drogscener-2023').summary.featureCount).toBe(6);
	});
});

describe('two app instances on one PostgreSQL database', () => {
	const instances = twoInstances();
	let one: LayerService;
	let two: LayerService;
	beforeEach(async () => {
		one = await seeded(instances()[0]);
		two = new LayerService(new FeatureStore(instances()[1]));
		await two.fresh();
	}, 60_000);

	it('serves the other instance’s write, with a new ETag, from the first request after it (fresh())', async () => {
		const before = two.get('drogscener-2023');
		expect(before.etag).toBe(one.get('drogscener-2023').etag);
		const created = await one.createFeature('drogscener-2023', scene2023(), 'test');
		await two.fresh();
		const after = two.get('drogscener-2023');
		expect(after.etag).not.toBe(before.etag);
		expect(after.etag).toBe(one.get('drogscener-2023').etag);
		expect(after.summary.featureCount).toBe(7);
		expect(two.feature('drogscener-2023', String(created.properties.id)).version).toBe(1);
		// And back: a change through the second is served by the first.
		await two.deleteFeature('drogscener-2023', String(created.properties.id), 1, 'test');
		await one.fresh();
		expect(one.get('drogscener-2023').summary.featureCount).toBe(6);
		// The same six features as before: the same bytes, so the same (content) ETag on both.
		expect(one.get('drogscener-2023').etag).toBe(before.etag);
		expect(two.get('drogscener-2023').etag).toBe(before.etag);
	});

	it('a rolled-back write changes neither instance’s layer', async () => {
		const etag = one.get('drogscener-2023').etag;
		await expect(
			instances()[0].write(async () => {
				await one.createFeature('drogscener-2023', scene2023(), 'test');
				throw new Error('undone');
			})
		).rejects.toThrow('undone');
		await Promise.all([one.fresh(), two.fresh()]);
		expect(one.get('drogscener-2023').etag).toBe(etag);
		expect(two.get('drogscener-2023').etag).toBe(etag);
		expect(two.get('drogscener-2023').summary.featureCount).toBe(6);
	});
});
