import { viewerOf } from '$lib/server/guard';
import { itemResponse, ogcAnswer } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** One feature, in CRS84 or (crs=…/3006) SWEREF 99 TM. */
export const GET = ((event) =>
	ogcAnswer(() => {
		viewerOf(event);
		return itemResponse(event, event.params.collectionId, event.params.featureId);
	})) satisfies RequestHandler;
