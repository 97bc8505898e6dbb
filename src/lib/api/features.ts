/**
 * Layers and their features (`/api/layers/...`), the reads (the writes: feature-writes.ts): one function per request, each answering with
 * a result the editing UI can act on (request.ts). A 409 carries the feature as it is now, a 400
 * the field the server named, so the UI can show them where they belong.
 */
import type { FeatureCollection } from 'geojson';
import type { HistoryAction, HistoryEntry, StoredFeature } from '$lib/feature-types';
import type { LayerKind } from '$lib/layers/catalog';
import { get } from './request';
import { base, call, featureOf, featureUrl } from './feature-urls';

export type { HistoryAction, HistoryEntry, StoredFeature };

export type { FeatureResult } from './feature-urls';

export interface NewLayer {
	id: string;
	title: string;
	kind: LayerKind;
	year: number | null;
	source: string;
	precision: string;
}

/** Reads one feature with its version (MapLibre drops the version from the served layer). */
export function fetchFeature(layerId: string, featureId: string) {
	return call(featureUrl(layerId, featureId), get(), featureOf);
}

/**
 * A layer's features as the map shows them. Revalidated with the server's ETag (a 304 when
 * nothing changed); pages ask through $lib/map/layer-data.ts, which asks once per change.
 */
export function fetchLayer(layerId: string) {
	return call(base(layerId), { method: 'GET', cache: 'no-cache' }, (body) => body as unknown as FeatureCollection);
}

export function fetchHistory(layerId: string, featureId: string) {
	return call(`${featureUrl(layerId, featureId)}/history`, get(), (body) => body.history as HistoryEntry[]);
}
