import { json } from '@sveltejs/kit';
import { FindingPatch } from '$lib/inventory/model';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * By the organisation that recorded it or the walk's owner: `{ baseVersion, category?, severity?,
 * note?, position? }` → `{ finding }`. Someone else changed
 * it first: 409 `{ message, current, yours }`, never a silent overwrite.
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, findingId } = event.params;
		const store = services().inventories;
		await store.authorise(id, 'finding', viewerOf(event), findingId);
		const change = await readWrite(event.request, FindingPatch, 100_000);
		return write(event, async () => {
			const finding = await store.updateFinding(id, findingId, change, layersFor(event));
			await auditInventory(event, 'finding-update', `${id}/${findingId}`, { version: finding.version, changed: await store.lastChanged('finding', findingId) });
			return json({ finding });
		});
	})) satisfies RequestHandler;
