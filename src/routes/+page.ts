import { error } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import { readSession } from '$lib/session-client';
import type { PageLoad } from './$types';

export const load = (async ({ fetch }) => {
	const state = await readSession(fetch);
	// Not logged in: the page shows the login form; nothing else can be read.
	if (!state.session) return { ...state, layers: [] as LayerSummary[] };
	const response = await fetch('/api/layers');
	// The session ended between the two requests: log in again rather than show an error.
	if (response.status === 401) return { ...state, session: null, layers: [] as LayerSummary[] };
	if (!response.ok) error(response.status, 'Kunde inte hämta lagerlistan från servern.');
	const { layers } = (await response.json()) as { layers: LayerSummary[] };
	return { ...state, layers };
}) satisfies PageLoad;
