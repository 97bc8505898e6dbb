import { json } from '@sveltejs/kit';
import { layersFor, requireRole, write } from '$lib/server/guard';
import { NewMeeting } from '$lib/server/meetings/meeting-input';
import { answer } from '$lib/server/http';
import { auditMeeting } from '$lib/server/meetings/respond';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The meetings the viewer's organisation takes part in (all, for an admin), newest first. */
export const GET = ((event) => answer(async () => json({ meetings: await services().meetings.list(layersFor(event)) }))) satisfies RequestHandler;

/** A new meeting: `{ title, date: 'YYYY-MM-DD', participants: string[], organisationIds: string[] }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const body = await readWrite(event.request, NewMeeting, 64_000);
		return write(event, async () => {
			const meeting = await services().meetings.create(body, layersFor(event));
			await auditMeeting(event, 'meeting-create', meeting.id, { title: meeting.title, date: meeting.date });
			return json({ meeting }, { status: 201 });
		});
	})) satisfies RequestHandler;
