import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answerMeeting } from '$lib/server/meetings/respond';
import { savedViewStore } from '$lib/server/meetings/view-store';
import type { RequestHandler } from './$types';

/** Every version of a saved view (name, query, sharing), oldest first: `{ history }` – to the account that saved it. */
export const GET = ((event) => answerMeeting(() => json({ history: savedViewStore().history(event.params.id, layersFor(event)) }))) satisfies RequestHandler;
