/**
 * Measures (`/api/measures/...`) and the organisations that own them: one function per request,
 * answered as request.ts's ApiResult. `Measure` is the one shape every page shows a measure in.
 */
import type { Measure } from '$lib/measures/measure';
import type { Organisation } from '$lib/session-client';
import { get, json, request } from './request';

export type { Measure, Organisation };

export interface MeasureFilter {
	status?: string;
	owner?: string;
	overdue?: boolean;
	origin?: string;
}

export function listMeasures(filter: MeasureFilter) {
	const query = new URLSearchParams();
	if (filter.status) query.set('status', filter.status);
	if (filter.owner) query.set('owner', filter.owner);
	if (filter.origin) query.set('origin', filter.origin);
	if (filter.overdue) query.set('overdue', '1');
	return request(`/api/measures?${query}`, get(), (b) => b.measures as Measure[]);
}

export interface MeasureHistoryEntry {
	version: number;
	at: string;
	by: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown>;
}

export function fetchMeasure(id: string) {
	return request(`/api/measures/${encodeURIComponent(id)}`, get(), (b) => ({ measure: b.measure as Measure, history: (b.history ?? []) as MeasureHistoryEntry[] }));
}

export function updateMeasure(id: string, change: Record<string, unknown> & { baseVersion: number }) {
	return request(`/api/measures/${encodeURIComponent(id)}`, json('PATCH', change), (b) => b.measure as Measure);
}

export function addMeasurePhoto(id: string, file: Blob, filename: string, kind: 'before' | 'after') {
	const form = new FormData();
	form.set('file', file, filename);
	form.set('kind', kind);
	return request(`/api/measures/${encodeURIComponent(id)}/photos`, { method: 'POST', body: form }, (b) => b.photo as { id: string; kind: string });
}


export function listOrganisations() {
	return request('/api/admin/organisations', get(), (b) => (b.organisations ?? []) as Organisation[]);
}
