import * as v from 'valibot';
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '$lib/server/auth/passwords';
import { setSessionCookie } from '$lib/server/auth/session-cookie';
import { answer, jsonError } from '$lib/server/http';
import { audit, viewerOf, write } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

const change = v.object({
	current: v.pipe(v.string(), v.maxLength(MAX_PASSWORD_LENGTH)),
	next: v.pipe(v.string(), v.maxLength(MAX_PASSWORD_LENGTH))
});

/**
 * Changes your own password: `{ current, next }`. Every session of the account ends (a stolen
 * cookie stops working); this browser gets a new one.
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = viewerOf(event);
		const body = await readWrite(event.request, change, 4_096);
		const { accounts } = services();
		const account = (await accounts.accountByUsername(viewer.username))!;
		if (!(await verifyPassword(body.current, account.passwordHash))) {
			await audit(event, { action: 'password-change', outcome: 'refused', detail: { reason: 'wrong-current' } });
			return jsonError(400, 'Det nuvarande lösenordet stämmer inte.', { field: 'current' });
		}
		const problem = passwordProblem(body.next, viewer.username);
		if (problem) return jsonError(400, problem, { field: 'next' });
		const passwordHash = await hashPassword(body.next);
		await write(event, async () => {
			await accounts.updateAccount(viewer.id, { passwordHash });
			setSessionCookie(event.cookies, event.url, await accounts.startSession(viewer.id));
			await audit(event, { action: 'password-change' });
		});
		return new Response(null, { status: 204 });
	})) satisfies RequestHandler;
