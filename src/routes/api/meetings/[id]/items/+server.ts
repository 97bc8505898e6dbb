import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { NewItem } from '$lib/server/meetings/meeting-input';
import { meetingStore } from '$lib/server/meetings/meeting-store';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Adds a place at the end of the agenda: `{ kind: 'feature', layerId, featureId }` (an object on
 * the map the viewer can see) or `{ kind: 'area', title, geometry: Polygon }` (drawn for the meeting).
 */
export const POST = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		meetingStore().authorise(event.params.id, 'add-item', layers);
		const body = await readWrite(event.request, NewItem, 500_000);
		const item = meetingStore().addItem(event.params.id, body, layers);
		auditMeeting(event, 'agenda-item-create', `${event.params.id}/${item.id}`, { kind: item.kind, layerId: item.layerId, featureId: item.featureId });
		return json({ item }, { status: 201 });
	})) satisfies RequestHandler;
