import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Makes an earlier version of an agenda item current again (an organisation taking part):
 * `{ version, baseVersion }` → `{ item }`. A removed item comes back at the end of the agenda
 * (its baseVersion is the removal's version).
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, itemId } = event.params;
		const layers = layersFor(event);
		await services().meetings.authorise(id, 'restore-item', layers);
		// A hidden or unknown item is a 404 before the body is read.
		await services().meetings.itemHistory(id, itemId, layers);
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		return write(event, async () => {
			const item = await services().meetings.restoreItem(id, itemId, body.version, body.baseVersion, layers);
			await auditMeeting(event, 'agenda-item-restore', `${id}/${itemId}`, { restored: body.version, version: item.version, changed: await services().meetings.lastChanged('agenda-item', itemId) });
			return json({ item });
		});
	})) satisfies RequestHandler;
