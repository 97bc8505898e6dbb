import { json } from '@sveltejs/kit';
import { newAccount } from '$lib/server/auth/account-input';
import { hashPassword, passwordProblem } from '$lib/server/auth/passwords';
import { answer, jsonError } from '$lib/server/http';
import { audit, requireRole, write } from '$lib/server/guard';
import { requireManagedOrganisation } from '$lib/server/account-id';
import { isSystemAdmin } from '$lib/server/auth/access';
import { services } from '$lib/server/services';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * The accounts with their organisation, role, state and live sessions: an organisation admin's own
 * organisation's, the system administrator's all.
 */
export const GET = ((event) =>
	answer(async () => {
		const admin = requireRole(event, 'admin');
		return json({ accounts: await services().accounts.accounts(isSystemAdmin(admin) ? undefined : admin.organisation.id) });
	})) satisfies RequestHandler;

/**
 * Creates an account: `{ username, displayName, organisationId, role, password }` – in the admin's
 * own organisation (the system administrator: in any).
 */
export const POST = ((event) =>
	answer(async () => {
		const admin = requireRole(event, 'admin');
		const body = await readWrite(event.request, newAccount, 8_192);
		requireManagedOrganisation(services().accounts, admin, body.organisationId);
		const problem = passwordProblem(body.password, body.username);
		if (problem) return jsonError(400, problem, { field: 'password', param: 'password' });
		const { accounts } = services();
		const passwordHash = await hashPassword(body.password);
		return write(event, async () => {
			const account = await accounts.createAccount({ ...body, passwordHash });
			await audit(event, { action: 'account-create', target: account.username, detail: { role: account.role, organisation: account.organisation.id } });
			return json({ account: await accounts.summary(account.id) }, { status: 201 });
		});
	})) satisfies RequestHandler;
