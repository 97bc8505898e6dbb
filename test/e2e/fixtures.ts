/**
 * Shared end-to-end fixtures. Every test gets a page that records requests to any host other than
 * the app's and every page error, and fails at the end if there were any: the app must work
 * offline, and a map that throws is not working whatever it shows.
 */
import { test as base, expect, type Page } from '@playwright/test';

export interface MapHandle {
	/** Resolves when the map has rendered everything it has (style, sources, tiles). */
	idle(): Promise<void>;
	/** Ids of the rendered features of the given style layers (deduplicated). */
	renderedIds(styleLayers: string[]): Promise<string[]>;
}

export const test = base.extend<{ offlineGuard: void; map: MapHandle }>({
	offlineGuard: [
		async ({ page, baseURL }, use) => {
			const appHost = new URL(baseURL!).host;
			const foreign: string[] = [];
			const errors: string[] = [];
			page.on('request', (request) => {
				const url = new URL(request.url());
				if (url.protocol === 'data:' || url.protocol === 'blob:') return;
				if (url.host !== appHost) foreign.push(request.url());
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
							const check = () => {
								if (map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
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
