/**
 * After a write, the map must show what the server now has. Each data layer's GeoJSON source was
 * loaded from a URL; setting that URL again makes MapLibre fetch it anew, and the server's ETag
 * keeps that cheap (the browser revalidates, `no-cache`). The URL is passed in, not read back
 * from the source: once loaded, MapLibre keeps a source with `promoteId` as features, not a URL.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

export function refreshSources(map: MapLibreMap, layerIds: readonly string[], urlOf: (layerId: string) => string): void {
	for (const id of layerIds) {
		const source = map.getSource(id) as GeoJSONSource | undefined;
		if (source?.type !== 'geojson') continue;
		// The worker fetches: it needs an absolute URL, as DataLayer gave it.
		void source.setData(new URL(urlOf(id), window.location.href).href).catch(() => undefined);
	}
}
