import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { meetingStore } from '$lib/server/meetings/meeting-store';
import { answerMeeting } from '$lib/server/meetings/respond';
import type { RequestHandler } from './$types';

/** Every version of the meeting – its details, who took part and the agenda's order – oldest first: `{ history }`. */
export const GET = ((event) => answerMeeting(() => json({ history: meetingStore().history(event.params.id, layersFor(event)) }))) satisfies RequestHandler;
