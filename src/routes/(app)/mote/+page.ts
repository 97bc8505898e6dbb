import type { MeetingSummary } from '$lib/meetings/types';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The meetings the account's organisation takes part in, and the organisations to invite. */
export const load = (async ({ fetch, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const read = <T>(url: string) => readJson<T>(fetch, url, 'Mötena');
	const [{ meetings }] = await Promise.all([
		read<{ meetings: MeetingSummary[] }>('/api/meetings')
	]);
	return { meetings, header: { title: 'Platssamverkan' } };
}) satisfies PageLoad;
