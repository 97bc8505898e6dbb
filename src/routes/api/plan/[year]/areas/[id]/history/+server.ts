import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYear } from '$lib/server/report/summary-store';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every saved version of one area of the year's action plan, oldest first: `{ history }`. */
export const GET = ((event) =>
	answer(async () => json({ history: await services().plan.history(editionYear(event.params.year), event.params.id, layersFor(event)) }))) satisfies RequestHandler;
