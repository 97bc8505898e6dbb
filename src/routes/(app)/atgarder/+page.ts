import { MEASURE_STATUSES } from '$lib/measures/status';
import type { Measure, Organisation } from '$lib/api';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The filters live in the address, so a filtered list can be sent as a link. */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const wanted = url.searchParams.get('status') ?? 'open';
	const status = ['open', 'all', ...MEASURE_STATUSES].includes(wanted) ? wanted : 'open';
	const owner = url.searchParams.get('agare') ?? '';
	const overdue = url.searchParams.get('forsenade') === '1';
	const query = new URLSearchParams({ status });
	if (owner) query.set('owner', owner);
	if (overdue) query.set('overdue', '1');
	const [{ measures }] = await Promise.all([
		readJson<{ measures: Measure[] }>(fetch, `/api/measures?${query}`, 'Åtgärderna')
	]);
	return { measures, filter: { status, owner, overdue }, header: { title: 'Åtgärder' }, fill: true };
}) satisfies PageLoad;
