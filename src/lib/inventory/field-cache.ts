/**
 * What the field mode keeps on the phone so it works without network, shared by the page (which
 * decides what to keep) and the service worker (which answers from it when offline).
 *
 * - The app shell (built files, static files and the pages' HTML) is public and kept per app
 *   version (`shellCacheName`). A shell counts only once it is complete (`SHELL_COMPLETE`, put
 *   last): until then the older one is used and kept, so a failed download never leaves the
 *   phone without a working app.
 * - Staff data (the session, the walk list and the one inventory open in field mode with what is
 *   known in its area; the report form's categories) is kept in `DATA_CACHE`; opening another walk
 *   replaces the walk's data, and logging out (or a session the server no longer knows) deletes it all.
 * - The report form (/rapportera) is kept the same way whenever it is opened online, so a phone
 *   that lost its network can open it from a cold start and queue a report (`keepReportForm`).
 */
import { DEPLOYMENT_BASEMAP_PATH, EMBEDDED_BASEMAP_PATH, readBasemapConfig } from '$lib/map/basemap-config';
import { BASEMAP_CACHE, keepBasemapAround, keptBasemap, type Box } from './field-basemap';

export const DATA_CACHE = 'lageskartan-falt-data';
export const SHELL_PREFIX = 'lageskartan-skal-';
/** Put in a shell cache after everything else: the shell is complete. */
export const SHELL_COMPLETE = '/__lageskartan/skal-komplett';
/** The basemap archives the app serves (embedded, or a deployment's own): kept per walk, not in the shell. */
export const isBasemapPath = (pathname: string) => pathname === EMBEDDED_BASEMAP_PATH || pathname === DEPLOYMENT_BASEMAP_PATH;
/** The installed app's start page (static/manifest.webmanifest). */
export const LIST_PAGE = '/inventering';
/** How long the page waits for the phone to keep the walk before it says that it failed. */
export const KEEP_TIMEOUT_MS = 60_000;

export const shellCacheName = (version: string) => `${SHELL_PREFIX}${version}`;
export const fieldPagePath = (inventoryId: string) => `/inventering/${encodeURIComponent(inventoryId)}/falt`;

/** The report form: phone-first, and opened where the network may be poor. */
export const REPORT_PAGE = '/rapportera';

/** Pages the shell keeps: the walk list and the pages under it, and the report form (all the same client-rendered HTML). */
export function isKeptPagePath(pathname: string): boolean {
	return pathname === LIST_PAGE || pathname.startsWith(`${LIST_PAGE}/`) || pathname === REPORT_PAGE;
}

/** What the report form's page reads (the (app) layout's session and organisations, the categories). */
export const REPORT_DATA_URLS = ['/api/session', '/api/admin/organisations', '/api/reports/categories'];

/** The API answers the field mode reads for one inventory, and those of the walk list (the installed app's start page). */
export function fieldDataUrls(inventoryId: string): string[] {
	const base = `/api/inventories/${encodeURIComponent(inventoryId)}`;
	return ['/api/session', '/api/inventories', '/api/admin/organisations', base, `${base}/context`];
}

/** GET paths whose answers the service worker may keep in DATA_CACHE (and only when the page put them there). */
export function isFieldDataPath(pathname: string): boolean {
	return (
		pathname === '/api/session' ||
		pathname === '/api/inventories' ||
		pathname === '/api/admin/organisations' ||
		pathname === '/api/reports/categories' ||
		/^\/api\/inventories\/[^/]+(\/context)?$/.test(pathname)
	);
}

/** The complete shell to answer from: `preferred` (this version's) when complete, else the newest complete older one. */
export async function readyShell(storage: CacheStorage, preferred?: string): Promise<Cache | null> {
	// keys() lists caches in the order they were made: newest last.
	const shells = (await storage.keys()).filter((name) => name.startsWith(SHELL_PREFIX)).reverse();
	const names = preferred && shells.includes(preferred) ? [preferred, ...shells.filter((name) => name !== preferred)] : shells;
	for (const name of names) {
		const cache = await storage.open(name);
		if (await cache.match(SHELL_COMPLETE)) return cache;
	}
	return null;
}

/**
 * Makes shell `name` complete: its `files` (all or none: `addAll`), the `pages` asked for, and the
 * kept pages of older shells fetched again for this version (their HTML names the old version's
 * files). Only then is it marked complete and the older shells deleted. Throws, leaving the older
 * shells in place, when a file or an asked-for page cannot be fetched.
 */
export async function installShell(
	storage: CacheStorage,
	{ name, files, pages = [], fetcher }: { name: string; files: string[]; pages?: string[]; fetcher: (path: string, init?: RequestInit) => Promise<Response> }
): Promise<void> {
	const cache = await storage.open(name);
	const complete = Boolean(await cache.match(SHELL_COMPLETE));
	if (!complete) await cache.addAll(files);
	const older = (await storage.keys()).filter((other) => other.startsWith(SHELL_PREFIX) && other !== name);
	const carried = new Set<string>();
	for (const other of older) {
		for (const request of await (await storage.open(other)).keys()) {
			const path = new URL(request.url).pathname;
			if (isKeptPagePath(path) && !pages.includes(path)) carried.add(path);
		}
	}
	for (const path of [...pages, ...carried]) {
		const response = await fetcher(path, { cache: 'no-store', credentials: 'same-origin' });
		if (response.ok) await cache.put(path, response);
		// A carried page the server no longer has is left behind; an asked-for one must be there.
		else if (pages.includes(path)) throw new Error(`Sidan ${path} svarade ${response.status}.`);
	}
	if (!complete) await cache.put(SHELL_COMPLETE, new Response('komplett'));
	for (const other of older) await storage.delete(other);
}

/**
 * `basemapBytes`: how much of the basemap is kept around the walk; null for a raster basemap,
 * whose tiles come from the deployment's GIS and are not kept.
 */
export type KeepResult = { ok: true; basemapBytes: number | null } | { ok: false; reason: string };

/**
 * Keeps this inventory on the device (and only this inventory's data): the app shell with this
 * page and the walk list, then the data, fetched fresh into DATA_CACHE, after which the service
 * worker keeps those entries up to date and answers from them offline. Checks afterwards that it
 * is all there (`keptForField`). Gives up after `timeoutMs` with a reason a person can act on.
 */
export async function keepForField(inventoryId: string, box: Box, timeoutMs = KEEP_TIMEOUT_MS): Promise<KeepResult> {
	if (typeof caches === 'undefined' || !('serviceWorker' in navigator)) {
		return { ok: false, reason: 'Webbläsaren kan inte spara sidor i telefonen (privat läge, eller en sida utan https?).' };
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<KeepResult>((resolve) => {
		timer = setTimeout(() => resolve({ ok: false, reason: `Det tog mer än ${Math.round(timeoutMs / 1000)} sekunder utan att bli klart (svagt nät?).` }), timeoutMs);
	});
	try {
		return await Promise.race([keep(inventoryId, box), timeout]);
	} catch (err) {
		return { ok: false, reason: err instanceof Error ? err.message : String(err) };
	} finally {
		clearTimeout(timer);
	}
}

async function keep(inventoryId: string, box: Box): Promise<KeepResult> {
	await navigator.serviceWorker.ready;
	const worker =
		navigator.serviceWorker.controller ??
		(await new Promise<ServiceWorker | null>((resolve) =>
			navigator.serviceWorker.addEventListener('controllerchange', () => resolve(navigator.serviceWorker.controller), { once: true })
		));
	if (!worker) return { ok: false, reason: 'Appens service worker tog inte över sidan.' };
	// The app itself first (the worker knows its files), with this page and the list, then the data.
	const shell = await askWorker(worker, { type: 'keep-shell', pages: [fieldPagePath(inventoryId), LIST_PAGE] });
	if (!shell.ok) return { ok: false, reason: `Appen kunde inte sparas i telefonen (${shell.message ?? 'okänt fel'}).` };
	const wanted = fieldDataUrls(inventoryId).map((path) => new URL(path, location.origin).href);
	const cache = await caches.open(DATA_CACHE);
	// Another walk's data goes; the report form's stays.
	const kept = [...wanted, ...REPORT_DATA_URLS.map((path) => new URL(path, location.origin).href)];
	for (const request of await cache.keys()) {
		if (!kept.includes(request.url)) await cache.delete(request);
	}
	for (const url of wanted) {
		const response = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
		if (!response.ok) return { ok: false, reason: `${new URL(url).pathname} svarade ${response.status}.` };
		await cache.put(url, response);
	}
	// Only the map around the walk: a deployment's archive may cover the whole city.
	const basemap = readBasemapConfig();
	if (basemap.kind !== 'raster') await keepBasemapAround(new URL(basemap.url, location.origin).href, box);
	return keptForField(inventoryId);
}

/**
 * Whether everything the field page needs offline is on the phone: a complete shell holding this
 * page, the basemap around the walk (unless it is raster tiles from elsewhere), and this
 * inventory's data. The reason names what is missing.
 */
export async function keptForField(inventoryId: string): Promise<KeepResult> {
	if (typeof caches === 'undefined') return { ok: false, reason: 'Webbläsaren kan inte spara sidor i telefonen.' };
	const shell = await readyShell(caches);
	if (!shell) return { ok: false, reason: 'Appen är inte sparad i telefonen.' };
	if (!(await shell.match(fieldPagePath(inventoryId)))) return { ok: false, reason: 'Fältsidan för den här inventeringen är inte sparad.' };
	const basemap = readBasemapConfig();
	const map = basemap.kind === 'raster' ? null : await keptBasemap(caches, new URL(basemap.url, location.origin).href);
	if (basemap.kind !== 'raster' && !map) return { ok: false, reason: 'Baskartan är inte sparad.' };
	const data = (await caches.has(DATA_CACHE)) ? await caches.open(DATA_CACHE) : null;
	for (const path of fieldDataUrls(inventoryId)) {
		if (!(await data?.match(path))) return { ok: false, reason: 'Inventeringens uppgifter är inte sparade.' };
	}
	return { ok: true, basemapBytes: map?.bytes ?? null };
}

/**
 * Keeps the report form on the phone: the app shell with the form's page, and what its load
 * reads. Called each time the form opens online; best effort (a phone that cannot keep it still
 * reports online, and queues reports while the page stays open). True when it is all kept.
 */
export async function keepReportForm(timeoutMs = KEEP_TIMEOUT_MS): Promise<boolean> {
	if (typeof caches === 'undefined' || !('serviceWorker' in navigator) || !navigator.onLine) return false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<boolean>((resolve) => {
		timer = setTimeout(() => resolve(false), timeoutMs);
	});
	const keep = async () => {
		await navigator.serviceWorker.ready;
		// On a first visit the worker takes the page over once it is active (clients.claim).
		const worker =
			navigator.serviceWorker.controller ??
			(await new Promise<ServiceWorker | null>((resolve) =>
				navigator.serviceWorker.addEventListener('controllerchange', () => resolve(navigator.serviceWorker.controller), { once: true })
			));
		if (!worker) return false;
		const shell = await askWorker(worker, { type: 'keep-shell', pages: [REPORT_PAGE] });
		if (!shell.ok) return false;
		const cache = await caches.open(DATA_CACHE);
		for (const path of REPORT_DATA_URLS) {
			const response = await fetch(path, { cache: 'no-store', credentials: 'same-origin' });
			if (!response.ok) return false;
			await cache.put(new URL(path, location.origin).href, response);
		}
		return true;
	};
	try {
		return await Promise.race([keep(), timeout]);
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
	}
}

/** The inventory whose data is kept for the field, if any (for the walk list). */
export async function keptInventoryId(): Promise<string | null> {
	if (typeof caches === 'undefined' || !(await caches.has(DATA_CACHE))) return null;
	for (const request of await (await caches.open(DATA_CACHE)).keys()) {
		const match = /^\/api\/inventories\/([^/]+)\/context$/.exec(new URL(request.url).pathname);
		if (match) return decodeURIComponent(match[1]!);
	}
	return null;
}

/**
 * Deletes the staff data kept for the field (at logout). The service worker does the same when it
 * sees the logout, but a page it does not control (first visit, a forced reload) goes past it.
 */
export async function forgetFieldData(): Promise<void> {
	if (typeof caches === 'undefined') return;
	await caches.delete(DATA_CACHE);
	// The kept map shows where the walk is: it goes with the walk's data.
	await caches.delete(BASEMAP_CACHE);
}

/**
 * Asks the browser not to evict this site's storage (the outbox above all) when space runs low.
 * 'ja': granted; 'nej': refused (browsers grant it to installed apps and much-used sites);
 * 'okänt': the browser cannot be asked. Best effort: never throws.
 */
export async function persistStorage(): Promise<'ja' | 'nej' | 'okänt'> {
	try {
		if (typeof navigator === 'undefined' || !navigator.storage?.persist) return 'okänt';
		if (await navigator.storage.persisted()) return 'ja';
		return (await navigator.storage.persist()) ? 'ja' : 'nej';
	} catch {
		return 'okänt';
	}
}

/** A message to the service worker and its answer (over a MessageChannel). */
function askWorker(worker: ServiceWorker, message: unknown): Promise<{ ok: boolean; message?: string }> {
	return new Promise((resolve) => {
		const channel = new MessageChannel();
		channel.port1.onmessage = (event) => resolve(event.data as { ok: boolean; message?: string });
		worker.postMessage(message, [channel.port2]);
	});
}
