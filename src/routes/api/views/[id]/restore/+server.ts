import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { savedViewStore } from '$lib/server/meetings/view-store';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** Makes an earlier version of a saved view current again (its owner): `{ version, baseVersion }` → `{ view }`. */
export const POST = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		savedViewStore().authorise(event.params.id, layers);
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		const view = savedViewStore().restore(event.params.id, body.version, body.baseVersion, layers);
		auditMeeting(event, 'view-restore', view.id, { restored: body.version, version: view.version, changed: savedViewStore().lastChanged(view.id) });
		return json({ view });
	})) satisfies RequestHandler;
