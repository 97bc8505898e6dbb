import { json } from '@sveltejs/kit';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { InventoryChange } from '$lib/server/inventories/inventory-input';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The walk with its stops, route and findings, as the viewer may see it: every stop has its number
 * (the same for everyone); one taken from a layer they may not see comes as its number only
 * (`withheldStops`), one a participant may not see is marked `restricted`, and the route goes only
 * through stops every participant sees.
 */
export const GET = ((event) => answer(async () => json({ inventory: await services().inventories.get(event.params.id, layersFor(event)) }))) satisfies RequestHandler;

/**
 * By an organisation taking part: `{ baseVersion, title?, purpose?, startsAt?, stops?: [{ id, name?,
 * position, source?: { layerId, featureId } }], optimise?, avoidSteps?, organisationIds? (the owner
 * only) }`; the stops are walked in the list's order (`optimise: true` puts them in the shortest); a
 * new stop without a name is named after the nearest street. Stops the editor cannot see stay as they were. A stale baseVersion is 409
 * `{ message, current, yours }`.
 */
export const PATCH = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const store = services().inventories;
		// An unknown walk is a 404, one the viewer's organisation does not take part in a 403, before the body is read.
		await store.authorise(event.params.id, 'plan', viewerOf(event));
		const change = await readWrite(event.request, InventoryChange, 500_000);
		return write(event, async () => {
			const inventory = await store.update(event.params.id, change, layersFor(event));
			await auditInventory(event, 'inventory-update', inventory.id, { version: inventory.version, changed: await store.lastChanged('inventory', inventory.id), stops: change.stops?.length });
			return json({ inventory });
		});
	})) satisfies RequestHandler;
