/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker that lets the field mode (/inventering/{id}/falt) work without network.
 *
 * - App shell: the built files and static/ (public: fonts, basemap, icons) are cached per app
 *   version once the field mode asks for it (message 'keep-shell', sent when an inventory is
 *   opened for the field), not on every visit: a device that never goes into the field never
 *   downloads the whole app. A new version re-caches it at activation where an older one was kept.
 * - Basemap: the pmtiles library reads static/basemap/jarva.pmtiles with HTTP Range requests; once
 *   the whole file is cached, each range is cut from it here (206), online or not.
 * - Pages: a navigation goes to the network; offline, the cached page for that address (or any
 *   cached field page: every page is the same client-rendered shell) is served.
 * - Staff data: GETs of the session and the open inventory go to the network, and their answers
 *   update DATA_CACHE only where the field page has put an entry (field-cache.ts); offline they
 *   are answered from there. Nothing else of the API is touched, and no write is ever answered
 *   from a cache: offline writes fail, and the page's outbox keeps them.
 * - Logout (DELETE /api/session) or an answer 401 deletes DATA_CACHE.
 */
import { build, files, version } from '$service-worker';
import { DATA_CACHE, isFieldDataPath, rangeResponse, SHELL_PREFIX, shellCacheName } from '$lib/inventory/field-cache';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = shellCacheName(version);
const PRECACHE = [...build, ...files];
const PRECACHED = new Set(PRECACHE);
const BASEMAP = '/basemap/jarva.pmtiles';

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

/** Downloads the whole app shell of this version into the cache. */
async function keepShell(): Promise<void> {
	await (await caches.open(SHELL)).addAll(PRECACHE);
}

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			const old = (await caches.keys()).filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL);
			// This device has used the field mode: keep it working offline with the new version too.
			if (old.length > 0) await keepShell().catch(() => undefined);
			for (const name of old) await caches.delete(name);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	if ((event.data as { type?: unknown } | null)?.type !== 'keep-shell') return;
	const port = event.ports[0];
	event.waitUntil(
		keepShell().then(
			() => port?.postMessage({ ok: true }),
			(err: unknown) => port?.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) })
		)
	);
});

sw.addEventListener('fetch', (event) => {
	const { request } = event;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (url.pathname === '/api/session' && request.method === 'DELETE') {
		event.waitUntil(caches.delete(DATA_CACHE));
		return;
	}
	if (request.method !== 'GET') return;

	if (url.pathname === BASEMAP) {
		event.respondWith(basemap(request));
	} else if (PRECACHED.has(url.pathname)) {
		event.respondWith(cacheFirst(request));
	} else if (request.mode === 'navigate') {
		event.respondWith(page(request));
	} else if (isFieldDataPath(url.pathname)) {
		event.respondWith(staffData(request));
	}
});

async function cacheFirst(request: Request): Promise<Response> {
	const cache = (await caches.has(SHELL)) ? await caches.open(SHELL) : null;
	return (await cache?.match(request)) ?? fetch(request);
}

/** Network first; offline, the cached page for this address or, failing that, any cached page. */
async function page(request: Request): Promise<Response> {
	const cache = (await caches.has(SHELL)) ? await caches.open(SHELL) : null;
	try {
		const response = await fetch(request);
		const path = new URL(request.url).pathname;
		// Only the pages the field mode needs are kept; they hold no data (rendered in the browser).
		if (cache && response.ok && path.startsWith('/inventering/')) await cache.put(path, response.clone());
		return response;
	} catch (err) {
		const cached = cache && ((await cache.match(request, { ignoreSearch: true })) ?? (await anyPage(cache)));
		if (cached) return cached;
		throw err;
	}
}

async function anyPage(cache: Cache): Promise<Response | undefined> {
	for (const key of await cache.keys()) {
		if (new URL(key.url).pathname.startsWith('/inventering/')) return cache.match(key);
	}
	return undefined;
}

async function staffData(request: Request): Promise<Response> {
	const cache = await caches.open(DATA_CACHE);
	try {
		const response = await fetch(request);
		if (response.status === 401) await caches.delete(DATA_CACHE);
		else if (response.ok && (await cache.match(request))) await cache.put(request, response.clone());
		return response;
	} catch (err) {
		const cached = await cache.match(request);
		if (cached) return cached;
		throw err;
	}
}

/** The archive from the cache, with any Range cut from it; from the server until the field mode has kept it. */
async function basemap(request: Request): Promise<Response> {
	const whole = (await caches.has(SHELL)) ? await (await caches.open(SHELL)).match(BASEMAP) : undefined;
	// Not kept for the field (yet): the server answers the range itself.
	if (!whole) return fetch(request);
	const headers = new Headers({ 'content-type': whole.headers.get('content-type') ?? 'application/octet-stream' });
	const etag = whole.headers.get('etag');
	if (etag) headers.set('etag', etag);
	return rangeResponse(new Uint8Array(await whole.arrayBuffer()), request.headers.get('range'), headers);
}
