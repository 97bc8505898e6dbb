import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { NewView } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The viewer's saved views and the shared views of colleagues showing only layers the viewer may see. */
export const GET = ((event) => answer(async () => json({ views: await services().views.list(layersFor(event)) }))) satisfies RequestHandler;

/** Saves a view: `{ name, query (e.g. "lager=stadsdelar,drogscener&ar=2023&karta=14/59.4/17.9"), shared? }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const body = await readWrite(event.request, NewView, 8_192);
		return write(event, async () => {
			const view = await services().views.create(body, layersFor(event));
			await auditMeeting(event, 'view-create', view.id, { name: view.name, shared: view.shared });
			return json({ view }, { status: 201 });
		});
	})) satisfies RequestHandler;
