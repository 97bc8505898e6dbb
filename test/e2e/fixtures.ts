/**
 * Shared end-to-end fixtures. Every test's browser context (each page the test opens in it) records
 * requests to any host other than the app's and every page error, and the test fails at the end if
 * there were any: the app must work offline, and a map that throws is not working whatever it shows.
 *
 * Every test is logged in as `account` (default demo-admin; `test.use({ account: null })` for
 * anonymous), both in the browser context and in the `request` API context, which also sends the
 * Origin header the server demands of every write. Those are two sessions, as two logins would
 * make; `requestAs` makes one more per call. The sessions are kept for the next test (see
 * `keptSession`): a login costs a scrypt hash, ~0.3 s of CPU, and was a fifth of the suite's time.
 */
import { test as base, expect, type Page, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { login } from './accounts';

type StorageState = Awaited<ReturnType<APIRequestContext['storageState']>>;

/** Sessions this worker has logged in, by origin, account and slot (see keptSession). */
const kept = new Map<string, StorageState>();

/**
 * The cookies of a logged-in session of `username` on `origin`, one per `slot` (the browser
 * context, the `request` context, each `requestAs` call of a test): the same slot of the next test
 * gets the same session back while the server still knows it – a test that logged it out, logged
 * in again over it or ended it some other way leaves it dead, and then a new login is made. The
 * login itself is tested where it matters (login.e2e.ts, session.e2e.ts, access.e2e.ts), through
 * the form and the API; here it is only the way in.
 */
export async function keptSession(playwright: PlaywrightWorkerArgs['playwright'], origin: string, username: string, slot: string): Promise<StorageState> {
	const key = `${origin} ${username} ${slot}`;
	const state = kept.get(key);
	if (state) {
		const cookie = state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const response = await fetch(`${origin}/api/session`, { headers: { cookie } }).catch(() => null);
		if (response?.ok && (await response.json()).account?.username === username) return state;
		kept.delete(key);
	}
	const request = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
	try {
		await login(request, origin, username);
		const fresh = await request.storageState();
		kept.set(key, fresh);
		return fresh;
	} finally {
		await request.dispose();
	}
}

export interface MapHandle {
	/** Resolves when the map has rendered everything it has (style, sources, tiles). */
	idle(): Promise<void>;
	/** Ids of the rendered features of the given style layers (deduplicated). */
	renderedIds(styleLayers: string[]): Promise<string[]>;
}

export const test = base.extend<{ account: string | null; allowedHosts: string[]; loggedIn: void; offlineGuard: void; map: MapHandle; request: APIRequestContext; requestAs: (username: string | null) => Promise<APIRequestContext> }>({
	account: ['demo-admin', { option: true }],
	/** Other hosts a test expects the page to reach (only a deployment's raster basemap does). */
	allowedHosts: [[], { option: true }],
	loggedIn: [
		async ({ context, baseURL, account, playwright }, use) => {
			if (account) await context.addCookies((await keptSession(playwright, new URL(baseURL!).origin, account, 'page')).cookies);
			await use();
		},
		{ auto: true }
	],
	request: async ({ playwright, baseURL, account }, use) => {
		const origin = new URL(baseURL!).origin;
		const storageState = account ? await keptSession(playwright, origin, account, 'request') : undefined;
		const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin }, storageState });
		await use(request);
		await request.dispose();
	},
	/** Another API client, logged in as `username` (null: anonymous), with the Origin header set; a session of its own per call. */
	requestAs: async ({ playwright, baseURL }, use) => {
		const made: APIRequestContext[] = [];
		const calls = new Map<string, number>();
		const origin = new URL(baseURL!).origin;
		await use(async (username) => {
			let storageState: StorageState | undefined;
			if (username) {
				const n = calls.get(username) ?? 0;
				calls.set(username, n + 1);
				storageState = await keptSession(playwright, origin, username, `requestAs ${n}`);
			}
			const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin }, storageState });
			made.push(request);
			return request;
		});
		for (const request of made) await request.dispose();
	},
	offlineGuard: [
		// On the browser context, not its page: the guard covers every page the test opens in it, and
		// a test that only uses the API does not pay for a page it never looks at.
		async ({ context, baseURL, allowedHosts }, use) => {
			const appHost = new URL(baseURL!).host;
			const foreign: string[] = [];
			const errors: string[] = [];
			context.on('request', (request) => {
				const url = new URL(request.url());
				if (url.protocol === 'data:' || url.protocol === 'blob:') return;
				if (url.host !== appHost && !allowedHosts.includes(url.host)) foreign.push(request.url());
			});
			context.on('weberror', (error) => errors.push(error.error().message));
			// A blocked load is the browser enforcing the CSP: it means something tried to leave.
			context.on('console', (message) => {
				if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
					errors.push(message.text());
				}
			});
			await use();
			expect(foreign, 'requests to another host').toEqual([]);
			expect(errors, 'page errors').toEqual([]);
		},
		{ auto: true }
	],
	map: async ({ page }, use) => {
		await use(mapHandle(page));
	}
});

export function mapHandle(page: Page): MapHandle {
	return {
		async idle() {
			// Polls inside page.evaluate: waitForFunction evaluates a string, which the app's CSP
			// (no 'unsafe-eval') rightly refuses.
			await page.evaluate(
				() =>
					new Promise<void>((resolve) => {
						const whenIdle = (map: any) => {
							// The layers' features come through the page's LayerData: wait for its
							// requests too (then for the idle after their setData).
							const inFlight = () => (window as any).__lageskartan?.layerRequestsInFlight?.() ?? 0;
							const check = () => {
								if (inFlight() > 0) setTimeout(() => (map.once('idle', check), map.triggerRepaint()), 50);
								else if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
								else map.once('idle', check);
							};
							map.once('idle', check);
							map.triggerRepaint();
						};
						const wait = () => {
							const map = (window as any).__lageskartan?.map;
							if (map) whenIdle(map);
							else setTimeout(wait, 50);
						};
						wait();
					})
			);
		},
		async renderedIds(styleLayers) {
			return page.evaluate((layers) => {
				const map = (window as any).__lageskartan.map;
				const present = layers.filter((id: string) => map.getLayer(id));
				const features = map.queryRenderedFeatures({ layers: present });
				return [...new Set(features.map((f: any) => String(f.properties.id)))].sort() as string[];
			}, styleLayers);
		}
	};
}

/**
 * Viewports for the meeting-sized pages. PROJECTOR (1920×1080) is what the meeting and week pages
 * are made for: the tests of that layout (text sizes, what fits, a place framed clear of the legend,
 * the accessibility scan) use it. A test that walks a flow uses FLOW (1280×720, a laptop or a
 * smaller projector): the flow is the same at either size, and every frame a map draws in software
 * WebGL costs in proportion to its pixels (0.20 CPU-s at 1920×1080, 0.095 at 1280×720; docs/testing.md).
 */
export const PROJECTOR = { width: 1920, height: 1080 };
export const FLOW = { width: 1280, height: 720 };

export { expect };
