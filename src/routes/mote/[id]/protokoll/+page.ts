import { error, redirect } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import type { Meeting, PlaceStory } from '$lib/meetings/types';
import { EXPIRED_MESSAGE, leaveNotice, readSession, type Organisation } from '$lib/session-client';
import type { PageLoad } from './$types';

/** The meeting, and every place's story as the protocol prints it. */
export const load = (async ({ fetch, params }) => {
	const { session } = await readSession(fetch);
	if (!session) {
		leaveNotice('Logga in för att se protokollet.');
		redirect(303, '/');
	}
	const read = async <T>(url: string): Promise<T> => {
		const response = await fetch(url, { cache: 'no-store' });
		if (response.status === 401) {
			leaveNotice(EXPIRED_MESSAGE);
			redirect(303, '/');
		}
		const body = await response.json().catch(() => ({}));
		if (!response.ok) error(response.status, body.message ?? 'Protokollet kunde inte läsas från servern.');
		return body as T;
	};
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
