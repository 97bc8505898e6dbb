import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, requireRole } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { accountId } from '$lib/server/account-id';
import type { RequestHandler } from './$types';

/** Ends every session of an account now (admin): e.g. a lost phone. */
export const DELETE = ((event) =>
	answer(() => {
		requireRole(event, 'admin');
		const id = accountId(event.params.id);
		const { accounts } = services();
		const ended = accounts.endSessions(id);
		audit(event, { action: 'sessions-end', target: accounts.account(id)!.username, detail: { ended } });
		return json({ ended });
	})) satisfies RequestHandler;
