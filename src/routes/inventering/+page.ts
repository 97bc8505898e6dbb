import type { InventorySummary } from '$lib/inventory/model';
import type { Organisation } from '$lib/api';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch }) => {
	const session = await staffSession(fetch, 'trygghetsinventeringarna');
	const [{ inventories }, { organisations }] = await Promise.all([
		readJson<{ inventories: InventorySummary[] }>(fetch, '/api/inventories', 'Inventeringarna'),
		readJson<{ organisations: Organisation[] }>(fetch, '/api/admin/organisations', 'Organisationerna')
	]);
	return { session, inventories, organisations };
}) satisfies PageLoad;
