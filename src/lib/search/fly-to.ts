/**
 * Where the map goes for a search result: the whole street (its box), the district, or close in on
 * a point. Works on any MapLibre map.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { SearchResult } from './search-text';

/** A box this small (about 30 m) is a point: fly to it rather than fit it. */
const POINT = 0.0003;

export function flyToResult(map: MapLibreMap, result: Pick<SearchResult, 'bbox'>): void {
	const [w, s, e, n] = result.bbox;
	if (e - w < POINT && n - s < POINT) {
		map.flyTo({ center: [(w + e) / 2, (s + n) / 2], zoom: Math.max(map.getZoom(), 17), essential: true });
	} else {
		map.fitBounds([[w, s], [e, n]], { padding: 80, maxZoom: 17, essential: true });
	}
}
