/**
 * HTTP helpers for the API: JSON errors a person can act on, conditional GET and compression.
 * adapter-node compresses only static files, so dynamic bodies are compressed here, once per
 * (etag, encoding), and kept: layers change rarely and are read at every page load.
 */
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { json } from '@sveltejs/kit';
import { AnalysisInputError } from '$lib/analysis/errors';
import { ImportError } from '$lib/geo/import';
import { parseJsonSafely } from '$lib/geo/import/safe-json';
import { PhotoError } from './measures/photo';
import {
	BadParamError,
	ConflictError,
	ForbiddenError,
	InvalidFeatureError,
	LayerNotFoundError,
	NotFoundError,
	RefusedInputError,
	TransitionError,
	UnauthenticatedError,
	UnavailableError,
	databaseGone,
	nulRefused,
	VersionConflictError
} from './errors';

/** A JSON error body `{ message }` with the given status. */
export function jsonError(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
	return json({ message, ...extra }, { status, headers });
}

export type Encoding = 'br' | 'gzip' | 'identity';

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

/** The body as UTF-8 bytes, kept like the compressed ones (encoded once per etag). */
function identity(body: string, etag: string): Uint8Array {
	const key = `identity:${etag}`;
	let bytes = compressed.get(key);
	if (!bytes) {
		bytes = new TextEncoder().encode(body);
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

/** The headers of a kept body (cachedResponse, and the layer read in layer-fast-path.ts). */
export function keptBodyHeaders(etag: string, contentType: string): Record<string, string> {
	return { etag, 'cache-control': 'private, no-cache', vary: 'Accept-Encoding', 'content-type': contentType };
}

/** A kept body's bytes in an encoding, made once per (etag, encoding). */
export function encodedBody(body: string, etag: string, encoding: Encoding): Uint8Array {
	return encoding === 'identity' ? identity(body, etag) : compress(body, etag, encoding);
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
	const headers = new Headers(keptBodyHeaders(etag, contentType));
	if (matchesEtag(request.headers.get('if-none-match'), etag)) {
		return new Response(null, { status: 304, headers });
	}
	const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
	const bytes = encodedBody(body, etag, encoding);
	if (encoding !== 'identity') headers.set('content-encoding', encoding);
	// With its length the body goes out with the headers in one write, not chunked (as a static file does).
	headers.set('content-length', String(bytes.byteLength));
	return new Response(bytes as BodyInit, { headers });
}

/**
 * The one mapping from refusals to HTTP (see errors.ts for the table): a domain error, a bad body,
 * or a pure library's refusal (analysis input, an import file, a photo) becomes a 4xx JSON
 * `{ message, … }`; anything else is not an answer but a bug (null: the caller rethrows, 500).
 */
export function errorResponse(err: unknown): Response | null {
	if (err instanceof UnauthenticatedError) return jsonError(401, err.message);
	if (err instanceof ForbiddenError) return jsonError(403, err.message);
	if (err instanceof LayerNotFoundError) return jsonError(404, err.message, { id: err.id });
	if (err instanceof NotFoundError) return jsonError(404, err.message);
	if (err instanceof InvalidFeatureError) return jsonError(400, err.message, err.field ? { field: err.field } : {});
	if (err instanceof TransitionError) return jsonError(400, err.message, { field: err.field, allowed: err.allowed });
	if (err instanceof BadParamError) return jsonError(400, err.message, { param: err.param, ...(err.allowed ? { allowed: err.allowed } : {}) });
	if (err instanceof VersionConflictError) return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current, yours: err.yours });
	if (err instanceof ConflictError) return jsonError(409, err.message);
	if (err instanceof RefusedInputError) return jsonError(422, err.message, err.details);
	if (err instanceof BadBodyError) return jsonError(err.status, err.message);
	if (err instanceof AnalysisInputError) return jsonError(422, err.message, { code: err.code });
	if (err instanceof ImportError) return jsonError(err.status, err.message, { code: err.code, problems: err.problems });
	if (err instanceof PhotoError) return jsonError(err.status, err.message);
	if (nulRefused(err)) return jsonError(400, 'En text i förfrågan innehåller ett osynligt nolltecken (NUL), som inte kan sparas. Ta bort det och skicka igen.');
	if (err instanceof UnavailableError) return jsonError(503, err.message, {}, { 'retry-after': '5' });
	if (databaseGone(err)) {
		console.error('The database did not answer:', err);
		return jsonError(503, new UnavailableError().message, {}, { 'retry-after': '5' });
	}
	return null;
}

/** Runs an endpoint: what errorResponse maps is answered, any other error stays a 500 (logged by SvelteKit). */
export async function answer(handler: () => Response | Promise<Response>): Promise<Response> {
	try {
		return await handler();
	} catch (err) {
		const response = errorResponse(err);
		if (response) return response;
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

/**
 * Deepest nesting a JSON body may have. The deepest thing the API takes is a MultiPolygon inside
 * a feature inside a body (8 levels); a bound well above that stops a 200 000-deep array before
 * JSON.parse and the recursive code after it (valibot, Turf) could overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** "512 byte", "391 kB", "24,0 MB". */
function megabytes(bytes: number): string {
	if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1).replace('.', ',')} MB`;
	return bytes >= 10_000 ? `${Math.round(bytes / 1000)} kB` : `${bytes} byte`;
}

const tooLarge = (maxBytes: number) => new BadBodyError(413, `Förfrågan är större än ${megabytes(maxBytes)}, som är det mesta som tas emot här.`);

/** What a failed read of the request body means for the sender (adapter-node's BODY_SIZE_LIMIT is a 413 too). */
export function readFailure(err: unknown, maxBytes: number): BadBodyError {
	if (err instanceof BadBodyError) return err;
	if ((err as { status?: unknown } | null)?.status === 413) return tooLarge(maxBytes);
	return new BadBodyError(400, 'Förfrågan avbröts innan hela innehållet kom fram. Skicka den igen.');
}

/**
 * The request body as a stream that ends in a 413 as soon as more than `maxBytes` have arrived:
 * the size is enforced while the body streams in, so a chunked upload (no Content-Length) is cut
 * off at the limit instead of being held whole first (4 parallel 24 MB uploads held ~290 MB).
 * A declared Content-Length over the limit is refused before anything is read.
 *
 * What is left after the limit is read and thrown away, not cancelled: adapter-node destroys the
 * socket when its body stream is cancelled, and the sender would never hear the 413.
 */
export function limitedBody(request: Request, maxBytes: number): ReadableStream<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? 0);
	if (declared > maxBytes) throw new BadBodyError(413, `Förfrågan är ${megabytes(declared)}; högst ${megabytes(maxBytes)} tas emot här.`);
	const body = request.body;
	if (!body) return new ReadableStream({ start: (controller) => controller.close() });
	const reader = body.getReader();
	let received = 0;
	const discardRest = () => {
		void (async () => {
			try {
				while (!(await reader.read()).done);
			} catch {
				// the sender went away, or adapter-node's own limit ended the stream: nothing to keep
			}
		})();
	};
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			let chunk: ReadableStreamReadResult<Uint8Array>;
			try {
				chunk = await reader.read();
			} catch (err) {
				return controller.error(readFailure(err, maxBytes));
			}
			if (chunk.done) return controller.close();
			received += chunk.value.byteLength;
			if (received > maxBytes) {
				controller.error(tooLarge(maxBytes));
				return discardRest();
			}
			controller.enqueue(chunk.value);
		},
		cancel: discardRest
	});
}

/** The whole body as bytes, at most `maxBytes` (see limitedBody). */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
	try {
		return new Uint8Array(await new Response(limitedBody(request, maxBytes)).arrayBuffer());
	} catch (err) {
		throw readFailure(err, maxBytes);
	}
}

/**
 * Reads a JSON request body of at most `maxBytes` (enforced while it streams in) and at most
 * MAX_JSON_DEPTH levels deep, with a message a person can act on otherwise.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!JSON_TYPE.test(type)) {
		throw new BadBodyError(415, `Skicka JSON (Content-Type: application/json), inte ${JSON.stringify(type || 'ingen typ')}.`);
	}
	return parseJsonBody(await readBodyBytes(request, maxBytes));
}

/** The Content-Type of a JSON body. */
export const JSON_TYPE = /^application\/(geo\+)?json\b/i;

/** A JSON body's bytes as a value, at most MAX_JSON_DEPTH deep (readJsonBody, and write-fast-path.ts). */
export function parseJsonBody(bytes: Uint8Array): unknown {
	const text = new TextDecoder().decode(bytes);
	try {
		return parseJsonSafely(text, { maxDepth: MAX_JSON_DEPTH });
	} catch (err) {
		// parseJsonSafely names line, column and what was wrong ("NaN är inte ett tal i JSON", too deep);
		// its words are a file's, and this is a request.
		const reason = (err as Error).message.replace(/^Ogiltig JSON /, '').replace('Filen är troligen avkortad', 'Den är troligen avkortad');
		throw new BadBodyError(400, `Ogiltig JSON i förfrågan: ${reason}`);
	}
}
