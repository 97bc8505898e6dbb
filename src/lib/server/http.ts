/**
 * HTTP helpers for the API: JSON errors a person can act on, conditional GET and compression.
 * adapter-node compresses only static files, so dynamic bodies are compressed here, once per
 * (etag, encoding), and kept: layers change rarely and are read at every page load.
 */
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { json } from '@sveltejs/kit';
import { AnalysisInputError } from '$lib/analysis/errors';
import { ImportError } from '$lib/geo/import';
import { ConflictError, NotFoundError, VersionConflictError } from './db/feature-store';
import { InvalidFeatureError, LayerNotFoundError } from './layer-service';
import { BadParamError } from './params';
import { ForbiddenError, UnauthenticatedError } from './auth/access';
import { DuplicateError, UnknownError } from './auth/account-store';
import { MeasureConflictError, TransitionError } from './measures/errors';
import { PhotoError } from './measures/photo';

/** A JSON error body `{ message }` with the given status. */
export function jsonError(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
	return json({ message, ...extra }, { status, headers });
}

type Encoding = 'br' | 'gzip' | 'identity';

/** Picks the best encoding the client accepts (honours q=0). */
export function negotiateEncoding(acceptEncoding: string | null): Encoding {
	if (!acceptEncoding) return 'identity';
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
	}
	const wildcard = accepted.get('*') ?? 0;
	const quality = (name: string) => accepted.get(name) ?? wildcard;
	if (quality('br') > 0) return 'br';
	if (quality('gzip') > 0) return 'gzip';
	return 'identity';
}

const compressed = new Map<string, Uint8Array>();
const MAX_CACHED = 256;

function compress(body: string, etag: string, encoding: Exclude<Encoding, 'identity'>): Uint8Array {
	const key = `${encoding}:${etag}`;
	let bytes = compressed.get(key);
	if (!bytes) {
		bytes =
			encoding === 'br'
				? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
				: gzipSync(body, { level: 9 });
		if (compressed.size >= MAX_CACHED) compressed.delete(compressed.keys().next().value!);
		compressed.set(key, bytes);
	}
	return bytes;
}

/** True when an If-None-Match header matches the etag (weak comparison, as RFC 9110 asks). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	if (ifNoneMatch.trim() === '*') return true;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => bare(tag) === bare(etag));
}

/**
 * Serves a precomputed body with ETag, 304 on a matching If-None-Match, and compression.
 * Cache-Control is `private, no-cache`: the data is for staff, so shared caches must not keep it,
 * and browsers revalidate each time (a cheap 304).
 */
export function cachedResponse(
	request: Request,
	body: string,
	etag: string,
	contentType: string
): Response {
	const headers = new Headers({
		etag,
		'cache-control': 'private, no-cache',
		vary: 'Accept-Encoding',
		'content-type': contentType
	});
	if (matchesEtag(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
	if (encoding === 'identity') return new Response(body, { headers });
	headers.set('content-encoding', encoding);
	const bytes = compress(body, etag, encoding);
	return new Response(bytes as BodyInit, { headers });
}

/**
 * Wraps an endpoint so the errors a person can act on become 4xx JSON with their message; any
 * other error stays a 500 (a bug), logged by SvelteKit.
 */
export async function answer(handler: () => Response | Promise<Response>): Promise<Response> {
	try {
		return await handler();
	} catch (err) {
		if (err instanceof UnauthenticatedError) return jsonError(401, err.message);
		if (err instanceof ForbiddenError) return jsonError(403, err.message);
		if (err instanceof DuplicateError) return jsonError(409, err.message);
		if (err instanceof UnknownError) return jsonError(404, err.message);
		if (err instanceof MeasureConflictError) return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current });
		if (err instanceof TransitionError) return jsonError(400, err.message, { field: 'status', allowed: err.allowed });
		if (err instanceof PhotoError) return jsonError(err.status, err.message);
		if (err instanceof BadParamError) {
			return jsonError(400, err.message, { param: err.param, ...(err.allowed ? { allowed: err.allowed } : {}) });
		}
		if (err instanceof LayerNotFoundError) return jsonError(404, err.message, { id: err.id });
		if (err instanceof AnalysisInputError) return jsonError(422, err.message, { code: err.code });
		if (err instanceof BadBodyError) return jsonError(err.status, err.message);
		if (err instanceof InvalidFeatureError) return jsonError(400, err.message, err.field ? { field: err.field } : {});
		if (err instanceof VersionConflictError) {
			return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current });
		}
		if (err instanceof ConflictError) return jsonError(409, err.message);
		if (err instanceof NotFoundError) return jsonError(404, err.message);
		if (err instanceof ImportError) return jsonError(err.status, err.message, { code: err.code, problems: err.problems });
		throw err;
	}
}

export class BadBodyError extends Error {
	constructor(
		readonly status: 400 | 413 | 415,
		message: string
	) {
		super(message);
	}
}

/** Reads a JSON request body of at most `maxBytes`, with a message a person can act on otherwise. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!/^application\/(geo\+)?json\b/i.test(type)) {
		throw new BadBodyError(415, `Skicka JSON (Content-Type: application/json), inte ${JSON.stringify(type || 'ingen typ')}.`);
	}
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > maxBytes) throw new BadBodyError(413, `Förfrågan är ${declared} byte; högst ${maxBytes} byte tas emot.`);
	const text = await request.text();
	if (Buffer.byteLength(text) > maxBytes) {
		throw new BadBodyError(413, `Förfrågan är större än ${maxBytes} byte.`);
	}
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new BadBodyError(400, `Ogiltig JSON: ${(err as Error).message}`);
	}
}
