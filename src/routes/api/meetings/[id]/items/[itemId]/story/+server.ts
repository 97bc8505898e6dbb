import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { placeStory } from '$lib/server/meetings/story';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * An agenda item's story across the scene years (only layers the viewer may see), the insecure
 * places near it and its open measures: `{ itemYear, years, nearby, measures }`.
 */
export const GET = ((event) =>
	answer(async () => {
		const layers = layersFor(event);
		const item = await services().meetings.item(event.params.id, event.params.itemId, layers);
		return json(await placeStory(layers, services().measures, item));
	})) satisfies RequestHandler;
