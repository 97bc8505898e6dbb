import { answer, cachedResponse } from '$lib/server/http';
import { auditBulkRead, layersFor } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/**
 * One layer as a GeoJSON FeatureCollection, with ETag and compression. The same bytes as the
 * export: reading a layer that is not visible to all partners is logged once per session.
 */
export const GET = ((event) =>
	answer(() => {
		const layer = layersFor(event).served(event.params.id);
		auditBulkRead(event, { ...layer.summary, visibleTo: layer.visibleTo }, 'geojson');
		return cachedResponse(event.request, layer.json, layer.etag, 'application/geo+json; charset=utf-8');
	})) satisfies RequestHandler;
