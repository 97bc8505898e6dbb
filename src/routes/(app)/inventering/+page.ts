import type { InventorySummary } from '$lib/inventory/model';
import type { Organisation } from '$lib/api';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const [{ inventories }] = await Promise.all([
		readJson<{ inventories: InventorySummary[] }>(fetch, '/api/inventories', 'Inventeringarna')
	]);
	return { inventories, header: { title: 'Trygghetsinventeringar' } };
}) satisfies PageLoad;
