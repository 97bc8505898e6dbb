import type { LayerSummary } from '$lib/layers/catalog';
import type { Meeting, PlaceStory } from '$lib/meetings/types';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The meeting, and every place's story as the protocol prints it. */
export const load = (async ({ fetch, params, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Protokollet');
	const id = encodeURIComponent(params.id);
	const [{ meeting }, { layers }] = await Promise.all([
		read<{ meeting: Meeting }>(`/api/meetings/${id}`),
		read<{ layers: LayerSummary[] }>('/api/layers')
	]);
	const stories: Record<string, PlaceStory> = {};
	await Promise.all(
		meeting.items
			.filter((item) => !item.hidden)
			.map(async (item) => {
				stories[item.id] = await read<PlaceStory>(`/api/meetings/${id}/items/${encodeURIComponent(item.id)}/story`);
			})
	);
	return { meeting, layers, stories };
}) satisfies PageLoad;
