import { error, redirect } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import { EXPIRED_MESSAGE, leaveNotice, readSession, type Organisation } from '$lib/session-client';
import type { AdminAccount } from './admin-api';
import type { PageLoad } from './$types';

/** Only administrators get here; anyone else is sent to the map (or its login form) with the reason. */
export const load = (async ({ fetch }) => {
	const { session } = await readSession(fetch);
	if (!session) {
		leaveNotice('Logga in som administratör för att öppna administrationen.');
		redirect(303, '/');
	}
	if (session.account.role !== 'admin') {
		leaveNotice('Administrationen är bara för administratörer.');
		redirect(303, '/');
	}
	const read = async <T>(url: string): Promise<T> => {
		const response = await fetch(url, { cache: 'no-store' });
		if (response.status === 401) {
			leaveNotice(EXPIRED_MESSAGE);
			redirect(303, '/');
		}
		const body = await response.json().catch(() => ({}));
		if (!response.ok) error(response.status, body.message ?? 'Administrationen kunde inte läsas från servern.');
		return body as T;
	};
	const [{ accounts }, { organisations }, { layers }] = await Promise.all([
		read<{ accounts: AdminAccount[] }>('/api/admin/accounts'),
		read<{ organisations: Organisation[] }>('/api/admin/organisations'),
		read<{ layers: LayerSummary[] }>('/api/layers')
	]);
	return { session, accounts, organisations, layers };
}) satisfies PageLoad;
