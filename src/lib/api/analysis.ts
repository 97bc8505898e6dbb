/** The analysis panel's requests (`/api/analysis/...`); the shapes are shared with the server (analysis-api.ts). */
import type { DistrictsReport, PlacesReport, ScenesReport } from '$lib/analysis-api';
import type { WdqResult } from '$lib/analysis';
import { get, json, request } from './request';

export const analysisApi = {
	scenes: (from: number, to: number, signal?: AbortSignal) => request<ScenesReport>(`/api/analysis/scenes?from=${from}&to=${to}`, get(signal)),
	places: (year: number, distances: readonly number[], signal?: AbortSignal) =>
		request<PlacesReport>(`/api/analysis/places?year=${year}&distance=${distances.join(',')}`, get(signal)),
	districts: (year: number, signal?: AbortSignal) => request<DistrictsReport>(`/api/analysis/districts?year=${year}`, get(signal)),
	wdq: (counts: unknown) => request<WdqResult>('/api/analysis/wdq', json('POST', { counts }))
};
