/**
 * One search over what the viewer may see: street names of the walking network, the districts,
 * and objects on the layers by name – read through the viewer's LayerView, so an object on a layer
 * hidden from them is never found (it does not exist for them, as everywhere else).
 */
import type { Feature } from 'geojson';
import { bbox } from '@turf/turf';
import { rankResults, type SearchResult } from '$lib/search/search-text';
import type { LayerView } from './layer-view';
import { WALKING_NETWORK_KIND } from './walk-network-service';
import type { WalkNetwork } from '$lib/routing/walk-network';

function featureBox(feature: Feature): [number, number, number, number] | null {
	if (!feature.geometry) return null;
	const box = bbox(feature);
	return box.every(Number.isFinite) ? [box[0]!, box[1]!, box[2]!, box[3]!] : null;
}

function* candidates(layers: LayerView, network: WalkNetwork): Generator<SearchResult> {
	for (const layer of layers.list()) {
		if (layer.kind === WALKING_NETWORK_KIND) continue;
		for (const feature of layers.features(layer.id).features) {
			const name = feature.properties?.['name'];
			const box = featureBox(feature);
			if (typeof name !== 'string' || name.trim() === '' || !box) continue;
			if (layer.kind === 'district') {
				yield { kind: 'district', name, detail: 'Stadsdel', bbox: box, layerId: layer.id, featureId: String(feature.properties?.['id'] ?? '') };
			} else {
				const year = feature.properties?.['year'];
				yield {
					kind: 'feature',
					name: typeof year === 'number' && layer.kind === 'drug-scene' ? `${name} (${year})` : name,
					detail: layer.title,
					bbox: box,
					layerId: layer.id,
					featureId: String(feature.properties?.['id'] ?? '')
				};
			}
		}
	}
	const detail = `Gata eller gångväg (${network.source.name})`;
	for (const street of network.streets) yield { kind: 'street', name: street.name, detail, bbox: street.bbox };
}

/**
 * The best matches for `query` the viewer may see.
 *
 * @example
 * search(layersFor(event), walkNetwork(), 'borga', 8); // [{ kind: 'street', name: 'Borgågatan', … }]
 */
export function search(layers: LayerView, network: WalkNetwork, query: string, limit: number): SearchResult[] {
	return rankResults(candidates(layers, network), query, limit);
}
