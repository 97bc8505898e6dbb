/**
 * The one way the browser asks the app's API. Every request is answered with a result the UI
 * can act on instead of an exception:
 *
 *   { ok: true, value }                      what `pick` took from the answer
 *   { ok: false, kind: 'conflict', current } 409: someone saved first; `current` is the object now
 *                                            (null when it was deleted meanwhile)
 *   { ok: false, kind: 'invalid', field }    400: the field (or query parameter) the server named
 *   { ok: false, kind: 'failed', status }    anything else, status 0 when the server is not reached
 *   { ok: false, kind: 'aborted' }           the caller's AbortSignal fired: show nothing
 *
 * `message` is always the server's Swedish message (or one of ours). A 401 means the session
 * ended: the page is told once (session-client `noticeExpiry`) and goes back to the login form.
 * Requests are not answered from the HTTP cache (a cached object would give a stale version),
 * unless the caller asks for revalidation (`cache: 'no-cache'`, a layer with its ETag).
 */
import { noticeExpiry } from '$lib/session-client';

interface Failure<K extends string> {
	ok: false;
	kind: K;
	status: number;
	message: string;
	/** The field or query parameter a 400 named, else null. */
	field: string | null;
	/** What was wrong, row by row, with a refused file (imports), else empty. Each import names its own fields. */
	problems: Problem[];
	/** Seconds to wait, on a 429. */
	retryAfterSeconds: number | null;
	/** The whole answer, for what a refusal carries beside its message (an import's preview on a 422). */
	details: Record<string, unknown>;
}

export type ApiFailure<C = unknown> =
	| (Failure<'conflict'> & { current: C | null })
	| (Failure<'invalid' | 'failed' | 'aborted'> & { current?: undefined });

export type ApiResult<T, C = unknown> = { ok: true; value: T } | ApiFailure<C>;

export const NOT_REACHED = 'Servern svarar inte. Kontrollera anslutningen och försök igen.';

/** One problem in a refused file: a message, and where (a row, a feature). */
export interface Problem {
	message: string;
	row?: number;
	feature?: number | null;
}

/** The answer's body: JSON, or the empty object for a 204 or a body that is not JSON. */
type Body = Record<string, unknown>;

/**
 * One request; `json()` makes a JSON body, FormData goes as it is. `quietOn401`: a 401 here is
 * an answer (a wrong password; a logout of a session already ended), not the end of a session,
 * so the page is not told.
 */
export async function request<T, C = unknown>(
	url: string,
	init: RequestInit = {},
	pick: (body: Body) => T = (body) => body as T,
	{ quietOn401 = false }: { quietOn401?: boolean } = {}
): Promise<ApiResult<T, C>> {
	let response: Response;
	try {
		response = await fetch(url, { cache: 'no-store', ...init });
	} catch (err) {
		if ((err as Error).name === 'AbortError') return failure('aborted', 0, '', {});
		return failure('failed', 0, NOT_REACHED, {});
	}
	let body: Body = {};
	try {
		body = (await response.json()) as Body;
	} catch (err) {
		// Cancelled while the answer was arriving: as if before.
		if ((err as Error).name === 'AbortError' || init.signal?.aborted) return failure('aborted', 0, '', {});
		// A 204 (or an error page) has no JSON; a 2xx that should have had it is not a success.
		if (response.ok && response.status !== 204) return failure('failed', response.status, 'Serverns svar gick inte att läsa. Försök igen.', {});
	}
	if (response.ok) return { ok: true, value: pick(body) };
	const message = typeof body.message === 'string' ? body.message : `Servern svarade ${response.status}.`;
	if (!quietOn401) noticeExpiry(response.status);
	if (response.status === 409 && 'current' in body) return { ...failure('conflict', 409, message, body), current: (body.current as C | null) ?? null };
	return failure(response.status === 400 ? 'invalid' : 'failed', response.status, message, body);
}

function failure<K extends 'conflict' | 'invalid' | 'failed' | 'aborted'>(kind: K, status: number, message: string, body: Body): Failure<K> {
	// Feature and account errors name a `field`; errors in the request itself a `param`.
	const field = typeof body.field === 'string' ? body.field : typeof body.param === 'string' ? body.param : null;
	const problems = Array.isArray(body.problems) ? (body.problems as Problem[]) : [];
	const retryAfterSeconds = typeof body.retryAfterSeconds === 'number' ? body.retryAfterSeconds : null;
	return { ok: false, kind, status, message, field, problems, retryAfterSeconds, details: body };
}

/** A request with a JSON body. */
export const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** GET, optionally cancellable. */
export const get = (signal?: AbortSignal): RequestInit => ({ method: 'GET', signal });

/**
 * A file the server makes (a PDF, a CSV): the bytes, or the server's message. Not through
 * `request`, whose answers are JSON; the one place a download is fetched whole.
 */
export async function download(url: string): Promise<{ ok: true; blob: Blob } | { ok: false; message: string }> {
	let response: Response;
	try {
		response = await fetch(url, { cache: 'no-store' });
	} catch {
		return { ok: false, message: NOT_REACHED };
	}
	if (response.ok) return { ok: true, blob: await response.blob() };
	noticeExpiry(response.status);
	const body = (await response.json().catch(() => ({}))) as { message?: string };
	return { ok: false, message: body.message ?? `Servern svarade ${response.status}.` };
}
