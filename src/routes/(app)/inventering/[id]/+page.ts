import type { InventoryContextData, Organisation } from '$lib/api';
import type { Inventory } from '$lib/inventory/model';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, params, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const base = `/api/inventories/${encodeURIComponent(params.id)}`;
	const [{ inventory }, context] = await Promise.all([
		readJson<{ inventory: Inventory }>(fetch, base, 'Inventeringen'),
		readJson<InventoryContextData>(fetch, `${base}/context`, 'Det som är känt i området')
	]);
	return { inventory, context, header: { title: inventory.title }, fill: true };
}) satisfies PageLoad;
