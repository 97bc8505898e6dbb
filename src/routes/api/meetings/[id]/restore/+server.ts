import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Makes an earlier version of the meeting current again (the owner): `{ version, baseVersion }` →
 * `{ meeting }` with a new version; a stale baseVersion is a 409 with the meeting as it is now.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		await services().meetings.authorise(event.params.id, 'details', layers);
		const body = await readWrite(event.request, WRITE_SCHEMAS.restore, 4_096);
		return write(event, async () => {
			const meeting = await services().meetings.restore(event.params.id, body.version, body.baseVersion, layers);
			await auditMeeting(event, 'meeting-restore', meeting.id, { restored: body.version, version: meeting.version, changed: await services().meetings.lastChanged('meeting', meeting.id) });
			return json({ meeting });
		});
	})) satisfies RequestHandler;
