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
import { services } from './services';

/** The layer kind a deployment imports its own walking network as. */
export const WALKING_NETWORK_KIND = 'walking-network';

export const OSM_NETWORK_SOURCE = { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare (ODbL)' } as const;

const osmFiles = import.meta.glob(['/geodata/osm/ways.geojson', '/geodata/water/vatten-jarva.geojson'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

function bundled(path: string): FeatureCollection {
	const text = osmFiles[path];
	if (text === undefined) throw new Error(`${path.slice(1)} is missing from the build`);
	return JSON.parse(text) as FeatureCollection;
}

/** The shipped OpenStreetMap ways (ODbL), parsed. */
export const osmWays = () => bundled('/geodata/osm/ways.geojson');

/** The city's water near the ways (CC0): the OSM network's gaps are never closed across it. */
const water = () => bundled('/geodata/water/vatten-jarva.geojson');

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
/** Per layer service (one per database), the network built from its network layer and that layer's revision. */
const fromLayer = new WeakMap<LayerService, { key: string; network: WalkNetwork }>();

/**
 * The network to route on now. The OSM network is built once per process; a layer's network is
 * rebuilt when the layer changes (its revision): building takes a few hundred milliseconds.
 */
export function walkNetwork(layers: LayerService = services().layers, accounts: AccountStore = services().accounts): WalkNetwork {
	const layer = networkLayer(layers, accounts);
	if (!layer) {
		// The extract lost shared nodes: its gaps are closed as it is built (network-repair.ts).
		osm ??= WalkNetwork.fromFeatures(osmWays(), OSM_NETWORK_SOURCE, { repairGaps: osmRepair(water()) });
		return osm;
	}
	const key = `${layer.id}@${layer.revision}`;
	let cached = fromLayer.get(layers);
	if (cached?.key !== key) {
		const network = WalkNetwork.fromFeatures(layers.features(layer.id), { name: layer.title, attribution: layers.get(layer.id).summary.source }, { untaggedIsPath: true });
		cached = { key, network };
		fromLayer.set(layers, cached);
	}
	return cached.network;
}
