/**
 * After a write, the map must show what the server now has. Each data layer's GeoJSON source was
 * loaded from a URL; setting that URL again makes MapLibre fetch it anew, and the server's ETag
 * keeps that cheap (the browser revalidates, `no-cache`). The URL is passed in, not read back
 * from the source: once loaded, MapLibre keeps a source with `promoteId` as features, not a URL.
 */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { noticeExpiry } from '$lib/session-client';
import { labelPoints } from './label-points';
import { labelSourceId } from './style';

export function refreshSources(map: MapLibreMap, layerIds: readonly string[], urlOf: (layerId: string) => string): void {
	for (const id of layerIds) {
		const source = map.getSource(id) as GeoJSONSource | undefined;
		if (source?.type !== 'geojson') continue;
		// The worker fetches: it needs an absolute URL, as DataLayer gave it.
		void source.setData(new URL(urlOf(id), window.location.href).href).catch(() => undefined);
		void refreshLabels(map, id, urlOf(id));
	}
}

/**
 * Sets a polygon layer's label points from its data. A second, cheap read of the same URL (the
 * browser revalidates with the ETag): MapLibre gives no access to the data it fetched itself.
 */
export async function refreshLabels(map: MapLibreMap, layerId: string, url: string): Promise<void> {
	const labels = map.getSource(labelSourceId(layerId)) as GeoJSONSource | undefined;
	if (!labels) return;
	const response = await fetch(url, { cache: 'no-cache' });
	if (noticeExpiry(response.status) || !response.ok) return;
	const data = (await response.json()) as FeatureCollection;
	// The map may have moved on (layer removed) while the data came.
	if (map.getStyle() && map.getSource(labelSourceId(layerId))) labels.setData(labelPoints(data));
}
