import { viewerOf } from '$lib/server/guard';
import { itemsResponse, ogcAnswer } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** A page of features: limit, offset, bbox (+ bbox-crs), crs, datetime and property filters. */
export const GET = ((event) =>
	ogcAnswer(() => {
		viewerOf(event);
		return itemsResponse(event, event.params.collectionId);
	})) satisfies RequestHandler;
