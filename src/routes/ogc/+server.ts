import { viewerOf } from '$lib/server/guard';
import { landingPage, ogcAnswer, ogcJson } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** OGC API – Features landing page (docs/ogc-api.md). */
export const GET = ((event) =>
	ogcAnswer(() => {
		viewerOf(event);
		return ogcJson(landingPage(event.url));
	})) satisfies RequestHandler;
