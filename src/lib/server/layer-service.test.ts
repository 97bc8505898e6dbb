import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LAYERS } from '$lib/layers/catalog';
import { type LayerService } from './layer-service';
import { tempService } from './testing/temp-service';
import { InvalidFeatureError, LayerNotFoundError } from './errors';

let service: LayerService;
let close: () => void;
beforeEach(async () => ({ service, close } = await tempService()));
afterEach(() => close());

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

describe('the layer service', () => {
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

	it('changes the ETag when a feature changes, and only then', () => {
		const before = service.get('drogscener-2023').etag;
		expect(service.get('drogscener-2023').etag).toBe(before);
		service.createFeature('drogscener-2023', scene2023(), 'test');
		expect(service.get('drogscener-2023').etag).not.toBe(before);
		expect(service.get('drogscener-2023').summary.featureCount).toBe(7);
	});

	it('hands out features a caller can change without changing the layer', () => {
		const copy = service.features('drogscener-2023');
		copy.features.pop();
		expect(service.features('drogscener-2023').features).toHaveLength(6);
	});

	it('gives a new feature an id and serves it with its version', () => {
		const created = service.createFeature('drogscener-2023', scene2023(), 'test');
		expect(created.properties.id).toMatch(/^drogscener-2023-[0-9a-f]{8}$/);
		const served = service.features('drogscener-2023').features.at(-1) as { version?: number };
		expect(served.version).toBe(1);
	});

	it('refuses properties the layer schema does not allow, naming the property', () => {
		expect(() => service.createFeature('drogscener-2023', scene2023({ name: '' }), 't')).toThrow(/Egenskapen name/);
		expect(() => service.createFeature('drogscener-2023', scene2023({ district: 'Solna' }), 't')).toThrow(/district/);
		expect(() => service.createFeature('drogscener-2023', scene2023({ year: 2021 }), 't')).toThrow(/2021 hör inte till lagret drogscener-2023/);
		expect(() => service.createFeature('drogscener-2023', scene2023({ extra: 1 }), 't')).toThrow(InvalidFeatureError);
	});

	it('refuses a geometry of the wrong type or one that crosses itself', () => {
		const point = { ...scene2023(), geometry: { type: 'Point', coordinates: [17.9, 59.4] } };
		expect(() => service.createFeature('drogscener-2023', point, 't')).toThrow(/tar Polygon eller MultiPolygon, inte Point/);
		const bowtie = [[[17.92, 59.41], [17.921, 59.411], [17.921, 59.41], [17.92, 59.411], [17.92, 59.41]]];
		expect(() => service.createFeature('drogscener-2023', scene2023({}, bowtie), 't')).toThrow(/korsar sig själv/);
		const open = [[[17.92, 59.41], [17.921, 59.411], [17.921, 59.41], [17.92, 59.412]]];
		expect(() => service.createFeature('drogscener-2023', scene2023({}, open), 't')).toThrow(/inte sluten/);
		expect(service.get('drogscener-2023').summary.featureCount).toBe(6);
	});
});
