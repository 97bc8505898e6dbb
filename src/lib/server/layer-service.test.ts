import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { LAYERS } from '$lib/layers/catalog';
import { LayerNotFoundError, LayerService, loadSeedLayers } from './layer-service';

const scenes2023 = LAYERS.find((l) => l.id === 'drogscener-2023')!;
const collection = (names: string[]): FeatureCollection => ({
	type: 'FeatureCollection',
	features: names.map((name, i) => ({
		type: 'Feature',
		properties: { id: `x-${i}`, name },
		geometry: { type: 'Point', coordinates: [17.9 + i / 100, 59.4] }
	}))
});

describe('the layer service', () => {
	it('serves every catalogue layer from the seed files with its feature count', () => {
		const counts = Object.fromEntries(loadSeedLayers().list().map((l) => [l.id, l.featureCount]));
		expect(counts).toMatchObject({ stadsdelar: 11, 'drogscener-2021': 7, 'drogscener-2023': 6 });
		expect(Object.keys(counts)).toHaveLength(LAYERS.length);
	});

	it('gives each layer a WGS84 bounding box around Järva', () => {
		const [west, south, east, north] = loadSeedLayers().get('stadsdelar').summary.bbox!;
		expect(west).toBeGreaterThan(17.8);
		expect(east).toBeLessThan(18.05);
		expect(south).toBeGreaterThan(59.33);
		expect(north).toBeLessThan(59.47);
	});

	it('refuses an unknown layer with a message naming the layers that exist', () => {
		const service = loadSeedLayers();
		expect(() => service.get('drogscener-1999')).toThrow(LayerNotFoundError);
		expect(() => service.get('drogscener-1999')).toThrow(/drogscener-1999.*drogscener-2021, drogscener-2023/);
	});

	it('changes the ETag when the content changes, and only then', () => {
		const a = new LayerService([[scenes2023, collection(['A'])]]).get(scenes2023.id).etag;
		const same = new LayerService([[scenes2023, collection(['A'])]]).get(scenes2023.id).etag;
		const b = new LayerService([[scenes2023, collection(['B'])]]).get(scenes2023.id).etag;
		expect(a).toBe(same);
		expect(a).not.toBe(b);
	});

	it('hands out features a caller can change without changing the layer', () => {
		const service = loadSeedLayers();
		const copy = service.features('drogscener-2023');
		copy.features.pop();
		expect(service.features('drogscener-2023').features).toHaveLength(6);
	});

	it('an empty layer has no bounding box', () => {
		expect(new LayerService([[scenes2023, collection([])]]).list()[0]!.bbox).toBeNull();
	});
});
