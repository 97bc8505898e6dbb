import { ogcError } from '$lib/server/ogc/respond';
import type { RequestHandler } from './$types';

/** Any other /ogc path: an OGC exception (JSON 404) rather than the HTML error page. */
export const GET = (({ params }) => ogcError(404, `Det finns inget på /ogc/${params.rest.slice(0, 80)}. Börja på /ogc (startsidan) eller /ogc/collections.`)) satisfies RequestHandler;
