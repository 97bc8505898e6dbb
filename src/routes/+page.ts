import { error } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import type { PageLoad } from './$types';

// MapLibre needs a browser (WebGL); the page renders on the client.
export const ssr = false;

export const load = (async ({ fetch }) => {
	const response = await fetch('/api/layers');
	if (!response.ok) error(response.status, 'Kunde inte hämta lagerlistan från servern.');
	const { layers } = (await response.json()) as { layers: LayerSummary[] };
	return { layers };
}) satisfies PageLoad;
