import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { Order } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Puts the agenda in a new order (the meeting's owner): `{ baseVersion (the meeting's), itemIds }` naming every item once. */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		await services().meetings.authorise(event.params.id, 'order', layers);
		const body = await readWrite(event.request, Order, 64_000);
		return write(event, async () => {
			const meeting = await services().meetings.reorder(event.params.id, body.baseVersion, body.itemIds, layers);
			await auditMeeting(event, 'agenda-reorder', meeting.id, { version: meeting.version, changed: ['itemIds'] });
			return json({ meeting });
		});
	})) satisfies RequestHandler;
