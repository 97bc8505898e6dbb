import { json } from '@sveltejs/kit';
import { newOrganisation } from '$lib/server/auth/account-input';
import { answer } from '$lib/server/http';
import { requireSystemAdmin } from '$lib/server/auth/access';
import { audit, requireRole, viewerOf, write } from '$lib/server/guard';
import { services } from '$lib/server/services';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** The organisations (any logged-in account: the measures of a meeting name their owners). */
export const GET = ((event) =>
	answer(() => {
		viewerOf(event);
		return json({ organisations: services().accounts.organisations() });
	})) satisfies RequestHandler;

/** Adds an organisation (a new partner): `{ name, kind }` – the system administrator's. */
export const POST = ((event) =>
	answer(async () => {
		const admin = requireRole(event, 'admin');
		requireSystemAdmin(admin, 'lägga till organisationer', services().accounts.operator());
		const body = await readWrite(event.request, newOrganisation, 4_096);
		return write(event, async () => {
			const organisation = await services().accounts.createOrganisation(body.name, body.kind);
			await audit(event, { action: 'organisation-create', target: organisation.id, detail: { name: organisation.name, kind: organisation.kind } });
			return json({ organisation }, { status: 201 });
		});
	})) satisfies RequestHandler;
