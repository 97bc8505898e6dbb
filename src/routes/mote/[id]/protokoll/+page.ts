import type { LayerSummary } from '$lib/layers/catalog';
import type { Meeting, PlaceStory } from '$lib/meetings/types';
import { readJson, staffSession } from '$lib/page-load';
import type { Organisation } from '$lib/session-client';
import type { PageLoad } from './$types';

/** The meeting, and every place's story as the protocol prints it. */
export const load = (async ({ fetch, params }) => {
	const session = await staffSession(fetch, 'protokollet');
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Protokollet');
	const id = encodeURIComponent(params.id);
	const [{ meeting }, { layers }, { organisations }] = await Promise.all([
		read<{ meeting: Meeting }>(`/api/meetings/${id}`),
		read<{ layers: LayerSummary[] }>('/api/layers'),
		read<{ organisations: Organisation[] }>('/api/admin/organisations')
	]);
	const stories: Record<string, PlaceStory> = {};
	await Promise.all(
		meeting.items
			.filter((item) => !item.hidden)
			.map(async (item) => {
				stories[item.id] = await read<PlaceStory>(`/api/meetings/${id}/items/${encodeURIComponent(item.id)}/story`);
			})
	);
	return { session, meeting, layers, organisations, stories };
}) satisfies PageLoad;
