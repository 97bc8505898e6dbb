import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every version of an imported indicator, oldest first: `{ history }` (every account). */
export const GET = ((event) =>
	answer(async () => {
		viewerOf(event);
		return json({ history: await services().indicators.history(event.params.id) });
	})) satisfies RequestHandler;
