import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { inventoryContext } from '$lib/server/inventories/inventory-context';
import { inventoryStore } from '$lib/server/inventories/inventory-store';
import { measureStore } from '$lib/server/measures/measure-store';
import type { RequestHandler } from './$types';

/** What is known inside the walk's area: `{ insecurePlaces, drugScenes, measures, earlierFindings }` (only layers the viewer may see). */
export const GET = ((event) =>
	answer(() => {
		const layers = layersFor(event);
		const store = inventoryStore();
		const inventory = store.get(event.params.id, layers);
		return json(inventoryContext(inventory, layers, measureStore(), store));
	})) satisfies RequestHandler;
