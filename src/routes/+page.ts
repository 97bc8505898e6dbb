import { error } from '@sveltejs/kit';
import type { LayerSummary } from '$lib/layers/catalog';
import type { PageLoad } from './$types';

export const load = (async ({ fetch }) => {
	const response = await fetch('/api/layers');
	if (!response.ok) error(response.status, 'Kunde inte hämta lagerlistan från servern.');
	const { layers } = (await response.json()) as { layers: LayerSummary[] };
	return { layers };
}) satisfies PageLoad;
