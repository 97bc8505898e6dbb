import { json } from '@sveltejs/kit';
import { layersFor, requireRole } from '$lib/server/guard';
import { meetingStore } from '$lib/server/meetings/meeting-store';
import { answerMeeting, auditMeeting } from '$lib/server/meetings/respond';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Makes an earlier version of the meeting current again (the owner): `{ version, baseVersion }` →
 * `{ meeting }` with a new version; a stale baseVersion is a 409 with the meeting as it is now.
 */
export const POST = ((event) =>
	answerMeeting(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		meetingStore().authorise(event.params.id, 'details', layers);
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		const meeting = meetingStore().restore(event.params.id, body.version, body.baseVersion, layers);
		auditMeeting(event, 'meeting-restore', meeting.id, { restored: body.version, version: meeting.version, changed: meetingStore().lastChanged('meeting', meeting.id) });
		return json({ meeting });
	})) satisfies RequestHandler;
