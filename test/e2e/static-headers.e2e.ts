/**
 * Static files (served by adapter-node before any SvelteKit hook) carry the same security headers
 * as everything else, through the server entry in server/index.js; range requests still work.
 */
import { expect, test } from './fixtures';

test.use({ account: null });

const EXPECTED = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'no-referrer',
	'cross-origin-resource-policy': 'same-origin'
};

test('the public basemap is served with nosniff, frame, referrer and resource-policy headers', async ({ request }) => {
	const response = await request.get('/basemap/jarva.pmtiles');
	expect(response.status()).toBe(200);
	expect(response.headers()).toMatchObject(EXPECTED);
});

test('a range request for the basemap is still a 206 with the right bytes, with the same headers', async ({ request }) => {
	const whole = await (await request.get('/basemap/jarva.pmtiles')).body();
	const response = await request.get('/basemap/jarva.pmtiles', { headers: { range: 'bytes=0-126' } });
	expect(response.status()).toBe(206);
	expect(response.headers()['content-range']).toBe(`bytes 0-126/${whole.length}`);
	expect((await response.body()).equals(whole.subarray(0, 127))).toBe(true);
	expect(response.headers()).toMatchObject(EXPECTED);
});

test('the built scripts and the favicon carry the headers too', async ({ request, page }) => {
	const scripts: string[] = [];
	page.on('response', (r) => {
		if (r.url().includes('/_app/immutable/') && r.url().endsWith('.js')) scripts.push(r.url());
	});
	await page.goto('/');
	await expect.poll(() => scripts.length).toBeGreaterThan(0);
	const script = await request.get(scripts[0]!);
	expect(script.headers()).toMatchObject(EXPECTED);
	const links = await page.locator('link[rel~="icon"]').evaluateAll((els) => els.map((el) => (el as HTMLLinkElement).href));
	expect(links.length).toBeGreaterThan(0);
	expect((await request.get(links[0]!)).headers()).toMatchObject(EXPECTED);
});

test('pages and the API keep their headers, and a page keeps its own policy', async ({ request }) => {
	const page = await request.get('/');
	expect(page.headers()).toMatchObject(EXPECTED);
	expect(page.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
	const api = await request.get('/api/layers');
	expect(api.status()).toBe(401);
	expect(api.headers()).toMatchObject({ ...EXPECTED, 'cache-control': 'no-store' });
});
