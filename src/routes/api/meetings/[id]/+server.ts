import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { MeetingChange } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The meeting with its agenda; items on layers the viewer may not see are `hidden`. */
export const GET = ((event) => answer(async () => json({ meeting: await services().meetings.get(event.params.id, layersFor(event)) }))) satisfies RequestHandler;

/**
 * Changes the meeting's details and who takes part (its owner): `{ baseVersion, title?, date?,
 * participants?, organisationIds? }`; the owner stays among organisationIds.
 */
export const PATCH = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		// An unknown or invisible meeting is a 404, another organisation's a 403, before the body is read.
		await services().meetings.authorise(event.params.id, 'details', layers);
		const body = await readWrite(event.request, MeetingChange, 64_000);
		return write(event, async () => {
			const meeting = await services().meetings.update(event.params.id, body, layers);
			await auditMeeting(event, 'meeting-update', meeting.id, { version: meeting.version, changed: await services().meetings.lastChanged('meeting', meeting.id) });
			return json({ meeting });
		});
	})) satisfies RequestHandler;
