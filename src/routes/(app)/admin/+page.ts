import { redirect } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import { readJson } from '$lib/page-load';
import { leaveNotice } from '$lib/session-client';
import type { AdminAccount } from '$lib/api';
import type { PageLoad } from './$types';

/** Only administrators get here; anyone else is sent to the map (or its login form) with the reason. */
export const load = (async ({ fetch, parent }) => {
	const { session } = await parent();
	if (session.account.role !== 'admin') {
		leaveNotice('Administrationen är bara för administratörer.');
		redirect(303, '/');
	}
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Administrationen');
	// The organisations come from the (app) layout, read again with the rest after a change (invalidateAll).
	const [{ accounts }, { layers }] = await Promise.all([read<{ accounts: AdminAccount[] }>('/api/admin/accounts'), read<{ layers: LayerSummary[] }>('/api/layers')]);
	// No page header from the layout: admin has a header of its own; the demo banner stays (the layout).
	return { accounts, layers };
}) satisfies PageLoad;
