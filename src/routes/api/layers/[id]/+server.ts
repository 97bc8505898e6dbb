import { answer, cachedResponse } from '$lib/server/http';
import { layerService } from '$lib/server/layer-service';
import type { RequestHandler } from './$types';

/** One layer as a GeoJSON FeatureCollection, with ETag and compression. */
export const GET = (({ params, request }) =>
	answer(() => {
		const layer = layerService().get(params.id);
		return cachedResponse(request, layer.json, layer.etag, 'application/geo+json; charset=utf-8');
	})) satisfies RequestHandler;
