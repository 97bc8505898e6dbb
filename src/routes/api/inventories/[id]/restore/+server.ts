import { json } from '@sveltejs/kit';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Makes an earlier version of the walk's plan current again (an organisation taking part; the
 * owner when who takes part differs): `{ version, baseVersion }` → `{ inventory }`, a new version
 * with a new route. A stale baseVersion is a 409 with the walk as it is now.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const store = services().inventories;
		await store.authorise(event.params.id, 'plan', viewerOf(event));
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		return write(event, async () => {
			const inventory = await store.restore(event.params.id, body.version, body.baseVersion, layersFor(event));
			await auditInventory(event, 'inventory-restore', inventory.id, { restored: body.version, version: inventory.version, changed: await store.lastChanged('inventory', inventory.id) });
			return json({ inventory });
		});
	})) satisfies RequestHandler;
