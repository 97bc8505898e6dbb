import { cachedResponse, jsonError } from '$lib/server/http';
import { layerService, LayerNotFoundError } from '$lib/server/layer-service';
import type { RequestHandler } from './$types';

/** One layer as a GeoJSON FeatureCollection, with ETag and compression. */
export const GET = (({ params, request }) => {
	try {
		const layer = layerService().get(params.id);
		return cachedResponse(request, layer.json, layer.etag, 'application/geo+json; charset=utf-8');
	} catch (err) {
		if (err instanceof LayerNotFoundError) return jsonError(404, err.message, { id: err.id });
		throw err;
	}
}) satisfies RequestHandler;
