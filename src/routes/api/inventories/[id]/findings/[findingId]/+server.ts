import { json } from '@sveltejs/kit';
import { FindingPatch } from '$lib/inventory/model';
import { layersFor, requireRole } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory, orConflict } from '$lib/server/inventories/inventory-http';
import { inventoryStore } from '$lib/server/inventories/inventory-store';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * `{ baseVersion, category?, severity?, note?, position? }` → `{ finding }`. Someone else changed
 * it first: 409 `{ message, current, yours }`, never a silent overwrite.
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, findingId } = event.params;
		const store = inventoryStore();
		store.finding(id, findingId);
		const change = await readWrite(event.request, FindingPatch, 100_000);
		return orConflict(change, () => {
			const finding = store.updateFinding(id, findingId, change, layersFor(event).by);
			auditInventory(event, 'finding-update', `${id}/${findingId}`, { version: finding.version });
			return json({ finding });
		});
	})) satisfies RequestHandler;
