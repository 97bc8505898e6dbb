import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { ViewChange } from '$lib/server/meetings/meeting-input';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { savedViewStore } from '$lib/server/meetings/view-store';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Changes a saved view (the account that saved it): `{ baseVersion, name?, query?, shared? }` →
 * `{ view }`, a new version; its query is checked as a new view's. A stale baseVersion is a 409.
 */
export const PATCH = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		savedViewStore().authorise(event.params.id, layers);
		const body = await readWrite(event.request, ViewChange, 8_192);
		const view = savedViewStore().update(event.params.id, body, layers);
		auditMeeting(event, 'view-update', view.id, { version: view.version, changed: savedViewStore().lastChanged(view.id) });
		return json({ view });
	})) satisfies RequestHandler;

/** Deletes a saved view (its owner, or an admin of the owner's organisation); the history keeps it. */
export const DELETE = ((event) =>
	answerMeeting(() => {
		requireRole(event, 'redaktör');
		savedViewStore().remove(event.params.id, layersFor(event));
		auditMeeting(event, 'view-delete', event.params.id);
		return json({ deleted: event.params.id });
	})) satisfies RequestHandler;
