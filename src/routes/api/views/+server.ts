import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { NewView } from '$lib/server/meetings/meeting-input';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { savedViewStore } from '$lib/server/meetings/view-store';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** The viewer's saved views and the shared views of colleagues showing only layers the viewer may see. */
export const GET = ((event) => answerMeeting(() => json({ views: savedViewStore().list(layersFor(event)) }))) satisfies RequestHandler;

/** Saves a view: `{ name, query (e.g. "lager=stadsdelar,drogscener&ar=2023&karta=14/59.4/17.9"), shared? }`. */
export const POST = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const body = await readWrite(event.request, NewView, 8_192);
		const view = savedViewStore().create(body, layersFor(event));
		auditMeeting(event, 'view-create', view.id, { name: view.name, shared: view.shared });
		return json({ view }, { status: 201 });
	})) satisfies RequestHandler;
