import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Makes an earlier version of a saved view current again (its owner): `{ version, baseVersion }` → `{ view }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		await services().views.authorise(event.params.id, layers);
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		return write(event, async () => {
			const view = await services().views.restore(event.params.id, body.version, body.baseVersion, layers);
			await auditMeeting(event, 'view-restore', view.id, { restored: body.version, version: view.version, changed: await services().views.lastChanged(view.id) });
			return json({ view });
		});
	})) satisfies RequestHandler;
