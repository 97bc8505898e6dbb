import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, requireRole, write } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { managedAccount } from '$lib/server/account-id';
import type { RequestHandler } from './$types';

/** Ends every session of an account now (its organisation's admins, the system administrator): e.g. a lost phone. */
export const DELETE = ((event) =>
	answer(() => {
		const admin = requireRole(event, 'admin');
		const id = managedAccount(services().accounts, event.params.id, admin).id;
		const { accounts } = services();
		return write(event, async () => {
			const ended = accounts.endSessions(id);
			await audit(event, { action: 'sessions-end', target: accounts.account(id)!.username, detail: { ended } });
			return json({ ended });
		});
	})) satisfies RequestHandler;
