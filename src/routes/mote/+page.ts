import type { MeetingSummary } from '$lib/meetings/types';
import { readJson, staffSession } from '$lib/page-load';
import type { Organisation } from '$lib/session-client';
import type { PageLoad } from './$types';

/** The meetings the account's organisation takes part in, and the organisations to invite. */
export const load = (async ({ fetch }) => {
	const session = await staffSession(fetch, 'mötena');
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Mötena');
	const [{ meetings }, { organisations }] = await Promise.all([
		read<{ meetings: MeetingSummary[] }>('/api/meetings'),
		read<{ organisations: Organisation[] }>('/api/admin/organisations')
	]);
	return { session, meetings, organisations };
}) satisfies PageLoad;
