/**
 * The meeting pages' requests to /api/meetings and /api/views, answered as request.ts's
 * ApiResult: the value, or the server's Swedish message (with the field it named, and on a 409
 * the object as it is now).
 */
import { json, request, type ApiResult } from './request';
import type { ObjectVersion } from '$lib/history';
import type { AgendaItem, AgendaItemSnapshot, Decision, Meeting, MeetingSnapshot, MeetingSummary, PlaceCamera, PlaceStory, SavedView } from '$lib/meetings/types';

/** One request through the app's one client (request.ts); a body is sent as JSON. */
function send<T>(method: string, url: string, body?: unknown): Promise<ApiResult<T>> {
	return request<T>(url, body === undefined ? { method } : json(method, body));
}

const base = (id: string) => `/api/meetings/${encodeURIComponent(id)}`;
const item = (id: string, itemId: string) => `${base(id)}/items/${encodeURIComponent(itemId)}`;

export interface MeasureDraft {
	title: string;
	ownerOrganisationId: string;
	dueDate: string;
	status?: string;
	description?: string;
}

export const meetingApi = {
	list: () => send<{ meetings: MeetingSummary[] }>('GET', '/api/meetings'),
	create: (input: { title: string; date: string; participants: string[]; organisationIds: string[] }) => send<{ meeting: Meeting }>('POST', '/api/meetings', input),
	get: (id: string) => send<{ meeting: Meeting }>('GET', base(id)),
	update: (id: string, change: { baseVersion: number; title?: string; date?: string; participants?: string[]; organisationIds?: string[] }) =>
		send<{ meeting: Meeting }>('PATCH', base(id), change),
	addFeature: (id: string, layerId: string, featureId: string) => send<{ item: AgendaItem }>('POST', `${base(id)}/items`, { kind: 'feature', layerId, featureId }),
	addArea: (id: string, title: string, geometry: GeoJSON.Polygon) => send<{ item: AgendaItem }>('POST', `${base(id)}/items`, { kind: 'area', title, geometry }),
	reorder: (id: string, baseVersion: number, itemIds: string[]) => send<{ meeting: Meeting }>('PUT', `${base(id)}/order`, { baseVersion, itemIds }),
	updateItem: (id: string, itemId: string, change: { baseVersion: number; notes?: string; title?: string; camera?: PlaceCamera | null }) => send<{ item: AgendaItem }>('PATCH', item(id, itemId), change),
	removeItem: (id: string, itemId: string, baseVersion: number) => send<{ deleted: string; meetingVersion: number }>('DELETE', item(id, itemId), { baseVersion }),
	decide: (id: string, itemId: string, text: string, measure?: MeasureDraft) =>
		send<{ decision: Decision; measure: { id: string; title: string } | null }>('POST', `${item(id, itemId)}/decisions`, { text, ...(measure ? { measure } : {}) }),
	story: (id: string, itemId: string) => send<PlaceStory>('GET', `${item(id, itemId)}/story`),
	history: (id: string) => send<{ history: ObjectVersion<MeetingSnapshot>[] }>('GET', `${base(id)}/history`),
	restore: (id: string, version: number, baseVersion: number) => send<{ meeting: Meeting }>('POST', `${base(id)}/restore`, { version, baseVersion }),
	itemHistory: (id: string, itemId: string) => send<{ history: ObjectVersion<AgendaItemSnapshot>[] }>('GET', `${item(id, itemId)}/history`),
	restoreItem: (id: string, itemId: string, version: number, baseVersion: number) => send<{ item: AgendaItem }>('POST', `${item(id, itemId)}/restore`, { version, baseVersion })
};

export const viewApi = {
	list: () => send<{ views: SavedView[] }>('GET', '/api/views'),
	save: (name: string, query: string, shared: boolean) => send<{ view: SavedView }>('POST', '/api/views', { name, query, shared }),
	remove: (id: string) => send<{ deleted: string }>('DELETE', `/api/views/${encodeURIComponent(id)}`)
};
