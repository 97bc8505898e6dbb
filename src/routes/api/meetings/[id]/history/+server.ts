import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every version of the meeting – its details, who took part and the agenda's order – oldest first: `{ history }`. */
export const GET = ((event) => answer(async () => json({ history: await services().meetings.history(event.params.id, layersFor(event)) }))) satisfies RequestHandler;
