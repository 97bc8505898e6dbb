import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { inventoryContext } from '$lib/server/inventories/inventory-context';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** What is known inside the walk's area: `{ insecurePlaces, drugScenes, measures, earlierFindings }` (only layers the viewer may see). */
export const GET = ((event) =>
	answer(async () => {
		const layers = layersFor(event);
		const store = services().inventories;
		const inventory = await store.get(event.params.id, layers);
		return json(await inventoryContext(inventory, layers, services().measures, store));
	})) satisfies RequestHandler;
