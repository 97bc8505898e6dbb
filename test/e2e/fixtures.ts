/**
 * Shared end-to-end fixtures. Every test gets a page that records requests to any host other than
 * the app's and every page error, and fails at the end if there were any: the app must work
 * offline, and a map that throws is not working whatever it shows.
 *
 * Every test is logged in as `account` (default demo-admin; `test.use({ account: null })` for
 * anonymous), both in the browser context and in the `request` API context, which also sends the
 * Origin header the server demands of every write.
 */
import { test as base, expect, type Page, type APIRequestContext } from '@playwright/test';
import { login } from './accounts';

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
		async ({ context, baseURL, account }, use) => {
			if (account) await login(context.request, new URL(baseURL!).origin, account);
			await use();
		},
		{ auto: true }
	],
	request: async ({ playwright, baseURL, account }, use) => {
		const origin = new URL(baseURL!).origin;
		const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin } });
		if (account) await login(request, origin, account);
		await use(request);
		await request.dispose();
	},
	/** Another API client, logged in as `username` (null: anonymous), with the Origin header set. */
	requestAs: async ({ playwright, baseURL }, use) => {
		const made: APIRequestContext[] = [];
		const origin = new URL(baseURL!).origin;
		await use(async (username) => {
			const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin } });
			made.push(request);
			if (username) await login(request, origin, username);
			return request;
		});
		for (const request of made) await request.dispose();
	},
	offlineGuard: [
		async ({ page, baseURL, allowedHosts }, use) => {
			const appHost = new URL(baseURL!).host;
			const foreign: string[] = [];
			const errors: string[] = [];
			page.on('request', (request) => {
				const url = new URL(request.url());
				if (url.protocol === 'data:' || url.protocol === 'blob:') return;
				if (url.host !== appHost && !allowedHosts.includes(url.host)) foreign.push(request.url());
			});
			page.on('pageerror', (error) => errors.push(error.message));
			// A blocked load is the browser enforcing the CSP: it means something tried to leave.
			page.on('console', (message) => {
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

export { expect };
