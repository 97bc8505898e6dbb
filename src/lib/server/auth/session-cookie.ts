/** The session cookie: httpOnly, SameSite=Strict, Secure except on this machine (http://localhost). */
import type { Cookies } from '@sveltejs/kit';

export const SESSION_COOKIE = 'lageskartan_session';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

export function isLoopback(url: URL): boolean {
	return LOOPBACK.test(url.hostname);
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: !isLoopback(url) });
}

/**
 * The Set-Cookie value that clears the cookie, for responses made before SvelteKit's own cookie
 * handling runs (the hook's 401): `cookies.delete` there would not reach the browser.
 */
export function clearedCookieHeader(url: URL): string {
	return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${isLoopback(url) ? '' : '; Secure'}`;
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: !isLoopback(url) });
}
