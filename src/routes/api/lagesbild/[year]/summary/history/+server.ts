import { json } from '@sveltejs/kit';
import { viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYear } from '$lib/server/report/summary-store';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every saved version of the year's summary, oldest first: `{ history }` (every account: the summary is in every edition). */
export const GET = ((event) =>
	answer(async () => {
		viewerOf(event);
		return json({ history: await services().reportSummaries.history(editionYear(event.params.year)) });
	})) satisfies RequestHandler;
