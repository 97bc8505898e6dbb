/**
 * Layers and their features (`/api/layers/...`): one function per request, each answering with
 * a result the editing UI can act on (request.ts). A 409 carries the feature as it is now, a 400
 * the field the server named, so the UI can show them where they belong.
 */
import type { Feature, FeatureCollection } from 'geojson';
import type { HistoryAction, HistoryEntry, StoredFeature } from '$lib/feature-types';
import type { LayerKind, LayerSummary } from '$lib/layers/catalog';
import { get, json, request, type ApiResult } from './request';

export type { HistoryAction, HistoryEntry, StoredFeature };

/** A feature request's result: a 409 carries the feature as it is now. */
export type FeatureResult<T> = ApiResult<T, StoredFeature>;

export interface NewLayer {
	id: string;
	title: string;
	kind: LayerKind;
	year: number | null;
	source: string;
	precision: string;
}

/** Feature requests: a 409 carries the feature as it is now. */
const call = <T>(url: string, init: RequestInit, pick: (body: Record<string, unknown>) => T): Promise<FeatureResult<T>> => request<T, StoredFeature>(url, init, pick);

const base = (layerId: string) => `/api/layers/${encodeURIComponent(layerId)}`;
const featureUrl = (layerId: string, featureId: string) =>
	`${base(layerId)}/features/${encodeURIComponent(featureId)}`;

const featureOf = (body: Record<string, unknown>) => body.feature as StoredFeature;

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

export function fetchHistory(layerId: string, featureId: string) {
	return call(`${featureUrl(layerId, featureId)}/history`, get(), (body) => body.history as HistoryEntry[]);
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
