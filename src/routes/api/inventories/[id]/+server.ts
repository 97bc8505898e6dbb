import { json } from '@sveltejs/kit';
import { InventoryPatch } from '$lib/inventory/model';
import { layersFor, requireRole } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory, orConflict } from '$lib/server/inventories/inventory-http';
import { inventoryStore } from '$lib/server/inventories/inventory-store';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** The walk with its stops, route and findings. */
export const GET = ((event) => answer(() => json({ inventory: inventoryStore().get(event.params.id) }))) satisfies RequestHandler;

/**
 * `{ baseVersion, title?, purpose?, startsAt?, stops? }`; new stops get a new walking route.
 * A stale baseVersion is 409 `{ message, current, yours }`.
 */
export const PATCH = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const store = inventoryStore();
		// An unknown walk is a 404 before the body is read.
		store.get(event.params.id);
		const change = await readWrite(event.request, InventoryPatch, 500_000);
		return orConflict(change, () => {
			const inventory = store.update(event.params.id, change, layersFor(event).by);
			auditInventory(event, 'inventory-update', inventory.id, { version: inventory.version, stops: change.stops?.length });
			return json({ inventory });
		});
	})) satisfies RequestHandler;
