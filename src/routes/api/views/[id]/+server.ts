import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { savedViewStore } from '$lib/server/meetings/view-store';
import type { RequestHandler } from './$types';

/** Deletes a saved view (its owner, or an admin). */
export const DELETE = ((event) =>
	answerMeeting(() => {
		requireRole(event, 'redaktör');
		savedViewStore().remove(event.params.id, layersFor(event));
		auditMeeting(event, 'view-delete', event.params.id);
		return json({ deleted: event.params.id });
	})) satisfies RequestHandler;
