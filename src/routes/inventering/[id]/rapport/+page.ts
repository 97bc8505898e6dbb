import type { InventoryContextData, Measure } from '$lib/api';
import type { Inventory } from '$lib/inventory/model';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, params }) => {
	const session = await staffSession(fetch, 'rapporten');
	const base = `/api/inventories/${encodeURIComponent(params.id)}`;
	const [{ inventory }, context, { measures }] = await Promise.all([
		readJson<{ inventory: Inventory }>(fetch, base, 'Inventeringen'),
		readJson<InventoryContextData>(fetch, `${base}/context`, 'Det som är känt i området'),
		readJson<{ measures: Measure[] }>(fetch, `/api/measures?status=all&origin=inventory&originId=${encodeURIComponent(params.id)}`, 'Åtgärderna')
	]);
	return { session, inventory, context, measures };
}) satisfies PageLoad;
