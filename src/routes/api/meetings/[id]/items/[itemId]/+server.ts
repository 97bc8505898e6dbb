import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { ItemChange, Removal } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Notes (and, for a drawn area, the title) of one agenda item, by an organisation taking part: `{ baseVersion (the item's), notes?, title? }`. */
export const PATCH = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, itemId } = event.params;
		const layers = layersFor(event);
		await services().meetings.authorise(id, 'notes', layers, itemId);
		const body = await readWrite(event.request, ItemChange, 100_000);
		return write(event, async () => {
			const item = await services().meetings.updateItem(id, itemId, body, layers);
			await auditMeeting(event, 'agenda-item-update', `${id}/${itemId}`, { version: item.version, changed: await services().meetings.lastChanged('agenda-item', itemId) });
			return json({ item });
		});
	})) satisfies RequestHandler;

/** Takes an item off the agenda (the owner, or the organisation that added it): `{ baseVersion }`; an item with decisions stays (409). */
export const DELETE = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, itemId } = event.params;
		const layers = layersFor(event);
		await services().meetings.authorise(id, 'remove-item', layers, itemId);
		const body = await readWrite(event.request, Removal, 4_096);
		return write(event, async () => {
			const result = await services().meetings.removeItem(id, itemId, body.baseVersion, layers);
			await auditMeeting(event, 'agenda-item-delete', `${id}/${itemId}`);
			return json(result);
		});
	})) satisfies RequestHandler;
