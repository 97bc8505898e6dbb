import { json } from '@sveltejs/kit';
import { requireLagesbildEdit } from '$lib/server/auth/access';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Makes an earlier version of an imported indicator current again: `{ version, baseVersion }` → `{ indicator }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		requireLagesbildEdit(viewerOf(event));
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		const layers = layersFor(event);
		return write(event, async () => {
			const indicator = await services().indicators.restore(event.params.id, body.version, body.baseVersion, layers.viewer, layers.by);
			await audit(event, { action: 'indicator-restore', target: indicator.id, detail: { restored: body.version, version: indicator.version } });
			return json({ indicator });
		});
	})) satisfies RequestHandler;
