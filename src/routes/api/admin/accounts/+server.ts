import { json } from '@sveltejs/kit';
import { newAccount } from '$lib/server/auth/account-input';
import { hashPassword, passwordProblem } from '$lib/server/auth/passwords';
import { answer, jsonError } from '$lib/server/http';
import { audit, requireRole } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** Every account with its organisation, role, state and live sessions (admin). */
export const GET = ((event) =>
	answer(() => {
		requireRole(event, 'admin');
		return json({ accounts: services().accounts.accounts() });
	})) satisfies RequestHandler;

/** Creates an account: `{ username, displayName, organisationId, role, password }` (admin). */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'admin');
		const body = await readWrite(event.request, newAccount, 8_192);
		const problem = passwordProblem(body.password, body.username);
		if (problem) return jsonError(400, problem, { field: 'password', param: 'password' });
		const { accounts } = services();
		const account = accounts.createAccount({ ...body, passwordHash: await hashPassword(body.password) });
		audit(event, { action: 'account-create', target: account.username, detail: { role: account.role, organisation: account.organisation.id } });
		return json({ account: accounts.summary(account.id) }, { status: 201 });
	})) satisfies RequestHandler;
