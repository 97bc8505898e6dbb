import { jsonError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Any other /api path: a JSON 404 rather than the HTML error page. */
const notFound = (({ params }) =>
	jsonError(404, `Det finns inget API på /api/${params.rest}. Se /api/layers.`)) satisfies RequestHandler;

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
