import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every version of a saved view (name, query, sharing), oldest first: `{ history }` – to the account that saved it. */
export const GET = ((event) => answer(async () => json({ history: await services().views.history(event.params.id, layersFor(event)) }))) satisfies RequestHandler;
