import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** Makes an earlier version current again: `{ version, baseVersion }` → a new version. */
export const POST = ((event) =>
	answer(async () => {
		// Role first: a läsare hears 403 whatever the body holds.
		requireRole(event, 'redaktör');
		// A hidden or unknown layer is a 404, an object the viewer may not change a 403, before the body is read: a 400 would tell it exists.
		layersFor(event).writableObject(event.params.id, event.params.fid);
		const { params } = event;
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore);
		return write(event, async () => {
			const feature = await layersFor(event).restoreFeature(params.id, params.fid, body.version, body.baseVersion);
			await audit(event, { action: 'feature-restore', target: `${params.id}/${params.fid}`, detail: { restored: body.version, version: feature.version } });
			return json({ feature });
		});
	})) satisfies RequestHandler;
