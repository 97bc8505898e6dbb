import { json } from '@sveltejs/kit';
import { requireLagesbildEdit } from '$lib/server/auth/access';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYear } from '$lib/server/report/summary-store';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Makes an earlier version of one area current again: `{ version, baseVersion }` → `{ area }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		requireLagesbildEdit(viewerOf(event));
		const year = editionYear(event.params.year);
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		const layers = layersFor(event);
		return write(event, async () => {
			const area = await services().plan.restore(year, event.params.id, body.version, body.baseVersion, layers);
			await audit(event, { action: 'plan-area-restore', target: `${year}/${area.id}`, detail: { restored: body.version, version: area.version } });
			return json({ area });
		});
	})) satisfies RequestHandler;
