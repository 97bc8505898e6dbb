/**
 * What the feature requests (features.ts, feature-writes.ts) share: their URLs and how they answer.
 * Not exported from $lib/api.
 */
import type { StoredFeature } from '$lib/feature-types';
import { request, type ApiResult } from './request';

/** A feature request's result: a 409 carries the feature as it is now. */
export type FeatureResult<T> = ApiResult<T, StoredFeature>;

/** Feature requests: a 409 carries the feature as it is now. */
export const call = <T>(url: string, init: RequestInit, pick: (body: Record<string, unknown>) => T): Promise<FeatureResult<T>> => request<T, StoredFeature>(url, init, pick);

export const base = (layerId: string) => `/api/layers/${encodeURIComponent(layerId)}`;
export const featureUrl = (layerId: string, featureId: string) => `${base(layerId)}/features/${encodeURIComponent(featureId)}`;

export const featureOf = (body: Record<string, unknown>) => body.feature as StoredFeature;
