import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importIntoLayer } from './import-service';
import { tempServices } from './testing/temp-service';
import { OSM_NETWORK_SOURCE, WALKING_NETWORK_KIND } from './walk-network-service';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

/** A walking-network layer with one path, as a deployment's import leaves it. */
async function addNetworkLayer(id: string, visibleTo: string[] | null) {
	await services.layers.store.createLayer(
		{ id, title: 'Stadens gångnät', titleEn: 'Walking network', kind: WALKING_NETWORK_KIND, year: null, geometry: 'LineString', source: 'Stadens GIS, gångvägar 2025', precision: 'Inmätt', approximate: false, editable: true },
		'Test',
		'sdf-jarva'
	);
	await services.layers.store.importFeatures(
		id,
		[{ geometry: { type: 'LineString', coordinates: [[17.92, 59.41], [17.921, 59.41], [17.922, 59.4105]] }, properties: { id: 'g1', name: 'Stigen' } }],
		{ replace: false },
		'Test'
	);
	if (visibleTo) await services.accounts.setVisibility(id, visibleTo);
}

describe('the walking network walks are routed on', () => {
	it('is the shipped OpenStreetMap ways when the deployment has no network layer', () => {
		const network = services.walkNetworks.current();
		expect(network.source).toEqual(OSM_NETWORK_SOURCE);
		expect(network.segmentCount).toBeGreaterThan(10_000);
	});

	it('has the gaps of the OSM extract repaired; a deployment’s own network is taken as it is', async () => {
		const osm = services.walkNetworks.current();
		expect(osm.repair!.joined).toBeGreaterThan(500);
		expect(osm.connectivity().largestShare).toBeGreaterThan(0.93);
		await addNetworkLayer('gangnat', null);
		const own = services.walkNetworks.current();
		expect(own.repair).toBeNull();
		expect(own.connectivity().connectors).toBe(0);
	});

	it('is a walking-network layer every partner sees, with its source as the attribution', async () => {
		await addNetworkLayer('gangnat', null);
		const network = services.walkNetworks.current();
		expect(network.source).toEqual({ name: 'Stadens gångnät', attribution: 'Stadens GIS, gångvägar 2025' });
		expect(network.segmentCount).toBe(2);
	});

	it('is not a network layer only some organisations see: a walk’s route would show it to everyone', async () => {
		await addNetworkLayer('gangnat-polis', ['polis-jarva']);
		expect(services.walkNetworks.current().source).toEqual(OSM_NETWORK_SOURCE);
	});
});

describe('a deployment’s own network, imported as a file', () => {
	it('keeps the path tags and names from the file and routes on them, a nameless path as "gångväg"', async () => {
		await services.layers.store.createLayer(
			{ id: 'gangnat', title: 'Stadens gångnät', titleEn: 'Walking network', kind: WALKING_NETWORK_KIND, year: null, geometry: 'LineString', source: 'Stadens GIS', precision: 'Inmätt', approximate: false, editable: true },
			'Test',
			'sdf-jarva'
		);
		const file = {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { namn: 'Parkstigen', belysning: 'nej', lit: 'no' }, geometry: { type: 'LineString', coordinates: [[17.92, 59.41], [17.921, 59.41]] } },
				{ type: 'Feature', properties: { highway: 'steps', step_count: 12 }, geometry: { type: 'LineString', coordinates: [[17.921, 59.41], [17.922, 59.41]] } },
				{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[17.922, 59.41], [17.923, 59.41]] } }
			]
		};
		const bytes = new TextEncoder().encode(JSON.stringify(file));
		const result = await importIntoLayer(services.layers, 'gangnat', { name: 'gangnat.geojson', bytes }, { mode: 'append', source: 'Stadens GIS, 2025', precision: 'exact', precisionMeters: 2, example: false, drawing: 'outline' }, false, 'Test');
		expect(result.imported?.created).toBe(3);
		const stored = services.layers.features('gangnat').features.map((f) => f.properties);
		expect(stored[0]).toMatchObject({ name: 'Parkstigen', lit: 'no' });
		expect(stored[1]).toMatchObject({ highway: 'steps', step_count: '12' });
		expect(stored[2]!['name']).toBeUndefined();
		const network = services.walkNetworks.current();
		expect(network.segmentCount).toBe(3);
		expect(network.ways.map((w) => [w.name, w.steps, w.unlit, w.stepCount])).toEqual([
			['Parkstigen', false, true, null],
			[null, true, false, 12],
			[null, false, false, null]
		]);
	});
});
