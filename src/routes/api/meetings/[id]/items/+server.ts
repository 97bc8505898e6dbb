import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { NewItem } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Adds a place at the end of the agenda: `{ kind: 'feature', layerId, featureId }` (an object on
 * the map the viewer can see) or `{ kind: 'area', title, geometry: Polygon }` (drawn for the meeting).
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		await services().meetings.authorise(event.params.id, 'add-item', layers);
		const body = await readWrite(event.request, NewItem, 500_000);
		return write(event, async () => {
			const item = await services().meetings.addItem(event.params.id, body, layers);
			await auditMeeting(event, 'agenda-item-create', `${event.params.id}/${item.id}`, { kind: item.kind, layerId: item.layerId, featureId: item.featureId });
			return json({ item }, { status: 201 });
		});
	})) satisfies RequestHandler;
