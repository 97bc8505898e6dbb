import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, requireRole, write } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { managedAccount } from '$lib/server/account-id';
import type { RequestHandler } from './$types';

/** Ends every session of an account now (its organisation's admins, the system administrator): e.g. a lost phone. */
export const DELETE = ((event) =>
	answer(async () => {
		const admin = requireRole(event, 'admin');
		const { id, username } = await managedAccount(services().accounts, event.params.id, admin);
		const { accounts } = services();
		return write(event, async () => {
			const ended = await accounts.endSessions(id);
			await audit(event, { action: 'sessions-end', target: username, detail: { ended } });
			return json({ ended });
		});
	})) satisfies RequestHandler;
