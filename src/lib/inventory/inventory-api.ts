/**
 * The browser's side of the safety-walk and measure APIs: one function per request, each
 * answering with a result the page can show instead of throwing. A 409 carries what is stored
 * now (`current`) so the page can show both versions and let a person choose.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { ObjectVersion } from '$lib/history';
import type { MeasureStatus } from '$lib/measures/status';
import { noticeExpiry } from '$lib/session-client';
import type { Finding, Inventory, InventorySummary, Stop } from './model';

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

export type Result<T> =
	| { ok: true; value: T }
	| { ok: false; status: number; message: string; field: string | null; current?: unknown };

async function request<T>(url: string, init: RequestInit, pick: (body: Record<string, unknown>) => T): Promise<Result<T>> {
	let response: Response;
	try {
		response = await fetch(url, { cache: 'no-store', ...init });
	} catch {
		return { ok: false, status: 0, field: null, message: 'Servern svarar inte. Kontrollera anslutningen och försök igen.' };
	}
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (response.ok) return { ok: true, value: pick(body) };
	noticeExpiry(response.status);
	const message = typeof body.message === 'string' ? body.message : `Servern svarade ${response.status}.`;
	const field = typeof body.field === 'string' ? body.field : typeof body.param === 'string' ? body.param : null;
	return { ok: false, status: response.status, message, field, ...('current' in body ? { current: body.current } : {}) };
}

const send = (method: string, body: unknown): RequestInit => ({
	method,
	headers: { 'content-type': 'application/json' },
	body: JSON.stringify(body)
});

export interface InventoryContextData {
	insecurePlaces: FeatureCollection;
	drugScenes: FeatureCollection;
	measures: FeatureCollection<Point>;
	earlierFindings: FeatureCollection<Point>;
}

export const inventoryUrl = (id: string) => `/api/inventories/${encodeURIComponent(id)}`;

export function listInventories() {
	return request('/api/inventories', {}, (b) => b.inventories as InventorySummary[]);
}

export function createInventory(input: unknown) {
	return request('/api/inventories', send('POST', input), (b) => b.inventory as Inventory);
}

export function fetchInventory(id: string) {
	return request(inventoryUrl(id), {}, (b) => b.inventory as Inventory);
}

export function fetchContext(id: string) {
	return request(`${inventoryUrl(id)}/context`, {}, (b) => b as unknown as InventoryContextData);
}

export function saveStops(id: string, baseVersion: number, stops: Stop[]) {
	return request(inventoryUrl(id), send('PATCH', { baseVersion, stops }), (b) => b.inventory as Inventory);
}

export function updateInventory(id: string, change: Record<string, unknown> & { baseVersion: number }) {
	return request(inventoryUrl(id), send('PATCH', change), (b) => b.inventory as Inventory);
}

/** What a version of a walk's plan holds (GET …/history). */
export interface InventorySnapshot {
	title: string;
	purpose: string;
	startsAt: string;
	organisationIds: string[];
	stops: Stop[];
}

export function fetchInventoryHistory(id: string) {
	return request(`${inventoryUrl(id)}/history`, {}, (b) => ({ history: b.history as ObjectVersion<InventorySnapshot>[] }));
}

export function restoreInventory(id: string, version: number, baseVersion: number) {
	return request(`${inventoryUrl(id)}/restore`, send('POST', { version, baseVersion }), (b) => b.inventory as Inventory);
}

export function updateFinding(inventoryId: string, findingId: string, change: Record<string, unknown> & { baseVersion: number }) {
	return request(`${inventoryUrl(inventoryId)}/findings/${encodeURIComponent(findingId)}`, send('PUT', change), (b) => b.finding as Finding);
}

export function findingToMeasure(inventoryId: string, findingId: string, input: { title: string; ownerOrganisationId: string; dueDate: string; description?: string }) {
	return request(`${inventoryUrl(inventoryId)}/findings/${encodeURIComponent(findingId)}/measure`, send('POST', input), (b) => ({
		measure: b.measure as Measure,
		finding: b.finding as Finding
	}));
}

export function findingToPlace(inventoryId: string, findingId: string, input: { featureId?: string; name?: string }) {
	return request(`${inventoryUrl(inventoryId)}/findings/${encodeURIComponent(findingId)}/place`, send('POST', input), (b) => ({
		finding: b.finding as Finding,
		/** The place's name, for a place made just now that the page's context does not hold yet. */
		placeName: String((b.place as { properties?: { name?: unknown } } | undefined)?.properties?.name ?? '')
	}));
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
	return request(`/api/measures?${query}`, {}, (b) => b.measures as Measure[]);
}

export interface MeasureHistoryEntry {
	version: number;
	at: string;
	by: string;
	before: Record<string, unknown> | null;
	after: Record<string, unknown>;
}

export function fetchMeasure(id: string) {
	return request(`/api/measures/${encodeURIComponent(id)}`, {}, (b) => ({ measure: b.measure as Measure, history: (b.history ?? []) as MeasureHistoryEntry[] }));
}

export function updateMeasure(id: string, change: Record<string, unknown> & { baseVersion: number }) {
	return request(`/api/measures/${encodeURIComponent(id)}`, send('PATCH', change), (b) => b.measure as Measure);
}

export function addMeasurePhoto(id: string, file: Blob, filename: string, kind: 'before' | 'after') {
	const form = new FormData();
	form.set('file', file, filename);
	form.set('kind', kind);
	return request(`/api/measures/${encodeURIComponent(id)}/photos`, { method: 'POST', body: form }, (b) => b.photo as { id: string; kind: string });
}

export const photoUrl = (id: string) => `/api/photos/${encodeURIComponent(id)}`;

export interface Organisation {
	id: string;
	name: string;
}

export function listOrganisations() {
	return request('/api/admin/organisations', {}, (b) => (b.organisations ?? []) as Organisation[]);
}
