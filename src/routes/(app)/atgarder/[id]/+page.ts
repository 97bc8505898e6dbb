import type { Measure, MeasureHistoryEntry } from '$lib/api';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, params, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const { measure, history } = await readJson<{ measure: Measure; history: MeasureHistoryEntry[] }>(fetch, `/api/measures/${encodeURIComponent(params.id)}`, 'Åtgärden');
	return { measure, history, header: { title: 'Åtgärd' } };
}) satisfies PageLoad;
