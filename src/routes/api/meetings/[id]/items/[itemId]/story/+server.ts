import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { measureStore } from '$lib/server/measures/measure-store';
import { meetingStore } from '$lib/server/meetings/meeting-store';
import { answerMeeting } from '$lib/server/meetings/respond';
import { placeStory } from '$lib/server/meetings/story';
import type { RequestHandler } from './$types';

/**
 * An agenda item's story across the scene years (only layers the viewer may see), the insecure
 * places near it and its open measures: `{ itemYear, years, nearby, measures }`.
 */
export const GET = ((event) =>
	answerMeeting(() => {
		const layers = layersFor(event);
		const item = meetingStore().item(event.params.id, event.params.itemId, layers);
		return json(placeStory(layers, measureStore(), item));
	})) satisfies RequestHandler;
