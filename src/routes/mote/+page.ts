import { error, redirect } from '@sveltejs/kit';
import type { MeetingSummary } from '$lib/meetings/types';
import { EXPIRED_MESSAGE, leaveNotice, readSession, type Organisation } from '$lib/session-client';
import type { PageLoad } from './$types';

/** The meetings the account's organisation takes part in, and the organisations to invite. */
export const load = (async ({ fetch }) => {
	const { session } = await readSession(fetch);
	if (!session) {
		leaveNotice('Logga in för att se mötena.');
		redirect(303, '/');
	}
	const read = async <T>(url: string): Promise<T> => {
		const response = await fetch(url, { cache: 'no-store' });
		if (response.status === 401) {
			leaveNotice(EXPIRED_MESSAGE);
			redirect(303, '/');
		}
		const body = await response.json().catch(() => ({}));
		if (!response.ok) error(response.status, body.message ?? 'Mötena kunde inte läsas från servern.');
		return body as T;
	};
	const [{ meetings }, { organisations }] = await Promise.all([
		read<{ meetings: MeetingSummary[] }>('/api/meetings'),
		read<{ organisations: Organisation[] }>('/api/admin/organisations')
	]);
	return { session, meetings, organisations };
}) satisfies PageLoad;
