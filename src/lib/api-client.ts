/**
 * One JSON request to the app's API, answered with a result the UI can act on instead of an
 * exception: a 409 with the feature as it is now, a 400 with the field the server named, anything
 * else as a message. A 401 means the session ended: the page is told (session-client) and goes
 * back to the login form.
 */
import type { StoredFeature } from './feature-types';
import { noticeExpiry } from './session-client';

/** What a request came to. `conflict.current` is null when the feature was deleted meanwhile. */
export type ApiResult<T> =
	| { ok: true; value: T }
	| { ok: false; kind: 'conflict'; message: string; current: StoredFeature | null }
	| { ok: false; kind: 'invalid'; message: string; field: string | null }
	| { ok: false; kind: 'failed'; message: string; status: number; details?: Record<string, unknown> };

export type ApiFailure = Exclude<ApiResult<unknown>, { ok: true }>;

export async function call<T>(url: string, init: RequestInit, pick: (body: Record<string, unknown>) => T): Promise<ApiResult<T>> {
	let response: Response;
	try {
		response = await fetch(url, {
			...init,
			headers: init.body ? { 'content-type': 'application/json' } : undefined,
			// Versions must be read fresh: a cached feature would give a stale baseVersion.
			cache: 'no-store'
		});
	} catch {
		return { ok: false, kind: 'failed', status: 0, message: 'Servern svarar inte. Kontrollera anslutningen och försök igen.' };
	}
	// A 204 has no body: the empty object stands for it.
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	const message = typeof body.message === 'string' ? body.message : `Servern svarade ${response.status}.`;
	if (response.ok) return { ok: true, value: pick(body) };
	if (noticeExpiry(response.status)) return { ok: false, kind: 'failed', message, status: 401 };
	if (response.status === 409 && 'current' in body) {
		return { ok: false, kind: 'conflict', message, current: (body.current as StoredFeature | null) ?? null };
	}
	if (response.status === 400) {
		// Feature and account errors name a `field`; errors in the request itself a `param`.
		const field = typeof body.field === 'string' ? body.field : typeof body.param === 'string' ? body.param : null;
		return { ok: false, kind: 'invalid', message, field };
	}
	// A 422 carries what was refused beside the message (an import's problems per row).
	return { ok: false, kind: 'failed', message, status: response.status, details: body };
}

export const json = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) });
