import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { MeetingChange } from '$lib/server/meetings/meeting-input';
import { meetingStore } from '$lib/server/meetings/meeting-store';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** The meeting with its agenda; items on layers the viewer may not see are `hidden`. */
export const GET = ((event) => answerMeeting(() => json({ meeting: meetingStore().get(event.params.id, layersFor(event)) }))) satisfies RequestHandler;

/**
 * Changes the meeting's details and who takes part (its owner): `{ baseVersion, title?, date?,
 * participants?, organisationIds? }`; the owner stays among organisationIds.
 */
export const PATCH = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		// An unknown or invisible meeting is a 404, another organisation's a 403, before the body is read.
		meetingStore().authorise(event.params.id, 'details', layers);
		const body = await readWrite(event.request, MeetingChange, 64_000);
		const meeting = meetingStore().update(event.params.id, body, layers);
		auditMeeting(event, 'meeting-update', meeting.id, { version: meeting.version, changed: meetingStore().lastChanged('meeting', meeting.id) });
		return json({ meeting });
	})) satisfies RequestHandler;
