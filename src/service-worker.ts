/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The service worker that lets the field mode (/inventering/{id}/falt) work without network.
 *
 * - App shell: the built files and static/ (public: fonts, basemap, icons) are cached per app
 *   version once the field mode asks for it (message 'keep-shell', sent when an inventory is
 *   opened for the field, naming the pages to keep), not on every visit: a device that never goes
 *   into the field never downloads the whole app. A new version re-caches it at activation where
 *   an older one was kept, fetching the older one's kept pages again; the older shell is deleted
 *   only once the new one is complete (field-cache.ts `installShell`), and until then it answers.
 * - Basemap: the pmtiles library reads the archive (static/basemap/jarva.pmtiles, or a deployment's
 *   /basemap/omrade.pmtiles) with HTTP Range requests. The field page keeps the ranges for the tiles
 *   around its walk (field-basemap.ts); those are answered here (206), online or not, the rest by
 *   the server. The archive itself is not in the shell.
 * - Pages: a navigation goes to the network; offline, the cached page for that address (or any
 *   kept page: every page is the same client-rendered shell) is served. The walk list
 *   (/inventering, the installed app's start page) and the pages under it are kept.
 * - Staff data: GETs of the session, the walk list and the open inventory go to the network, and
 *   their answers update DATA_CACHE only where the field page has put an entry (field-cache.ts);
 *   offline they are answered from there. Nothing else of the API is touched, and no write is
 *   ever answered from a cache: offline writes fail, and the page's outbox keeps them.
 * - Logout (DELETE /api/session) or an answer 401 deletes DATA_CACHE (the page deletes it too).
 */
import { build, files, version } from '$service-worker';
import { DATA_CACHE, installShell, isBasemapPath, isFieldDataPath, isKeptPagePath, readyShell, SHELL_COMPLETE, SHELL_PREFIX, shellCacheName } from '$lib/inventory/field-cache';
import { BASEMAP_CACHE, keptRangeResponse } from '$lib/inventory/field-basemap';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = shellCacheName(version);
// The basemap archive is not part of the shell: the field mode keeps only the ranges around its walk.
const PRECACHE = [...build, ...files].filter((path) => !isBasemapPath(path));
const PRECACHED = new Set(PRECACHE);

sw.addEventListener('install', () => {
	void sw.skipWaiting();
});

/** Makes this version's shell complete, with `pages` and the older shell's kept pages; then drops the older one. */
function keepShell(pages: string[] = []): Promise<void> {
	return installShell(caches, { name: SHELL, files: PRECACHE, pages, fetcher: (path, init) => fetch(path, init) });
}

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			const older = (await caches.keys()).filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL);
			// This device has used the field mode: keep it working offline with the new version too.
			// If that fails (no network now), the older shell stays and answers until it works.
			if (older.length > 0) await keepShell().catch(() => undefined);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('message', (event) => {
	const data = event.data as { type?: unknown; pages?: unknown } | null;
	if (data?.type !== 'keep-shell') return;
	const pages = Array.isArray(data.pages) ? data.pages.filter((p): p is string => typeof p === 'string' && isKeptPagePath(p)) : [];
	const port = event.ports[0];
	event.waitUntil(
		keepShell(pages).then(
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
		event.waitUntil(Promise.all([caches.delete(DATA_CACHE), caches.delete(BASEMAP_CACHE)]));
		return;
	}
	if (request.method !== 'GET' || url.pathname === SHELL_COMPLETE) return;

	if (isBasemapPath(url.pathname)) {
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
	const shell = await readyShell(caches, SHELL);
	return (await shell?.match(request)) ?? fetch(request);
}

/** Network first; offline, the cached page for this address or, failing that, any kept page. */
async function page(request: Request): Promise<Response> {
	try {
		const response = await fetch(request);
		const path = new URL(request.url).pathname;
		// Only the pages the field mode needs are kept, and only in a complete shell of this
		// version; they hold no data (rendered in the browser).
		if (response.ok && isKeptPagePath(path) && (await caches.has(SHELL))) {
			const shell = await caches.open(SHELL);
			if (await shell.match(SHELL_COMPLETE)) await shell.put(path, response.clone());
		}
		return response;
	} catch (err) {
		const shell = await readyShell(caches, SHELL);
		const cached = shell && ((await shell.match(request, { ignoreSearch: true })) ?? (await anyPage(shell)));
		if (cached) return cached;
		throw err;
	}
}

async function anyPage(cache: Cache): Promise<Response | undefined> {
	for (const key of await cache.keys()) {
		if (isKeptPagePath(new URL(key.url).pathname)) return cache.match(key);
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

/** A range of the basemap kept around the walk, from the cache (online or not); anything else from the server. */
async function basemap(request: Request): Promise<Response> {
	return (await keptRangeResponse(caches, request.url, request.headers.get('range'))) ?? fetch(request);
}
