import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Every version of the walk's plan (title, purpose, start, who takes part, stops), oldest first:
 * `{ history }`; stops on layers the viewer may not see are left out of every version.
 */
export const GET = ((event) => answer(async () => json({ history: await services().inventories.history(event.params.id, layersFor(event)) }))) satisfies RequestHandler;
