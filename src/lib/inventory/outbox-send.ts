/**
 * Sending one outbox entry with fetch (the field mode's findings and photos, the reports): JSON for
 * a finding or report, multipart for a photo. A 401 is not the entry's fault: it throws
 * SessionEndedError, so `syncOutbox` stops and keeps the entry queued until the person has
 * logged in again.
 */
import type { OutboxEntry, SendResponse } from './outbox';

export class SessionEndedError extends Error {}

export async function sendEntry(entry: OutboxEntry, ended = 'Inloggningen har gått ut. Logga in igen; det du sparat ligger kvar i telefonen.'): Promise<SendResponse> {
	let init: RequestInit;
	if (entry.kind === 'photo') {
		const form = new FormData();
		form.set('file', entry.body.blob, entry.body.filename);
		form.set('clientId', entry.id);
		init = { method: entry.method, body: form };
	} else {
		init = { method: entry.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(entry.body) };
	}
	const response = await fetch(entry.url, { ...init, cache: 'no-store', credentials: 'same-origin' });
	const body = await response.json().catch(() => null);
	if (response.status === 401) throw new SessionEndedError(ended);
	return { status: response.status, body };
}

/**
 * Follows the connection for a page that sends a queue (the field mode, the report form): `online`
 * and `offline` as the browser reports them, and a retry every `retryMs` – 'online' does not fire
 * when a weak signal comes back slowly. Returns the teardown.
 */
export function watchConnection(handlers: { online: () => void; offline: () => void; retry: () => void }, retryMs: number): () => void {
	window.addEventListener('online', handlers.online);
	window.addEventListener('offline', handlers.offline);
	const timer = setInterval(handlers.retry, retryMs);
	return () => {
		window.removeEventListener('online', handlers.online);
		window.removeEventListener('offline', handlers.offline);
		clearInterval(timer);
	};
}
