/**
 * Logging in and out, and the password (`/api/session`). Reading who is logged in is
 * session-client's `readSession`, which page loads call with SvelteKit's fetch.
 */
import { json, request } from './request';

export function logIn(username: string, password: string) {
	return request('/api/session', json('POST', { username, password }), () => null, { quietOn401: true });
}

/** A 401 counts as done: the server had already ended the session. */
export async function logOut() {
	const result = await request('/api/session', { method: 'DELETE' }, () => null, { quietOn401: true });
	return result.ok || result.status === 401 ? ({ ok: true, value: null } as const) : result;
}

export function changePassword(current: string, next: string) {
	return request('/api/session/password', json('POST', { current, next }), () => null);
}
