import { json } from '@sveltejs/kit';
import { accountChange } from '$lib/server/auth/account-input';
import { managedAccount, requireManagedOrganisation } from '$lib/server/account-id';
import { hashPassword, passwordProblem } from '$lib/server/auth/passwords';
import { answer, jsonError } from '$lib/server/http';
import { audit, requireRole, write } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Changes an account of the admin's own organisation (the system administrator: any account): any
 * of `{ displayName, role, organisationId, disabled, password }`; another organisation's account is
 * a 404. Disabling it or setting a password ends its sessions. An admin cannot disable or demote
 * themselves (someone must be left who can undo it), nor move an account to an organisation they
 * do not administer.
 */
export const PATCH = ((event) =>
	answer(async () => {
		const admin = requireRole(event, 'admin');
		const target = await managedAccount(services().accounts, event.params.id, admin);
		const id = target.id;
		const body = await readWrite(event.request, accountChange, 8_192);
		if (body.organisationId !== undefined) requireManagedOrganisation(services().accounts, admin, body.organisationId);
		if (id === admin.id && (body.disabled === true || (body.role && body.role !== 'admin'))) {
			return jsonError(400, 'Du kan inte stänga av eller ta bort administratörsrollen från ditt eget konto.', { field: body.disabled ? 'disabled' : 'role' });
		}
		const { accounts } = services();
		if (body.password !== undefined) {
			const problem = passwordProblem(body.password, target.username);
			if (problem) return jsonError(400, problem, { field: 'password', param: 'password' });
		}
		const { password, ...rest } = body;
		const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
		return write(event, async () => {
			await accounts.updateAccount(id, { ...rest, ...(passwordHash !== undefined ? { passwordHash } : {}) });
			await audit(event, {
				action: 'account-update',
				target: target.username,
				// What changed, never the password itself.
				detail: { changed: Object.keys(body), ...rest, ...(password !== undefined ? { password: 'ändrat' } : {}) }
			});
			return json({ account: await accounts.summary(id) });
		});
	})) satisfies RequestHandler;
