/**
 * The writes to layers and their features, apart from the reads (features.ts): only the editor and
 * the importer use them, and a module is bundled whole, so a läsare's map page does not download
 * them (issue 14: the map route's JavaScript ≤ 1.15× MapLibre's own).
 */
import type { Feature } from 'geojson';
import type { LayerSummary } from '$lib/layers/catalog';
import type { NewLayer } from './features';
import { base, call, featureOf, featureUrl } from './feature-urls';
import { json, request } from './request';

// Writes carry no author: the server signs each change with the logged-in account.
export function createFeature(layerId: string, feature: Feature) {
	return call(`${base(layerId)}/features`, json('POST', { feature }), featureOf);
}

export function updateFeature(layerId: string, featureId: string, feature: Feature, baseVersion: number) {
	return call(featureUrl(layerId, featureId), json('PUT', { feature, baseVersion }), featureOf);
}

export function deleteFeature(layerId: string, featureId: string, baseVersion: number) {
	return call(featureUrl(layerId, featureId), json('DELETE', { baseVersion }), (body) => body.version as number);
}

/** Makes `version` current again as a new version; `baseVersion` is the version now current. */
export function restoreFeature(layerId: string, featureId: string, version: number, baseVersion: number) {
	return call(`${featureUrl(layerId, featureId)}/restore`, json('POST', { version, baseVersion }), featureOf);
}

export function createLayer(layer: NewLayer) {
	return call('/api/layers', json('POST', layer), (body) => body.layer as LayerSummary);
}

/**
 * Previews (`dryRun`) or imports a file into a layer (multipart: the file and its settings). The
 * answer's shape is the import panel's; a refused file comes back with its `problems`.
 */
export function importFile<Answer>(layerId: string, form: FormData, dryRun: boolean) {
	return request<Answer>(`${base(layerId)}/import${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', body: form });
}
