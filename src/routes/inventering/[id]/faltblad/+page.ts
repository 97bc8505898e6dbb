import type { InventoryContextData, Organisation } from '$lib/api';
import type { Inventory } from '$lib/inventory/model';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, params }) => {
	const session = await staffSession(fetch, 'inventeringen');
	const base = `/api/inventories/${encodeURIComponent(params.id)}`;
	const [{ inventory }, context, { organisations }] = await Promise.all([
		readJson<{ inventory: Inventory }>(fetch, base, 'Inventeringen'),
		readJson<InventoryContextData>(fetch, `${base}/context`, 'Det som är känt i området'),
		readJson<{ organisations: Organisation[] }>(fetch, '/api/admin/organisations', 'Organisationerna')
	]);
	return { session, inventory, context, organisations };
}) satisfies PageLoad;
