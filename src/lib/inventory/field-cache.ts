/**
 * What the field mode keeps on the phone so it works without network, shared by the page (which
 * decides what to keep) and the service worker (which answers from it when offline).
 *
 * - The app shell (built files, static files and the pages' HTML) is public and kept per app
 *   version (`shellCacheName`).
 * - Staff data (the session, the open inventory and what is known in its area) is kept only for
 *   the one inventory open in field mode, in `DATA_CACHE`; opening another replaces it, and
 *   logging out (or a session the server no longer knows) deletes it.
 */
export const DATA_CACHE = 'lageskartan-falt-data';
export const SHELL_PREFIX = 'lageskartan-skal-';

export const shellCacheName = (version: string) => `${SHELL_PREFIX}${version}`;

/** The API answers the field page reads, for one inventory. */
export function fieldDataUrls(inventoryId: string): string[] {
	const base = `/api/inventories/${encodeURIComponent(inventoryId)}`;
	return ['/api/session', base, `${base}/context`];
}

/** GET paths whose answers the service worker may keep in DATA_CACHE (and only when the page put them there). */
export function isFieldDataPath(pathname: string): boolean {
	return pathname === '/api/session' || /^\/api\/inventories\/[^/]+(\/context)?$/.test(pathname);
}

/**
 * Keeps this inventory's data on the device (and only this inventory's): fetched fresh and put
 * in DATA_CACHE, after which the service worker keeps those entries up to date and answers from
 * them offline. Resolves to false where the Cache API is missing (then offline reload will not work).
 */
export async function keepForField(inventoryId: string): Promise<boolean> {
	if (typeof caches === 'undefined' || !navigator.serviceWorker?.controller) return false;
	// The app itself first (the worker knows its files), then this inventory's data.
	const shell = await askWorker(navigator.serviceWorker.controller, { type: 'keep-shell' });
	if (!shell.ok) return false;
	const wanted = fieldDataUrls(inventoryId).map((path) => new URL(path, location.origin).href);
	const cache = await caches.open(DATA_CACHE);
	for (const request of await cache.keys()) {
		if (!wanted.includes(request.url)) await cache.delete(request);
	}
	for (const url of wanted) {
		const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
		if (!response.ok) return false;
		await cache.put(url, response);
	}
	// The page itself (the app shell at this address), so a reload offline finds it.
	const shellName = (await caches.keys()).find((name) => name.startsWith(SHELL_PREFIX));
	if (!shellName) return false;
	const page = await fetch(location.pathname, { cache: 'no-store', credentials: 'same-origin' });
	if (!page.ok) return false;
	await (await caches.open(shellName)).put(location.pathname, page);
	return true;
}

/** A message to the service worker and its answer (over a MessageChannel). */
function askWorker(worker: ServiceWorker, message: unknown): Promise<{ ok: boolean; message?: string }> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = (event) => resolve(event.data as { ok: boolean });
		worker.postMessage(message, [channel.port2]);
	});
}

/**
 * The answer to a GET with an optional `Range: bytes=…` header, cut from the whole file: 206 with
 * Content-Range, 200 without a (single, byte) range, 416 for a range past the end. The pmtiles
 * reader asks for ranges; this is how the cached basemap answers them offline.
 *
 * @example
 * rangeResponse(bytes, 'bytes=0-126', new Headers()).status; // 206
 */
export function rangeResponse(bytes: Uint8Array, range: string | null, headers: Headers): Response {
	const size = bytes.length;
	headers.set('accept-ranges', 'bytes');
	const match = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
	if (!match || (match[1] === '' && match[2] === '')) {
		headers.set('content-length', String(size));
		return new Response(bytes as BodyInit, { status: 200, headers });
	}
	// "bytes=-N" is the last N bytes; "bytes=N-" from N to the end.
	const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
	const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	if (start >= size || start > end) {
		return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
	}
	headers.set('content-range', `bytes ${start}-${end}/${size}`);
	headers.set('content-length', String(end - start + 1));
	return new Response(bytes.slice(start, end + 1) as BodyInit, { status: 206, headers });
}
