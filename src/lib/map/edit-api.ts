/**
 * The browser's side of the write API (`/api/layers/...`): one function per request, each
 * answering with a result the editing UI can act on instead of throwing. A 409 carries the
 * feature as it is now, a 400 the field the server named, so the UI can show them where they
 * belong.
 */
import type { Feature } from 'geojson';
import type { HistoryAction, HistoryEntry, StoredFeature } from '$lib/feature-types';
import type { LayerKind, LayerSummary } from '$lib/layers/catalog';

export type { HistoryAction, HistoryEntry, StoredFeature };

/** What a write came to. `conflict.current` is null when the feature was deleted meanwhile. */
export type ApiResult<T> =
	| { ok: true; value: T }
	| { ok: false; kind: 'conflict'; message: string; current: StoredFeature | null }
	| { ok: false; kind: 'invalid'; message: string; field: string | null }
	| { ok: false; kind: 'failed'; message: string; status: number };

export interface NewLayer {
	id: string;
	title: string;
	kind: LayerKind;
	year: number | null;
	source: string;
	precision: string;
	author: string;
}

const base = (layerId: string) => `/api/layers/${encodeURIComponent(layerId)}`;
const featureUrl = (layerId: string, featureId: string) =>
	`${base(layerId)}/features/${encodeURIComponent(featureId)}`;

async function call<T>(url: string, init: RequestInit, pick: (body: Record<string, unknown>) => T): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetch(url, {
			...init,
			headers: init.body ? { 'content-type': 'application/json' } : undefined,
			// Versions must be read fresh: a cached feature would give a stale baseVersion.
			cache: 'no-store'
		});
	} catch {
		return { ok: false, kind: 'failed', status: 0, message: 'Servern svarar inte. Kontrollera anslutningen och försök igen.' };
	}
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	const message = typeof body.message === 'string' ? body.message : `Servern svarade ${response.status}.`;
	if (response.ok) return { ok: true, value: pick(body) };
	if (response.status === 409 && 'current' in body) {
		return { ok: false, kind: 'conflict', message, current: (body.current as StoredFeature | null) ?? null };
	}
	if (response.status === 400) {
		// Feature errors name a `field`; errors in the request itself (e.g. the author) a `param`.
		const field = typeof body.field === 'string' ? body.field : typeof body.param === 'string' ? body.param : null;
		return { ok: false, kind: 'invalid', message, field };
	}
	return { ok: false, kind: 'failed', message, status: response.status };
}

const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
const featureOf = (body: Record<string, unknown>) => body.feature as StoredFeature;

/** Reads one feature with its version (MapLibre drops the version from the served layer). */
export function fetchFeature(layerId: string, featureId: string) {
	return call(featureUrl(layerId, featureId), { method: 'GET' }, featureOf);
}

/** The features of a layer, for the list a keyboard user picks from. */
export function fetchLayerFeatures(layerId: string) {
	return call(base(layerId), { method: 'GET' }, (body) => (body.features ?? []) as Feature[]);
}

export function createFeature(layerId: string, feature: Feature, author: string) {
	return call(`${base(layerId)}/features`, json('POST', { feature, author }), featureOf);
}

export function updateFeature(layerId: string, featureId: string, feature: Feature, baseVersion: number, author: string) {
	return call(featureUrl(layerId, featureId), json('PUT', { feature, baseVersion, author }), featureOf);
}

export function deleteFeature(layerId: string, featureId: string, baseVersion: number, author: string) {
	return call(featureUrl(layerId, featureId), json('DELETE', { baseVersion, author }), (body) => body.version as number);
}

/** Makes `version` current again as a new version; `baseVersion` is the version now current. */
export function restoreFeature(layerId: string, featureId: string, version: number, baseVersion: number, author: string) {
	return call(`${featureUrl(layerId, featureId)}/restore`, json('POST', { version, baseVersion, author }), featureOf);
}

export function fetchHistory(layerId: string, featureId: string) {
	return call(`${featureUrl(layerId, featureId)}/history`, { method: 'GET' }, (body) => body.history as HistoryEntry[]);
}

export function createLayer(layer: NewLayer) {
	return call('/api/layers', json('POST', layer), (body) => body.layer as LayerSummary);
}
