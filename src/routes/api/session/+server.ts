import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { dummyHash, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword } from '$lib/server/auth/passwords';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/session-cookie';
import { answer, jsonError } from '$lib/server/http';
import { audit, clientAddress, viewerOf } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { isDemo } from '$lib/server/startup';
import { endLiveSession } from '$lib/server/live';
import { readWrite } from '$lib/server/write-request';
import type { Viewer } from '$lib/server/auth/access';
import type { RequestHandler } from './$types';

const credentials = v.object({
	username: v.pipe(v.string('ange användarnamnet'), v.trim(), v.minLength(1, 'ange användarnamnet'), v.maxLength(80)),
	password: v.pipe(v.string('ange lösenordet'), v.minLength(1, 'ange lösenordet'), v.maxLength(MAX_PASSWORD_LENGTH))
});

const WRONG = 'Fel användarnamn eller lösenord.';

function sessionBody(account: Viewer) {
	const minutes = services().accounts.limits.idleMs / 60_000;
	return { account, demo: isDemo(), idleMinutes: minutes };
}

/** Who is logged in (the hook has already answered 401 for anonymous requests). */
export const GET = ((event) => answer(() => json(sessionBody(viewerOf(event))))) satisfies RequestHandler;

/**
 * Logs in: `{ username, password }` → the session cookie and who you are. Failures are counted per
 * username and address, per username and per address (429 with Retry-After when too many, logged
 * once per block); unknown users cost the same time as known ones, so the answer does not tell
 * which usernames exist.
 */
export const POST = ((event) =>
	answer(async () => {
		const { accounts, audit: log, throttle } = services();
		const body = await readWrite(event.request, credentials, 4_096);
		const address = clientAddress(event) ?? 'unknown';
		// The try is counted before the password is checked (see LoginThrottle.attempt): concurrent
		// wrong passwords cannot all pass a check made before any of them was counted.
		const refused = await throttle.attempt(body.username, address);
		if (refused) {
			const { wait, scope } = refused;
			// Once per block (the try that started it, on whichever instance): the refusals cost nothing to send, so a row each would flood the log.
			if (refused.report) await log.record({ action: 'login-failed', who: { username: body.username }, outcome: 'refused', ip: address, detail: { reason: 'throttled', scope, wait } });
			return jsonError(429, `För många misslyckade inloggningar. Försök igen om ${Math.ceil(wait / 60)} minuter.`, { retryAfterSeconds: wait }, { 'retry-after': String(wait) });
		}
		const account = await accounts.accountByUsername(body.username);
		const valid = await verifyPassword(body.password, account?.passwordHash ?? (await dummyHash()));
		if (!account || !valid || account.disabled) {
			const reason = !account ? 'unknown-user' : !valid ? 'wrong-password' : 'disabled';
			await log.record({ action: 'login-failed', who: account ? accounts.viewer(account) : { username: body.username }, outcome: 'refused', ip: address, detail: { reason } });
			// A disabled account is told so only when the password was right: it cannot be used to probe.
			return jsonError(401, account && valid ? 'Kontot är avstängt. Kontakta en administratör.' : WRONG);
		}
		await throttle.succeeded(body.username, address);
		// A hash from before the parameters were raised is made again now that we have the password.
		if (needsRehash(account.passwordHash)) await accounts.upgradePasswordHash(account.id, account.passwordHash, await hashPassword(body.password));
		// A new token at every login (no session fixation); an old cookie's session ends.
		const previous = event.cookies.get(SESSION_COOKIE);
		if (previous) await accounts.endSession(previous);
		setSessionCookie(event.cookies, event.url, await accounts.startSession(account.id));
		const viewer = accounts.viewer(account);
		await log.record({ action: 'login', who: viewer, ip: address });
		return json(sessionBody(viewer));
	})) satisfies RequestHandler;

/** Logs out: ends the session on the server and clears the cookie. */
export const DELETE = ((event) =>
	answer(async () => {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			await services().accounts.endSession(token);
			endLiveSession(token);
		}
		await audit(event, { action: 'logout' });
		clearSessionCookie(event.cookies, event.url);
		return new Response(null, { status: 204 });
	})) satisfies RequestHandler;
