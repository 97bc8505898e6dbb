/**
 * The safety walks (`/api/inventories/...`): one function per request, answered as request.ts's
 * ApiResult. A 409 carries what is stored now (`current`) so the page can show both versions
 * and let a person choose.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { ObjectVersion } from '$lib/history';
import type { Finding, Inventory, InventorySummary, Stop } from '$lib/inventory/model';
import type { Measure } from './measures';
import { get, json, request } from './request';

export interface InventoryContextData {
	insecurePlaces: FeatureCollection;
	drugScenes: FeatureCollection;
	measures: FeatureCollection<Point>;
	earlierFindings: FeatureCollection<Point>;
}

export const inventoryUrl = (id: string) => `/api/inventories/${encodeURIComponent(id)}`;

export function listInventories() {
	return request('/api/inventories', get(), (b) => b.inventories as InventorySummary[]);
}

export function createInventory(input: unknown) {
	return request('/api/inventories', json('POST', input), (b) => b.inventory as Inventory);
}

export function fetchInventory(id: string) {
	return request(inventoryUrl(id), get(), (b) => b.inventory as Inventory);
}

export function fetchContext(id: string) {
	return request(`${inventoryUrl(id)}/context`, get(), (b) => b as unknown as InventoryContextData);
}

export function saveStops(id: string, baseVersion: number, stops: Stop[]) {
	return request(inventoryUrl(id), json('PATCH', { baseVersion, stops }), (b) => b.inventory as Inventory);
}

export function updateInventory(id: string, change: Record<string, unknown> & { baseVersion: number }) {
	return request(inventoryUrl(id), json('PATCH', change), (b) => b.inventory as Inventory);
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
	return request(`${inventoryUrl(id)}/history`, get(), (b) => ({ history: b.history as ObjectVersion<InventorySnapshot>[] }));
}

export function restoreInventory(id: string, version: number, baseVersion: number) {
	return request(`${inventoryUrl(id)}/restore`, json('POST', { version, baseVersion }), (b) => b.inventory as Inventory);
}

export function updateFinding(inventoryId: string, findingId: string, change: Record<string, unknown> & { baseVersion: number }) {
	return request(`${inventoryUrl(inventoryId)}/findings/${encodeURIComponent(findingId)}`, json('PUT', change), (b) => b.finding as Finding);
}

export function findingToMeasure(inventoryId: string, findingId: string, input: { title: string; ownerOrganisationId: string; dueDate: string; description?: string }) {
	return request(`${inventoryUrl(inventoryId)}/findings/${encodeURIComponent(findingId)}/measure`, json('POST', input), (b) => ({
		measure: b.measure as Measure,
		finding: b.finding as Finding
	}));
}

export function findingToPlace(inventoryId: string, findingId: string, input: { featureId?: string; name?: string }) {
	return request(`${inventoryUrl(inventoryId)}/findings/${encodeURIComponent(findingId)}/place`, json('POST', input), (b) => ({
		finding: b.finding as Finding,
		/** The place's name, for a place made just now that the page's context does not hold yet. */
		placeName: String((b.place as { properties?: { name?: unknown } } | undefined)?.properties?.name ?? '')
	}));
}

export const photoUrl = (id: string) => `/api/photos/${encodeURIComponent(id)}`;
