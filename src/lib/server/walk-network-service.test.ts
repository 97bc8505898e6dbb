import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from './testing/temp-service';
import { OSM_NETWORK_SOURCE, walkNetwork, WALKING_NETWORK_KIND } from './walk-network-service';

let services: ReturnType<typeof tempServices>;
beforeEach(() => {
	services = tempServices();
});
afterEach(() => services.close());

/** A walking-network layer with one path, as a deployment's import leaves it. */
function addNetworkLayer(id: string, visibleTo: string[] | null) {
	services.layers.store.createLayer(
		{ id, title: 'Stadens gångnät', titleEn: 'Walking network', kind: WALKING_NETWORK_KIND, year: null, geometry: 'LineString', source: 'Stadens GIS, gångvägar 2025', precision: 'Inmätt', approximate: false, editable: true },
		'Test'
	);
	services.layers.store.importFeatures(
		id,
		[{ geometry: { type: 'LineString', coordinates: [[17.92, 59.41], [17.921, 59.41], [17.922, 59.4105]] }, properties: { id: 'g1', name: 'Stigen' } }],
		{ replace: false },
		'Test'
	);
	if (visibleTo) services.accounts.setVisibility(id, visibleTo);
}

describe('the walking network walks are routed on', () => {
	it('is the shipped OpenStreetMap ways when the deployment has no network layer', () => {
		const network = walkNetwork(services.layers, services.accounts);
		expect(network.source).toEqual(OSM_NETWORK_SOURCE);
		expect(network.segmentCount).toBeGreaterThan(10_000);
	});

	it('is a walking-network layer every partner sees, with its source as the attribution', () => {
		addNetworkLayer('gangnat', null);
		const network = walkNetwork(services.layers, services.accounts);
		expect(network.source).toEqual({ name: 'Stadens gångnät', attribution: 'Stadens GIS, gångvägar 2025' });
		expect(network.segmentCount).toBe(2);
	});

	it('is not a network layer only some organisations see: a walk’s route would show it to everyone', () => {
		addNetworkLayer('gangnat-polis', ['polis-jarva']);
		expect(walkNetwork(services.layers, services.accounts).source).toEqual(OSM_NETWORK_SOURCE);
	});
});
