import { viewerOf } from '$lib/server/guard';
import { collectionsDocument, ogcAnswer, ogcJson } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** One collection per layer the viewer may see, then measures and walk findings. */
export const GET = ((event) =>
	ogcAnswer(async () => {
		viewerOf(event);
		return ogcJson(await collectionsDocument(event));
	})) satisfies RequestHandler;
