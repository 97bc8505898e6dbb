import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { MeetingChange } from '$lib/server/meetings/meeting-input';
import { meetingStore } from '$lib/server/meetings/meeting-store';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** The meeting with its agenda; items on layers the viewer may not see are `hidden`. */
export const GET = ((event) => answerMeeting(() => json({ meeting: meetingStore().get(event.params.id, layersFor(event)) }))) satisfies RequestHandler;

/** Changes the meeting's details: `{ baseVersion, title?, date?, participants?, organisationIds? }`. */
export const PATCH = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		// An unknown or invisible meeting is a 404 before the body is read.
		meetingStore().get(event.params.id, layers);
		const body = await readWrite(event.request, MeetingChange, 64_000);
		const meeting = meetingStore().update(event.params.id, body, layers);
		auditMeeting(event, 'meeting-update', meeting.id, { version: meeting.version });
		return json({ meeting });
	})) satisfies RequestHandler;
