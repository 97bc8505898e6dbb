/**
 * Part 2: the map page's time to idle against a bare MapLibre page drawing the same map.
 *
 * The bare page's style is the app's own, read with `map.getStyle()` from a first (unrecorded)
 * load of the app page, so the two cannot drift apart; its URLs are rewritten to the bare server,
 * which holds copies of the basemap, fonts and layers. Same camera, same map size, same images.
 */
import { chromium, type Browser } from '@playwright/test';
import { rawGet, sessionCookieFor } from './processes';
import { startBareServer, type BareServer } from './bare-server';
import { compressLikeTheApp } from './http-bench';
import { median } from './stats';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium';

export const CHROMIUM = CHROMIUM_PATH;
const VIEWPORT = { width: 1280, height: 800 };
const APP_QUERY = '?lager=stadsdelar,omradesklassning,drogscener,otrygga-platser&ar=2021,2023';
/** The views measured: all of Järva, and the streets and paths over Husby C (the OSM basemap at its most detailed). */
export const VIEWS = {
	overview: '',
	'husby-z16': '&karta=16/59.4093/17.9262'
} as const;
export type ViewName = keyof typeof VIEWS;

// In-page code is passed as strings: tsx compiles functions with esbuild's keepNames, whose
// `__name(...)` helper does not exist in the page when Playwright serialises a function.

/**
 * Both pages assign `window.__lageskartan = { map }` right after creating the map; the setter
 * attaches the listener then. Time to idle is the first `idle` with everything loaded, in ms
 * since navigation start (performance.now()).
 */
const watchIdle = (layerIds: readonly string[]) => `(() => {
	const layerIds = ${JSON.stringify(layerIds)};
	let box;
	let idle;
	window.__benchIdle = new Promise((resolve) => (idle = resolve));
	Object.defineProperty(window, '__lageskartan', {
		configurable: true,
		get: () => box,
		set: (value) => {
			box = value;
			const created = performance.now();
			const map = value.map;
			const onIdle = () => {
				// The app adds its GeoJSON sources after 'load': an earlier idle does not count.
				const sourcesLoaded = layerIds.every((id) => map.getSource(id) && map.isSourceLoaded(id));
				if (!map.loaded() || !sourcesLoaded) return;
				idle({ created, idle: performance.now() });
				map.off('idle', onIdle);
			};
			map.on('idle', onIdle);
		}
	});
})();`;

const CAPTURE_VIEW = `(() => {
	const map = window.__lageskartan.map;
	const centre = map.getCenter();
	const bounds = map.getMaxBounds();
	const images = {};
	for (const id of map.listImages()) {
		const image = map.getImage(id);
		images[id] = {
			width: image.data.width,
			height: image.data.height,
			data: Array.from(image.data.data),
			pixelRatio: image.pixelRatio
		};
	}
	return {
		style: map.getStyle(),
		center: [centre.lng, centre.lat],
		zoom: map.getZoom(),
		bearing: map.getBearing(),
		maxBounds: bounds ? bounds.toArray() : null,
		size: [map.getContainer().clientWidth, map.getContainer().clientHeight],
		images
	};
})()`;

const RENDERED_BY_SOURCE = `(() => {
	const counts = {};
	for (const f of window.__lageskartan.map.queryRenderedFeatures()) counts[f.source] = (counts[f.source] || 0) + 1;
	return counts;
})()`;

interface View {
	style: Record<string, unknown>;
	center: [number, number];
	zoom: number;
	bearing: number;
	maxBounds: [[number, number], [number, number]] | null;
	size: [number, number];
	images: Record<string, { width: number; height: number; data: number[]; pixelRatio: number }>;
}

/** ms since navigation start: when the map object existed, and when it was first idle. */
interface Timing {
	created: number;
	idle: number;
}

interface Load extends Timing {
	rendered: Record<string, number>;
	view?: View;
	/** Every URL the page requested (kept for the capturing load only). */
	requests: string[];
}

async function loadOnce(browser: Browser, url: string, layerIds: readonly string[], capture = false): Promise<Load> {
	// A fresh context per load: empty HTTP cache, no service worker, no storage.
	const context = await browser.newContext({ viewport: VIEWPORT });
	try {
		await context.addInitScript({ content: watchIdle(layerIds) });
		const cookie = sessionCookieFor(url);
		if (cookie) {
			const [name, value] = cookie.split('=') as [string, string];
			await context.addCookies([{ name, value, url: new URL(url).origin }]);
		}
		const page = await context.newPage();
		const errors: string[] = [];
		const requests: string[] = [];
		if (capture) page.on('request', (req) => requests.push(req.url()));
		page.on('pageerror', (err) => errors.push(err.message));
		page.on('console', (msg) => {
			if (msg.type() === 'error') errors.push(msg.text());
		});
		await page.goto(url, { waitUntil: 'commit' });
		// A promise made by the init script, not waitForFunction: that evals in the page, which
		// the app's Content-Security-Policy forbids.
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${url}: not idle within 30 s (${errors.join('; ')})`)), 30_000);
		});
		const timing = (await Promise.race([page.evaluate('window.__benchIdle'), timeout]).finally(() =>
			clearTimeout(timer)
		)) as Timing;
		const rendered = (await page.evaluate(RENDERED_BY_SOURCE)) as Record<string, number>;
		const view = capture ? ((await page.evaluate(CAPTURE_VIEW)) as View) : undefined;
		if (errors.length) throw new Error(`${url}: errors in the page:\n  ${errors.join('\n  ')}`);
		return { ...timing, rendered, view, requests };
	} finally {
		await context.close();
	}
}

/**
 * getStyle() returns a GeoJSON source's features, not the URL it was loaded from (once loaded,
 * MapLibre 6 keeps the worker's copy of the data in place of the URL). The bare page must fetch
 * its layers like the app does,
 * so each source gets back the layer API URL the app page was seen requesting.
 */
function useDataUrls(style: Record<string, unknown>, appUrl: string, requested: readonly string[]): void {
	const sources = style.sources as Record<string, { type: string; data?: unknown }>;
	for (const [id, source] of Object.entries(sources)) {
		if (source.type !== 'geojson' || typeof source.data === 'string') continue;
		// Label points are computed in the page from the layer's data: the bare page keeps them inline.
		if (id.endsWith('-labels')) continue;
		const url = `${appUrl}/api/layers/${id}`;
		if (!requested.includes(url)) throw new Error(`The app page did not request ${url} for source ${id}.`);
		source.data = url;
	}
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Copies every app URL the style refers to (basemap, fonts, layers) into the bare server. */
async function mirror(styleJson: string, appUrl: string, bare: BareServer): Promise<string[]> {
	const paths = new Set<string>();
	for (const match of styleJson.matchAll(new RegExp(`${escapeRegExp(appUrl)}(/[^"?#\\s]*)`, 'g'))) {
		paths.add(match[1]!);
	}
	for (const path of paths) {
		const res = await rawGet(appUrl + path);
		if (res.status !== 200) throw new Error(`mirroring ${path}: status ${res.status}`);
		const type = String(res.headers['content-type'] ?? 'application/octet-stream');
		// Layers go compressed as the app sends them; fonts and the archive go as they are.
		const compressed = path.startsWith('/api/') ? compressLikeTheApp(res.body) : {};
		bare.assets.set(path, { body: res.body, type, ...compressed });
	}
	return [...paths];
}

function barePage(view: View): string {
	const { style: _, ...options } = view;
	// JSON inside <script>: keep a "</script>" in any string from ending it.
	const json = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
	return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Bare MapLibre (bench baseline)</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>body { margin: 0 } #map { width: ${view.size[0]}px; height: ${view.size[1]}px }</style>
<script src="/pmtiles/pmtiles.js"></script>
</head>
<body>
<div id="map"></div>
<script type="module">
import { Map, addProtocol } from '/maplibre/maplibre-gl.mjs';
const style = ${json(view.style)};
const view = ${json(options)};
addProtocol('pmtiles', new pmtiles.Protocol().tile);
const map = new Map({
	container: 'map',
	style,
	center: view.center,
	zoom: view.zoom,
	bearing: view.bearing,
	maxBounds: view.maxBounds
});
// The app draws its hatch patterns on demand; the bare page adds the same pixels the same way.
map.on('styleimagemissing', (event) => {
	const image = view.images[event.id];
	if (!image || map.hasImage(event.id)) return;
	const { width, height, data, pixelRatio } = image;
	map.addImage(event.id, { width, height, data: new Uint8Array(data) }, { pixelRatio });
});
window.__lageskartan = { map };
</script>
</body>
</html>
`;
}

export interface PageSide {
	url: string;
	/** Median time to idle. */
	ms: number;
	/** Median time until the map object existed (page code, and for the app its /api/layers). */
	createdMs: number;
	runs: Timing[];
	renderedFeatures: Record<string, number>;
}
export interface PageResult {
	chromium: string;
	viewport: typeof VIEWPORT;
	mapSize: [number, number];
	mirrored: string[];
	app: PageSide;
	bare: PageSide;
}

const side = (url: string, runs: Timing[], renderedFeatures: Record<string, number>): PageSide => ({
	url,
	ms: median(runs.map((r) => r.idle)),
	createdMs: median(runs.map((r) => r.created)),
	runs,
	renderedFeatures
});

export async function benchPages(
	appUrl: string,
	layerIds: readonly string[],
	runs: number,
	log: (line: string) => void,
	viewName: ViewName = 'overview'
): Promise<PageResult> {
	const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
	const bare = await startBareServer();
	try {
		const appPage = `${appUrl}/${APP_QUERY}${VIEWS[viewName]}`;
		log('  warm-up: app page (reads its style)');
		const first = await loadOnce(browser, appPage, layerIds, true);
		const view = first.view!;
		useDataUrls(view.style, appUrl, first.requests);
		const styleJson = JSON.stringify(view.style);
		const mirrored = await mirror(styleJson, appUrl, bare);
		view.style = JSON.parse(styleJson.replaceAll(appUrl, bare.origin)) as View['style'];
		bare.setPage(barePage(view));
		const barePageUrl = `${bare.origin}/`;
		log('  warm-up: bare page');
		const bareFirst = await loadOnce(browser, barePageUrl, layerIds);
		// Fonts the style names but no label in view needs are fetched by neither page.
		const unused = mirrored.filter((path) => first.requests.some((url) => new URL(url).pathname === path) && !bare.requested.has(path));
		if (unused.length) throw new Error(`The bare page did not fetch ${unused.join(', ')}.`);

		const times = { app: [] as Timing[], bare: [] as Timing[] };
		for (let i = 0; i < runs; i++) {
			log(`  run ${i + 1}/${runs}: app, bare`);
			const app = await loadOnce(browser, appPage, layerIds);
			const bare = await loadOnce(browser, barePageUrl, layerIds);
			times.app.push({ created: app.created, idle: app.idle });
			times.bare.push({ created: bare.created, idle: bare.idle });
		}
		return {
			chromium: browser.version(),
			viewport: VIEWPORT,
			mapSize: view.size,
			mirrored,
			app: side(appPage, times.app, first.rendered),
			bare: side(barePageUrl, times.bare, bareFirst.rendered)
		};
	} finally {
		await browser.close();
		await bare.close();
	}
}
