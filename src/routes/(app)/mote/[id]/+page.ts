import type { LayerSummary } from '$lib/layers/catalog';
import type { Meeting } from '$lib/meetings/types';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The meeting with its agenda, the layers the account may see, and the organisations (measure owners). */
export const load = (async ({ fetch, params, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Mötet');
	const [{ meeting }, { layers }] = await Promise.all([
		read<{ meeting: Meeting }>(`/api/meetings/${encodeURIComponent(params.id)}`),
		read<{ layers: LayerSummary[] }>('/api/layers')
	]);
	// Meeting mode: no page header (the meeting's own bar); the demo banner stays (the layout).
	return { meeting, layers, fill: true };
}) satisfies PageLoad;
