import type { InventoryContextData } from '$lib/api';
import type { Inventory } from '$lib/inventory/model';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

/** Offline, the service worker answers these from what the page kept (field-cache.ts). */
export const load = (async ({ fetch, params }) => {
	const session = await staffSession(fetch, 'fältläget');
	const base = `/api/inventories/${encodeURIComponent(params.id)}`;
	const [{ inventory }, context] = await Promise.all([
		readJson<{ inventory: Inventory }>(fetch, base, 'Inventeringen'),
		readJson<InventoryContextData>(fetch, `${base}/context`, 'Det som är känt i området')
	]);
	return { session, inventory, context };
}) satisfies PageLoad;
