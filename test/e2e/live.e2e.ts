/**
 * Live updates through the real server and real browsers (GET /api/events, server-sent events):
 * a finding recorded on a phone during a walk appears on the meeting screen of another browser
 * within a second, without a reload; the map of one client shows a feature another created; an
 * editor is told that someone else changed the object open in the form; a property owner's raw
 * stream carries nothing about a drug scene the police draws. These tests write: own server.
 */
import type { APIRequestContext, Browser, BrowserContextOptions, Page } from '@playwright/test';
import { login } from './accounts';
import { expect, FLOW } from './fixtures';
import { createWalk, PHONE, record } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

// What is checked is what arrives and when, not the projector's layout (meeting*.e2e.ts): FLOW's size.
test.use({ account: 'demo-sdf-redaktor', viewport: FLOW });

const SHOTS = 'test-results/screenshots';
const LAYER = 'drogscener-2023';
const CAMERA = 'karta=15.50/59.38900/17.91500';
let counter = 0;

const send = (request: APIRequestContext, method: 'post' | 'put' | 'patch', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

const scene = (name: string, lon = 17.915, lat = 59.389) => ({
	type: 'Feature',
	properties: { name, source: 'e2e-test', precision: 'approximate', precisionMeters: 75, example: false, year: 2023, district: 'Tensta', drawing: 'outline' },
	geometry: {
		type: 'Polygon',
		coordinates: [[[lon - 0.0008, lat - 0.0004], [lon + 0.0008, lat - 0.0004], [lon + 0.0008, lat + 0.0004], [lon - 0.0008, lat + 0.0004], [lon - 0.0008, lat - 0.0004]]]
	}
});
const place = (name: string) => ({
	type: 'Feature',
	properties: { name, source: 'e2e-test', precision: 'approximate', precisionMeters: 50, example: false, category: 'garage', district: 'Husby' },
	geometry: { type: 'Point', coordinates: [17.93, 59.41] }
});

async function createFeature(request: APIRequestContext, layer: string, feature: unknown) {
	const response = await send(request, 'post', `/api/layers/${layer}/features`, { feature });
	expect(response.status(), await response.text()).toBe(201);
	return (await response.json()).feature as { properties: { id: string }; version: number };
}

/**
 * Another browser, logged in as `username`, whose pages are held to the offline rule as the
 * fixture's page is: no request to another host.
 */
async function otherBrowser(browser: Browser, baseURL: string, username: string, options: BrowserContextOptions = {}) {
	const context = await browser.newContext({ baseURL, ...options });
	await login(context.request, new URL(baseURL).origin, username);
	const page = await context.newPage();
	const foreign: string[] = [];
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.host !== new URL(baseURL).host) foreign.push(request.url());
	});
	return { context, page, foreign };
}

/** The page's live stream is open (the server said ready). */
async function liveOpen(page: Page) {
	await expect(page.locator('html')).toHaveAttribute('data-live', 'open', { timeout: 15_000 });
}

/** Opens an object in the editor (E, the layer, the object from the list) and types a note in it, unsaved. */
async function editWithNote(page: Page, layerId: string, layerTitle: string, name: string) {
	await page.keyboard.press('e');
	await page.getByLabel('Lager att redigera').selectOption(layerId);
	await page.getByLabel(`Objekt i ${layerTitle}`).selectOption({ label: name });
	await page.getByRole('button', { name: 'Öppna' }).click();
	await page.locator('[data-feature-form]').getByLabel('Anteckning').fill('Min anteckning');
}
const liveEvents = async (page: Page) => Number((await page.locator('html').getAttribute('data-live-events')) ?? 0);

/** A raw event stream read in the test (real HTTP, the session's cookie), as text as it arrives. */
async function rawStream(request: APIRequestContext, origin: string) {
	const cookie = (await request.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	const controller = new AbortController();
	const response = await fetch(`${origin}/api/events`, { headers: { cookie }, signal: controller.signal });
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('text/event-stream');
	const reader = response.body!.getReader();
	const decoder = new TextDecoder();
	const stream = { text: '', ended: false };
	void (async () => {
		try {
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				stream.text += decoder.decode(value);
			}
		} catch {
			/* aborted */
		}
		stream.ended = true;
	})();
	return { stream, close: () => controller.abort() };
}

test('a finding recorded on a phone during a walk appears on the meeting screen within a second, without a reload', async ({ page, request, browser, baseURL }) => {
	const walk = await createWalk(request, `Vandring under mötet ${counter++}`);
	const created = await send(request, 'post', '/api/meetings', { title: 'Platssamverkan med vandring', date: '2025-05-14', participants: [], organisationIds: ['polis-jarva'] });
	expect(created.status()).toBe(201);
	const { meeting } = await created.json();
	expect((await send(request, 'post', `/api/meetings/${meeting.id}/items`, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' })).status()).toBe(201);

	await page.goto(`/mote/${meeting.id}`);
	await liveOpen(page);
	const navigations: string[] = [];
	page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations.push(frame.url()));
	// When the finding shows on the meeting screen, by the page's clock (the server's is the same machine's).
	await page.evaluate(() => {
		const w = window as unknown as { __seenAt?: number };
		const observer = new MutationObserver(() => {
			if (document.querySelector('.live-findings')?.textContent?.includes('Lampan vid porten är trasig')) {
				w.__seenAt = Date.now();
				observer.disconnect();
			}
		});
		observer.observe(document.body, { childList: true, subtree: true, characterData: true });
	});

	const phone = await otherBrowser(browser, baseURL!, 'demo-polis-redaktor', PHONE);
	await phone.page.goto(`/inventering/${walk.id}/falt`);
	await expect(phone.page.getByTestId('sync-status')).toHaveText('Online – alla fynd är skickade');
	await phone.page.getByRole('button', { name: 'Nytt fynd här' }).click();
	await record(phone.page, { category: 'Belysning', severity: 'Hög', note: 'Lampan vid porten är trasig' });

	const panel = page.locator('.live-findings');
	await expect(panel).toContainText('Lampan vid porten är trasig', { timeout: 10_000 });
	await expect(panel).toContainText('Belysning');
	await expect(panel).toContainText(walk.title);
	const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
	const stored = inventory.findings.find((f: { note: string }) => f.note === 'Lampan vid porten är trasig');
	const seenAt = await page.evaluate(() => (window as unknown as { __seenAt: number }).__seenAt);
	const latency = seenAt - Date.parse(stored.createdAt);
	console.log(`finding stored → shown on the meeting screen: ${latency} ms`);
	expect(latency).toBeLessThan(1000);
	expect(navigations, 'the meeting page was not reloaded').toEqual([]);
	await expect(page.getByRole('status').filter({ hasText: 'Nytt fynd' })).toContainText('Nytt fynd från inventeringen');
	await phone.page.screenshot({ path: `${SHOTS}/live-phone-finding.png` });

	// A green point on the map where it was recorded.
	const marked = () => page.evaluate(() => [...new Set((window as any).__lageskartan.map.querySourceFeatures('live-findings').map((f: any) => f.properties.id))] as string[]);
	await expect.poll(marked, { timeout: 5_000 }).toEqual([stored.id]);
	// "Visa på kartan" takes the meeting's map there.
	await panel.getByRole('button', { name: 'Visa på kartan' }).click();
	await expect
		.poll(() => page.evaluate(() => (window as any).__lageskartan.map.getZoom() as number), { timeout: 10_000 })
		.toBeGreaterThan(16);
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const map = (window as any).__lageskartan.map;
				map.once('idle', () => resolve());
				map.triggerRepaint();
			})
	);
	await page.screenshot({ path: `${SHOTS}/live-meeting-finding.png` });
	expect(phone.foreign, 'the phone’s requests to another host').toEqual([]);
	await phone.context.close();
});

test('notes a colleague saves show in the meeting’s box when no one is typing there, and the room is told', async ({ page, request, requestAs }) => {
	const created = await send(request, 'post', '/api/meetings', { title: 'Möte med anteckningar', date: '2025-05-14', participants: [], organisationIds: ['polis-jarva'] });
	const { meeting } = await created.json();
	const added = await send(request, 'post', `/api/meetings/${meeting.id}/items`, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' });
	const { item } = await added.json();
	await page.goto(`/mote/${meeting.id}`);
	await liveOpen(page);
	await page.keyboard.press('n');
	const notes = page.getByRole('textbox', { name: /Anteckningar för/ });
	await expect(notes).toHaveValue('');
	const police = await requestAs('demo-polis-redaktor');
	expect((await send(police, 'patch', `/api/meetings/${meeting.id}/items/${item.id}`, { baseVersion: item.version, notes: 'Polisen: ny bild, se rapport.' })).status()).toBeLessThan(300);
	await expect(notes).toHaveValue('Polisen: ny bild, se rapport.', { timeout: 5_000 });
	await expect(page.locator('.toast')).toContainText('är ändrad av någon annan');
	// Writing on from there saves on the colleague's version: nothing of theirs is lost.
	await notes.press('End');
	await notes.pressSequentially(' SDF: städning varje vecka.');
	await expect(page.locator('.state')).toHaveText(`Sparat (version ${item.version + 2}).`);
	const { meeting: after } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
	expect(after.items[0].notes).toBe('Polisen: ny bild, se rapport. SDF: städning varje vecka.');
});

test('the walk page and the measures list show what others record, without a reload', async ({ page, request, requestAs }) => {
	const walk = await createWalk(request, `Vandring som följs ${counter++}`);
	await page.goto(`/inventering/${walk.id}`);
	await liveOpen(page);
	await expect(page.getByRole('heading', { name: 'Fynd (0)' })).toBeVisible();
	const police = await requestAs('demo-polis-redaktor');
	const finding = await send(police, 'post', `/api/inventories/${walk.id}/findings`, {
		clientId: '00000000-0000-4000-8000-0000000c0ffe',
		category: 'belysning',
		severity: 2,
		note: 'Mörkt vid gångtunneln',
		position: [17.9302, 59.4118],
		createdAt: new Date().toISOString()
	});
	expect(finding.status(), await finding.text()).toBe(201);
	await expect(page.getByRole('heading', { name: 'Fynd (1)' })).toBeVisible({ timeout: 5_000 });
	await expect(page.getByText('Mörkt vid gångtunneln')).toBeVisible();

	await page.goto('/atgarder');
	await liveOpen(page);
	const count = page.locator('.count');
	const before = Number((await count.textContent())!.match(/\d+/)![0]);
	const measure = await send(police, 'post', '/api/measures', { title: `Ny belysning ${counter++}`, ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-31', status: 'beslutad' });
	expect(measure.status(), await measure.text()).toBe(201);
	await expect(count).toContainText(new RegExp(`^${before + 1} åtgärd`), { timeout: 5_000 });
	await expect(page.getByText(measure.ok() ? (await measure.json()).measure.title : '')).toBeVisible();
});

test('the week page shows a focus place the police sets and a report a partner sends, without a reload', async ({ page, request, requestAs }) => {
	const meeting = await (await request.get('/api/reports/week/meeting')).json();
	await page.goto(`/vecka?week=${meeting.week}`);
	await liveOpen(page);
	const focus = page.getByRole('region', { name: '3. Veckans fokusplatser' });
	const list = page.getByRole('heading', { name: /^Veckans rapporter \(\d+\)$/ });
	const before = Number((await list.textContent())!.match(/\d+/)![0]);
	const police = await requestAs('demo-polis-redaktor');
	const made = await send(police, 'post', '/api/reports/week/focus', { week: meeting.week, place: { kind: 'point', position: [17.9402, 59.4001] }, name: 'Busshållplatsen (live)', ownerOrganisationId: 'polis-jarva', text: 'Ordningsstörningar kvällstid' });
	expect(made.status(), await made.text()).toBe(201);
	await expect(focus.getByTestId('focus-place').filter({ hasText: 'Busshållplatsen (live)' })).toBeVisible({ timeout: 5_000 });

	const owner = await requestAs('demo-fastighet-redaktor');
	// Today is in the week shown (the server's week, Stockholm).
	const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
	const report = await send(owner, 'post', '/api/reports', { clientId: crypto.randomUUID(), category: 'klotter', date: today, time: '00:01', position: [17.9275, 59.4105], text: 'Klotter på porten (live)' });
	expect(report.status(), await report.text()).toBe(201);
	await expect(list).toHaveText(`Veckans rapporter (${before + 1})`, { timeout: 5_000 });
});

test('the map of one client shows a feature another client created, without a reload', async ({ page, map, requestAs }) => {
	await page.goto(`/?lager=stadsdelar,drogscener&ar=2023&${CAMERA}`);
	await map.idle();
	await liveOpen(page);
	const police = await requestAs('demo-polis-redaktor');
	const created = await createFeature(police, LAYER, scene(`Ny scen ${counter++}`));
	const ids = () => page.evaluate((layer) => (window as any).__lageskartan.map.querySourceFeatures(layer).map((f: any) => String(f.properties.id)) as string[], LAYER);
	await expect.poll(ids, { timeout: 5_000 }).toContain(created.properties.id);
	await map.idle();
	await page.screenshot({ path: `${SHOTS}/live-map-new-feature.png` });
});

test('an editor learns that someone else changed the object before saving, and can take the new version; an own save is no such notice', async ({ page, map, request, requestAs }) => {
	const name = `Scen som ändras ${counter++}`;
	const created = await createFeature(request, LAYER, scene(name));
	await page.goto(`/?lager=stadsdelar,drogscener&ar=2023&${CAMERA}`);
	await map.idle();
	await liveOpen(page);
	await editWithNote(page, LAYER, 'Öppna drogscener 2023', name);
	const form = page.locator('[data-feature-form]');

	const theirs = scene('Deras namn');
	const put = await send(await requestAs('demo-polis-redaktor'), 'put', `/api/layers/${LAYER}/features/${created.properties.id}`, {
		feature: { ...theirs, properties: { ...theirs.properties, id: created.properties.id } },
		baseVersion: 1
	});
	expect(put.status()).toBe(200);
	const notice = page.locator('.elsewhere');
	await expect(notice).toContainText('Någon annan har ändrat objektet', { timeout: 5_000 });
	await expect(notice).toContainText('nu version 2, du utgår från version 1');
	await page.screenshot({ path: `${SHOTS}/live-editor-notice.png` });
	// On a phone the notice sits above the form, below the map.
	await page.setViewportSize({ width: 390, height: 844 });
	await notice.scrollIntoViewIfNeeded();
	await expect(notice.getByRole('button', { name: 'Visa den nya versionen' })).toBeInViewport();
	await page.screenshot({ path: `${SHOTS}/live-editor-notice-phone.png` });
	await page.setViewportSize(FLOW);
	await notice.getByRole('button', { name: 'Visa den nya versionen' }).click();
	await expect(form.getByLabel('Namn')).toHaveValue('Deras namn');
	await expect(form).toContainText('version 2');
	await expect(notice).toHaveCount(0);

	// This user's own save: no notice, neither while it is sent nor when its event comes back.
	const before = await liveEvents(page);
	await form.getByLabel('Anteckning').fill('Min egen ändring');
	await form.getByRole('button', { name: 'Spara' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'sparad som version 3' })).toBeVisible();
	await expect.poll(() => liveEvents(page), { timeout: 5_000 }).toBeGreaterThan(before);
	await page.getByLabel('Objekt i Öppna drogscener 2023').selectOption({ label: 'Deras namn' });
	await page.getByRole('button', { name: 'Öppna' }).click();
	await expect(form).toContainText('version 3');
	await expect(notice).toHaveCount(0);
});

test('a property owner’s stream carries nothing about a drug scene the police draws, not even its id; logging out ends it', async ({ requestAs, request, baseURL }) => {
	const origin = new URL(baseURL!).origin;
	const owner = await requestAs('demo-fastighet-redaktor');
	const police = await requestAs('demo-polis-redaktor');
	const ownerStream = await rawStream(owner, origin);
	const policeStream = await rawStream(police, origin);
	await expect.poll(() => ownerStream.stream.text).toContain('event: ready');
	await expect.poll(() => policeStream.stream.text).toContain('event: ready');

	const secret = await createFeature(police, LAYER, scene(`Hemlig scen ${counter++}`));
	const shared = await createFeature(police, 'otrygga-platser', place(`Delad plats ${counter++}`));
	await expect.poll(() => ownerStream.stream.text, { timeout: 5_000 }).toContain(shared.properties.id);
	await expect.poll(() => policeStream.stream.text, { timeout: 5_000 }).toContain(shared.properties.id);
	expect(policeStream.stream.text).toContain(secret.properties.id);
	expect(ownerStream.stream.text).not.toContain(secret.properties.id);
	expect(ownerStream.stream.text).not.toContain(LAYER);
	expect(ownerStream.stream.text).toMatch(new RegExp(`event: feature\\ndata: \\{"layer":"otrygga-platser","id":"${shared.properties.id}","version":1,"action":"create"\\}`));

	// Logging out ends the session's stream at once.
	expect((await owner.delete('/api/session')).status()).toBe(204);
	await expect.poll(() => ownerStream.stream.ended, { timeout: 5_000 }).toBe(true);
	expect((await owner.get('/api/events')).status()).toBe(401);
	policeStream.close();
	ownerStream.close();

	// An access token (for GIS clients) is not a session: 403, as for every /api route.
	const token = (await (await request.post('/api/tokens', { data: { name: 'Händelser' } })).json()).token as string;
	const refused = await request.get('/api/events', { headers: { authorization: `Bearer ${token}` } });
	expect(refused.status()).toBe(403);
	expect((await refused.json()).message).toMatch(/åtkomsttoken/i);
	// A Last-Event-ID that is not one of ours: 400 with what to do.
	const bad = await request.get('/api/events', { headers: { 'last-event-id': 'abc' } });
	expect(bad.status()).toBe(400);
	expect((await bad.json()).message).toMatch(/Anslut utan det/);
});

test('an import reaches another client as one change: the map shows the new objects, an open editor learns its object was removed', async ({ page, map, request, baseURL }) => {
	// A layer of its own: the writing files share this server, and a replace empties the layer.
	const layer = 'drogscener-2027';
	const created = await send(request, 'post', '/api/layers', { id: layer, title: 'Öppna drogscener 2027', kind: 'drug-scene', year: 2027, source: 'e2e-test: import', precision: 'Ungefärlig' });
	expect(created.status(), await created.text()).toBe(201);
	const scene2027 = (name: string, lon?: number, lat?: number) => {
		const feature = scene(name, lon, lat);
		return { ...feature, properties: { ...feature.properties, year: 2027 } };
	};
	const name = `Scen som ersätts ${counter++}`;
	await createFeature(request, layer, scene2027(name));
	await page.goto(`/?lager=stadsdelar,drogscener&ar=2027&${CAMERA}`);
	await map.idle();
	await liveOpen(page);
	await editWithNote(page, layer, 'Öppna drogscener 2027', name);
	const origin = new URL(baseURL!).origin;
	const stream = await rawStream(request, origin);
	await expect.poll(() => stream.stream.text).toContain('event: ready');

	// The layer replaced by a file of 40 objects, from another session.
	const imported = Array.from({ length: 40 }, (_, i) => scene2027(`Importerad scen ${i}`, 17.912 + (i % 8) * 0.0008, 59.3875 + Math.floor(i / 8) * 0.0006));
	const file = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: imported }));
	const response = await request.post(`/api/layers/${layer}/import`, {
		headers: { origin },
		multipart: { file: { name: 'scener.geojson', mimeType: 'application/geo+json', buffer: file }, source: 'e2e-test', mode: 'replace' }
	});
	expect(response.status(), await response.text()).toBe(201);
	expect((await response.json()).imported).toEqual({ created: 40, updated: 0, deleted: 1 });

	const names = () => page.evaluate((id) => (window as any).__lageskartan.map.querySourceFeatures(id).map((f: any) => String(f.properties.name)) as string[], layer);
	await expect.poll(async () => new Set((await names()).filter((n) => n.startsWith('Importerad scen'))).size, { timeout: 5_000 }).toBe(40);
	await expect.poll(names).not.toContain(name);
	await expect(page.locator('.elsewhere')).toContainText('och tagit bort det', { timeout: 5_000 });
	await map.idle();
	await page.screenshot({ path: `${SHOTS}/live-map-import.png` });
	// One event for the whole import: the layer, its new revision, action import.
	await expect.poll(() => stream.stream.text, { timeout: 5_000 }).toContain('"action":"import"');
	const features = stream.stream.text.split('\n\n').filter((block) => block.includes('event: feature'));
	expect(features).toHaveLength(1);
	expect(features[0]).toMatch(new RegExp(`data: \\{"layer":"${layer}","id":"${layer}","version":\\d+,"action":"import"\\}`));
	stream.close();
});
