import { viewerOf } from '$lib/server/guard';
import { openApiDocument } from '$lib/server/ogc/openapi';
import { ogcAnswer, ogcJson, OPENAPI_TYPE } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** The service's OpenAPI 3.0 definition. */
export const GET = ((event) =>
	ogcAnswer(() => {
		viewerOf(event);
		return ogcJson(openApiDocument(event.url.origin), OPENAPI_TYPE);
	})) satisfies RequestHandler;
