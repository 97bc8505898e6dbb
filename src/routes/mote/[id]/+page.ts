import type { LayerSummary } from '$lib/layers/catalog';
import type { Meeting } from '$lib/meetings/types';
import { readJson, staffSession } from '$lib/page-load';
import type { Organisation } from '$lib/session-client';
import type { PageLoad } from './$types';

/** The meeting with its agenda, the layers the account may see, and the organisations (measure owners). */
export const load = (async ({ fetch, params, url }) => {
	const session = await staffSession(fetch, 'mötet', url);
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Mötet');
	const [{ meeting }, { layers }, { organisations }] = await Promise.all([
		read<{ meeting: Meeting }>(`/api/meetings/${encodeURIComponent(params.id)}`),
		read<{ layers: LayerSummary[] }>('/api/layers'),
		read<{ organisations: Organisation[] }>('/api/admin/organisations')
	]);
	return { session, meeting, layers, organisations };
}) satisfies PageLoad;
