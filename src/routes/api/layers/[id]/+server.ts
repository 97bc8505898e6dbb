import { answer, cachedResponse } from '$lib/server/http';
import { layersFor } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/** One layer as a GeoJSON FeatureCollection, with ETag and compression. */
export const GET = ((event) =>
	answer(() => {
		const layer = layersFor(event).get(event.params.id);
		return cachedResponse(event.request, layer.json, layer.etag, 'application/geo+json; charset=utf-8');
	})) satisfies RequestHandler;
