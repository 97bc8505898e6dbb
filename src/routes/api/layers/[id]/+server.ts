import { answer, cachedResponse } from '$lib/server/http';
import { auditBulkRead, layersFor } from '$lib/server/guard';
import { LAYER_CONTENT_TYPE } from '$lib/server/layer-fast-path';
import type { RequestHandler } from './$types';

/**
 * One layer as a GeoJSON FeatureCollection, with ETag and compression. The same bytes as the
 * export: reading a layer that is not visible to all partners is logged once per session.
 * Most reads are answered before SvelteKit, with the same decisions (layer-fast-path.ts); this
 * answers the rest: the first read to log, a refusal, a hidden layer, HEAD.
 */
export const GET = ((event) =>
	answer(async () => {
		const layer = layersFor(event).served(event.params.id);
		await auditBulkRead(event, { ...layer.summary, visibleTo: layer.visibleTo }, 'geojson');
		return cachedResponse(event.request, layer.json, layer.etag, LAYER_CONTENT_TYPE);
	})) satisfies RequestHandler;
