import type { Measure, MeasureHistoryEntry } from '$lib/api';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

export const load = (async ({ fetch, params }) => {
	const session = await staffSession(fetch, 'åtgärden');
	const { measure, history } = await readJson<{ measure: Measure; history: MeasureHistoryEntry[] }>(fetch, `/api/measures/${encodeURIComponent(params.id)}`, 'Åtgärden');
	return { session, measure, history };
}) satisfies PageLoad;
