import { error, redirect } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import type { Meeting } from '$lib/meetings/types';
import { EXPIRED_MESSAGE, leaveNotice, readSession, type Organisation } from '$lib/session-client';
import type { PageLoad } from './$types';

/** The meeting with its agenda, the layers the account may see, and the organisations (measure owners). */
export const load = (async ({ fetch, params }) => {
	const { session } = await readSession(fetch);
	if (!session) {
		leaveNotice('Logga in för att öppna mötet.');
		redirect(303, '/');
	}
	const read = async <T>(url: string): Promise<T> => {
		const response = await fetch(url, { cache: 'no-store' });
		if (response.status === 401) {
			leaveNotice(EXPIRED_MESSAGE);
			redirect(303, '/');
		}
		const body = await response.json().catch(() => ({}));
		if (!response.ok) error(response.status, body.message ?? 'Mötet kunde inte läsas från servern.');
		return body as T;
	};
	const [{ meeting }, { layers }, { organisations }] = await Promise.all([
		read<{ meeting: Meeting }>(`/api/meetings/${encodeURIComponent(params.id)}`),
		read<{ layers: LayerSummary[] }>('/api/layers'),
		read<{ organisations: Organisation[] }>('/api/admin/organisations')
	]);
	return { session, meeting, layers, organisations };
}) satisfies PageLoad;
