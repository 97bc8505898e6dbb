/**
 * The walking network walks are routed on, built once (lazily) and kept until its source changes:
 * a deployment's own network – a layer of kind `walking-network` that every partner may see,
 * imported from its GIS, taken as it is – or else the OpenStreetMap ways of Järva shipped in
 * geodata/osm/ (bundled into the build by Vite, as the seed layers are), with their gaps closed.
 *
 * Why only a network layer every partner sees: a walk is read by every account, and its route
 * draws the network's paths and names its streets; a network hidden from some organisations
 * would show itself to them through every route.
 */
import type { FeatureCollection } from 'geojson';
import { osmRepair } from '$lib/routing/network-repair';
import { WalkNetwork } from '$lib/routing/walk-network';
import type { AccountStore } from './auth/account-store';
import type { LayerService } from './layer-service';

/** The layer kind a deployment imports its own walking network as. */
export const WALKING_NETWORK_KIND = 'walking-network';

export const OSM_NETWORK_SOURCE = { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare (ODbL)' } as const;

/** A file of geodata/ bundled into the build (only a build has them: a script may load this module without routing). */
function bundled(path: '/geodata/osm/ways.geojson' | '/geodata/stockholm/water.geojson'): FeatureCollection {
	const files = import.meta.glob(['/geodata/osm/ways.geojson', '/geodata/stockholm/water.geojson'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
	const text = files[path];
	if (text === undefined) throw new Error(`${path.slice(1)} is missing from the build`);
	return JSON.parse(text) as FeatureCollection;
}

/** The shipped OpenStreetMap ways (ODbL), parsed. */
export const osmWays = () => bundled('/geodata/osm/ways.geojson');

/** The city's water (CC0, the basemap's): the OSM network's gaps are never closed across it. */
const water = () => bundled('/geodata/stockholm/water.geojson');

/** The newest walking-network layer with features that every partner may see, if any. */
export function networkLayer(layers: LayerService, accounts: AccountStore): { id: string; title: string; revision: number } | null {
	const visibility = accounts.visibilities();
	const candidates = layers.store
		.layers()
		.filter((l) => l.kind === WALKING_NETWORK_KIND && !visibility.has(l.id))
		.filter((l) => layers.get(l.id).summary.featureCount > 0);
	const newest = candidates.at(-1);
	return newest ? { id: newest.id, title: newest.title, revision: newest.revision } : null;
}

let osm: WalkNetwork | undefined;

/**
 * The network to route on now, for one layer service (one database). The OSM network is built
 * once per process; a layer's network is rebuilt when the layer changes (its revision): building
 * takes a few hundred milliseconds.
 */
export class WalkNetworks {
	readonly #layers: LayerService;
	readonly #accounts: AccountStore;
	#fromLayer: { key: string; network: WalkNetwork } | undefined;

	constructor(layers: LayerService, accounts: AccountStore) {
		this.#layers = layers;
		this.#accounts = accounts;
	}

	current(): WalkNetwork {
		const layer = networkLayer(this.#layers, this.#accounts);
		if (!layer) {
			// The extract lost shared nodes: its gaps are closed as it is built (network-repair.ts).
			osm ??= WalkNetwork.fromFeatures(osmWays(), OSM_NETWORK_SOURCE, { repairGaps: osmRepair(water()) });
			return osm;
		}
		const key = `${layer.id}@${layer.revision}`;
		if (this.#fromLayer?.key !== key) {
			const network = WalkNetwork.fromFeatures(this.#layers.features(layer.id), { name: layer.title, attribution: this.#layers.get(layer.id).summary.source }, { untaggedIsPath: true });
			this.#fromLayer = { key, network };
		}
		return this.#fromLayer.network;
	}
}
