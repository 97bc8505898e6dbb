import { viewerOf } from '$lib/server/guard';
import { collectionDocument, ogcAnswer, ogcJson } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** One collection; a layer the viewer may not see is a 404 like an unknown id. */
export const GET = ((event) =>
	ogcAnswer(async () => {
		viewerOf(event);
		return ogcJson(await collectionDocument(event, event.params.collectionId));
	})) satisfies RequestHandler;
