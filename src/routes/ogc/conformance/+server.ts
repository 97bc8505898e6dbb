import { viewerOf } from '$lib/server/guard';
import { CONFORMANCE, ogcAnswer, ogcJson } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** The conformance classes the service implements (Part 1 core, GeoJSON, OpenAPI 3.0; Part 2 CRS). */
export const GET = ((event) =>
	ogcAnswer(() => {
		viewerOf(event);
		return ogcJson({ conformsTo: CONFORMANCE });
	})) satisfies RequestHandler;
