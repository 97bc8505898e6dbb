import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { ViewChange } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Changes a saved view (the account that saved it): `{ baseVersion, name?, query?, shared? }` →
 * `{ view }`, a new version; its query is checked as a new view's. A stale baseVersion is a 409.
 */
export const PATCH = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		await services().views.authorise(event.params.id, layers);
		const body = await readWrite(event.request, ViewChange, 8_192);
		return write(event, async () => {
			const view = await services().views.update(event.params.id, body, layers);
			await auditMeeting(event, 'view-update', view.id, { version: view.version, changed: await services().views.lastChanged(view.id) });
			return json({ view });
		});
	})) satisfies RequestHandler;

/** Deletes a saved view (its owner, or an admin of the owner's organisation); the history keeps it. */
export const DELETE = ((event) =>
	answer(() => {
		requireRole(event, 'redaktör');
		return write(event, async () => {
			await services().views.remove(event.params.id, layersFor(event));
			await auditMeeting(event, 'view-delete', event.params.id);
			return json({ deleted: event.params.id });
		});
	})) satisfies RequestHandler;
