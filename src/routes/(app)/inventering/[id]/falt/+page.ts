import type { InventoryContextData } from '$lib/api';
import type { Inventory } from '$lib/inventory/model';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** Offline, the service worker answers these from what the page kept (field-cache.ts). */
export const load = (async ({ fetch, params, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const base = `/api/inventories/${encodeURIComponent(params.id)}`;
	const [{ inventory }, context] = await Promise.all([
		readJson<{ inventory: Inventory }>(fetch, base, 'Inventeringen'),
		readJson<InventoryContextData>(fetch, `${base}/context`, 'Det som är känt i området')
	]);
	// Field mode on a phone: no page header (the walk's own bar); the demo banner stays (the layout).
	return { inventory, context, fill: true };
}) satisfies PageLoad;
