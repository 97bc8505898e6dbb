/**
 * Measures (`/api/measures/...`) and the organisations that own them: one function per request,
 * answered as request.ts's ApiResult. `Measure` is the one shape every page shows a measure in.
 */
import type { MeasureStatus } from '$lib/measures/status';
import type { Organisation } from '$lib/session-client';
import { get, json, request } from './request';

export type { Organisation };

/** A measure as GET /api/measures answers (docs/api-meetings-inventories.md). */
export interface Measure {
	id: string;
	title: string;
	description: string;
	ownerOrganisationId: string;
	ownerOrganisationName: string;
	/** The organisation that made it: it and the owner may change it. */
	makerOrganisationId: string;
	makerOrganisationName: string;
	/** Whether the asking account may change it. */
	mayEdit: boolean;
	dueDate: string;
	status: MeasureStatus;
	open: boolean;
	overdue: boolean;
	/** `hidden`: see measure-store.ts (a rounded position for the organisation assigned). */
	place: { layerId: string; featureId: string; name: string | null } | { hidden: true; reason: 'layer' | 'deleted'; positionRounded: boolean } | null;
	position: [number, number] | null;
	origin: { kind: 'meeting' | 'inventory'; id: string } | null;
	photos: { id: string; kind: 'before' | 'after' }[];
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

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
