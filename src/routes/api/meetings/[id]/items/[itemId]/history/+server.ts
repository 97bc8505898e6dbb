import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Every version of an agenda item (its title and notes), a removed one too, oldest first:
 * `{ history }`; 404 for an item on a layer the viewer may not see.
 */
export const GET = ((event) =>
	answer(async () => json({ history: await services().meetings.itemHistory(event.params.id, event.params.itemId, layersFor(event)) }))) satisfies RequestHandler;
