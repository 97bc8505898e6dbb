/**
 * What the pages' loads share: a session or the way back to the login
 * form, and JSON from the API with a message a person can act on.
 */
import { error, redirect } from '@sveltejs/kit';
import { EXPIRED_MESSAGE, leaveNotice, readSession, type Session } from '$lib/session-client';

/** The login page, told where to return afterwards (a path of this app only). */
export function loginPath(returnTo?: URL): string {
	return returnTo ? `/?till=${encodeURIComponent(returnTo.pathname + returnTo.search)}` : '/';
}

/** Where the login form sends the person after logging in: `till` if it is a path of this app. */
export function returnPath(url: URL): string | null {
	const till = url.searchParams.get('till');
	return till && till.startsWith('/') && !till.startsWith('//') && !till.startsWith('/\\') ? till : null;
}

/** `returnTo`: the page asked for, so that logging in leads back to it (e.g. the same meeting item). */
export async function staffSession(fetcher: typeof fetch, what: string, returnTo?: URL): Promise<Session> {
	const { session } = await readSession(fetcher);
	if (!session) {
		leaveNotice(`Logga in för att öppna ${what}.`);
		redirect(303, loginPath(returnTo));
	}
	return session;
}

export async function readJson<T>(fetcher: typeof fetch, url: string, what: string): Promise<T> {
	const response = await fetcher(url, { cache: 'no-store' });
	if (response.status === 401) {
		leaveNotice(EXPIRED_MESSAGE);
		redirect(303, '/');
	}
	const body = await response.json().catch(() => ({}));
	if (!response.ok) error(response.status, (body as { message?: string }).message ?? `${what} kunde inte läsas från servern.`);
	return body as T;
}
