/**
 * Issue 13 in the meeting, as the people in the room would do it (the framing at a projector's
 * 1920×1080, the flows at FLOW's 1280×720):
 * notes typed at a place survive stepping on (N), opening the protocol (R) and a session that ends
 * mid-meeting (the password is asked for over the meeting, which stays on the same place); a
 * place clicked on the map has a popup with where it came from and is put on the agenda from it.
 * These tests write: they run on a server of their own.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E_PASSWORD } from './accounts';
import { expect, FLOW, PROJECTOR } from './fixtures';
import { testWithOwnServer as test } from './own-server';

test.use({ account: 'demo-sdf-redaktor', viewport: FLOW });

const SHOTS = 'test-results/screenshots';
const send = (request: APIRequestContext, method: 'post' | 'patch', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

async function meetingWith(request: APIRequestContext, title: string, places: [string, string][]) {
	const created = await send(request, 'post', '/api/meetings', { title, date: '2026-03-12', participants: [], organisationIds: ['polis-jarva', 'fastighetsagare'] });
	expect(created.status()).toBe(201);
	const { meeting } = await created.json();
	for (const [layerId, featureId] of places) {
		expect((await send(request, 'post', `/api/meetings/${meeting.id}/items`, { kind: 'feature', layerId, featureId })).status()).toBe(201);
	}
	return meeting as { id: string };
}

const THREE: [string, string][] = [
	['drogscener-2021', 'ds2021-husby-c'],
	['drogscener-2023', 'ds2023-kista-c'],
	['otrygga-platser', 'op-husby-02']
];

async function mapsIdle(page: Page) {
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				const check = () => {
					const map = (window as any).__lageskartan?.map;
					if (map && map.loaded() && map.areTilesLoaded() && !map.isMoving()) resolve();
					else setTimeout(check, 100);
				};
				check();
			})
	);
}

async function storedNotes(request: APIRequestContext, meetingId: string): Promise<string[]> {
	const { meeting } = await (await request.get(`/api/meetings/${meetingId}`)).json();
	return meeting.items.map((i: { notes: string }) => i.notes);
}

/** Leaves the text box the way a presenter does before pressing a key for the room. */
const leaveTextBox = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** The session ends on the server, as after 30 minutes without a request; the page is not told. */
const endSession = (page: Page) =>
	page.evaluate(async () => {
		await fetch('/api/session', { method: 'DELETE' });
	});

const placeTitle = (page: Page) => page.locator('#place-title');

test.describe('nothing typed in the meeting is lost', () => {
	test('notes survive stepping on with N, the protocol with R and a session that ends mid-meeting', async ({ page, request }) => {
		test.setTimeout(150_000);
		const meeting = await meetingWith(request, 'Anteckningar som inte försvinner', THREE);
		await page.goto(`/mote/${meeting.id}`);
		await mapsIdle(page);

		// Place 1: typed, and N pressed at once (before the second's pause that saves as you type).
		await page.keyboard.press('n');
		await expect(placeTitle(page)).toHaveText('Husby C');
		await page.keyboard.press('a');
		await page.keyboard.type('Polisen: inga samlingar sedan i höstas.');
		await leaveTextBox(page);
		await page.keyboard.press('n');
		await expect(placeTitle(page)).toHaveText('Kista C/Busstorg och tunnelbanestation');
		await expect.poll(() => storedNotes(request, meeting.id)).toEqual(['Polisen: inga samlingar sedan i höstas.', '', '']);
		// A half-written decision at place 2 stays when stepping away and back.
		await page.keyboard.press('d');
		await page.keyboard.type('Stadsdelen bjuder in till trygghetsvandring');
		await leaveTextBox(page);
		await page.keyboard.press('p');
		await expect(page.getByRole('textbox', { name: 'Anteckningar för Husby C' })).toHaveValue('Polisen: inga samlingar sedan i höstas.');
		await page.keyboard.press('n');
		await expect(page.getByRole('textbox', { name: 'Beslut', exact: true })).toHaveValue('Stadsdelen bjuder in till trygghetsvandring');

		// Place 2: typed, saved while typing (the status says so), more typed, and R pressed at once.
		await page.keyboard.press('a');
		await page.keyboard.type('Fastighetsägaren: kameran vid busstorget');
		await expect(page.locator('.state')).toHaveText(/Sparat \(version 2\)/);
		await page.keyboard.type(' är lagad.');
		await leaveTextBox(page);
		await page.keyboard.press('r');
		await expect(page).toHaveURL(new RegExp(`/mote/${meeting.id}/protokoll`));
		await expect(page.locator('.notes').nth(1)).toHaveText('Fastighetsägaren: kameran vid busstorget är lagad.');
		expect((await storedNotes(request, meeting.id))[1]).toBe('Fastighetsägaren: kameran vid busstorget är lagad.');

		// Place 3: the session ends (as after 30 minutes without a request) while the room talks.
		const { meeting: full } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		const third = full.items[2].id;
		await page.goto(`/mote/${meeting.id}?plats=${third}`);
		await expect(placeTitle(page)).toHaveText('Parkeringsplats, Husby (exempel)');
		await endSession(page);
		await page.keyboard.press('a');
		await page.keyboard.type('Belysningen är trasig igen.');
		const dialog = page.getByRole('dialog', { name: 'Logga in igen' });
		await expect(dialog).toBeVisible();
		await expect(dialog).toContainText('Det du skrivit i mötet finns kvar');
		await expect(page.getByRole('textbox', { name: 'Anteckningar för Parkeringsplats, Husby (exempel)' })).toHaveValue('Belysningen är trasig igen.');
		await expect(page.locator('.state')).toContainText('sessionen har gått ut');
		await page.screenshot({ path: `${SHOTS}/meeting-notes-expired.png` });
		// A wrong password is refused in the dialog; the right one continues where the room was.
		await dialog.getByLabel('Lösenord').fill('fel');
		await dialog.getByRole('button', { name: 'Logga in och fortsätt' }).click();
		await expect(dialog.getByRole('alert')).toBeVisible();
		await dialog.getByLabel('Lösenord').fill(E2E_PASSWORD);
		await dialog.getByRole('button', { name: 'Logga in och fortsätt' }).click();
		await expect(dialog).toBeHidden();
		await expect(page).toHaveURL(new RegExp(`/mote/${meeting.id}\\?.*plats=${third}`));
		await expect(placeTitle(page)).toHaveText('Parkeringsplats, Husby (exempel)');
		await expect(page.locator('.state')).toHaveText(/Sparat \(version 2\)/);
		expect(await storedNotes(request, meeting.id)).toEqual(['Polisen: inga samlingar sedan i höstas.', 'Fastighetsägaren: kameran vid busstorget är lagad.', 'Belysningen är trasig igen.']);
	});

	test('after a reload the login page leads back to the same place, and a draft kept in the tab is saved', async ({ page, request }) => {
		const meeting = await meetingWith(request, 'Tillbaka till platsen', THREE);
		const { meeting: full } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		const second = full.items[1].id;
		await page.goto(`/mote/${meeting.id}?plats=${second}`);
		await expect(placeTitle(page)).toHaveText('Kista C/Busstorg och tunnelbanestation');
		await endSession(page);
		await page.keyboard.press('a');
		await page.keyboard.type('Skrivet efter att sessionen gick ut.');
		const dialog = page.getByRole('dialog', { name: 'Logga in igen' });
		await expect(dialog).toBeVisible();
		// Someone else at the projector: the login page, then back to the same place.
		await dialog.getByRole('button', { name: 'Logga in som någon annan' }).click();
		await expect(page.getByRole('heading', { name: /Lägeskartan/ })).toBeVisible();
		await page.getByLabel('Användarnamn').fill('demo-sdf-redaktor');
		await page.getByLabel('Lösenord').fill(E2E_PASSWORD);
		await page.getByRole('button', { name: 'Logga in', exact: true }).click();
		await expect(page).toHaveURL(new RegExp(`/mote/${meeting.id}\\?.*plats=${second}`));
		await expect(placeTitle(page)).toHaveText('Kista C/Busstorg och tunnelbanestation');
		await expect(page.getByRole('textbox', { name: /Anteckningar för Kista C/ })).toHaveValue('Skrivet efter att sessionen gick ut.');
		await expect.poll(async () => (await storedNotes(request, meeting.id))[1]).toBe('Skrivet efter att sessionen gick ut.');
	});
});

test.describe('clicking the map in the meeting', () => {
	test('a place clicked on the map shows where it came from and is put on the agenda from its popup', async ({ page, request }) => {
		const meeting = await meetingWith(request, 'Plats från kartan', THREE.slice(0, 2));
		const layer = await (await request.get('/api/layers/otrygga-platser')).json();
		const place = layer.features.find((f: any) => f.properties.id !== 'op-husby-02' && f.geometry.type === 'Point');
		await page.goto(`/mote/${meeting.id}`);
		await mapsIdle(page);
		await page.evaluate((center) => (window as any).__lageskartan.map.jumpTo({ center, zoom: 16.5 }), place.geometry.coordinates);
		await mapsIdle(page);
		const canvas = page.locator('.stage .maplibregl-canvas').first();
		// Where the place is now (the map moves so that a tall popup is not cut by its edge).
		const clickPlace = async () => {
			const point = await page.evaluate((c) => (window as any).__lageskartan.map.project(c), place.geometry.coordinates);
			await canvas.click({ position: { x: point.x, y: point.y } });
		};
		await clickPlace();
		const popup = page.locator('.maplibregl-popup');
		await expect(popup.locator('.feature-popup__title')).toHaveText(place.properties.name);
		await expect(popup).toContainText('Källa');
		await expect(popup).toContainText('Precision');
		await expect(popup).toContainText('Exempel');
		// All of the popup is on the map, not cut by its edge.
		const [box, frame] = await Promise.all([popup.boundingBox(), page.locator('.stage').boundingBox()]);
		expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y + frame!.height);
		expect(box!.y).toBeGreaterThanOrEqual(frame!.y);
		await page.screenshot({ path: `${SHOTS}/meeting-popup.png` });
		const add = popup.getByRole('button', { name: 'Lägg till på dagordningen' });
		await expect(add).toBeFocused();
		await add.click();
		await expect(page.getByRole('status').filter({ hasText: `”${place.properties.name}” är punkt 3 på dagordningen` })).toBeAttached();
		const { meeting: after } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		expect(after.items.map((i: any) => i.featureId)).toEqual(['ds2021-husby-c', 'ds2023-kista-c', place.properties.id]);
		// Clicked again, the place is on the agenda: the popup leads to its item; Escape closes it.
		await clickPlace();
		await expect(popup.getByRole('button', { name: 'Gå till punkt 3' })).toBeVisible();
		await page.keyboard.press('Escape');
		await expect(popup).toHaveCount(0);
		await clickPlace();
		await popup.getByRole('button', { name: 'Gå till punkt 3' }).click();
		await expect(placeTitle(page)).toHaveText(place.properties.name);
	});
});

test.describe('framing a place in the meeting', () => {
	test.use({ viewport: PROJECTOR });

	test('a scene opens with its displacement partner in view and clear of the legend; nearby badges gather in the overview', async ({ page, request }) => {
		const meeting = await meetingWith(request, 'Inramning', [...THREE, ['otrygga-platser', 'op-husby-01']]);
		await page.goto(`/mote/${meeting.id}`);
		await mapsIdle(page);
		// The overview: no two badges drawn on top of each other.
		const badges = await page.evaluate(() => {
			const map = (window as any).__lageskartan.map;
			return map.queryRenderedFeatures({ layers: ['agenda-badge', 'agenda-cluster'] }).map((f: any) => ({ label: String(f.properties.label ?? f.properties.n), ...map.project(f.geometry.coordinates) }));
		});
		for (const [i, a] of badges.entries()) for (const b of badges.slice(i + 1)) expect(Math.hypot(a.x - b.x, a.y - b.y), `${a.label} and ${b.label}`).toBeGreaterThan(30);
		await page.screenshot({ path: `${SHOTS}/meeting-framing-overview.png` });

		await page.keyboard.press('n');
		await expect(placeTitle(page)).toHaveText('Husby C');
		await expect(page.locator('.years li[data-year="2023"]')).toContainText('Nordkapsgatan');
		// Framed again once the story has named the partner.
		await expect
			.poll(
				async () => {
					await mapsIdle(page);
					return page.evaluate(async () => {
						const map = (window as any).__lageskartan.map;
						const bounds = map.getBounds();
						const data = await map.getSource('drogscener-2023').getData();
						const partner = data.features.find((f: any) => f.properties.id === 'ds2023-nordkapsgatan');
						const ring = partner.geometry.type === 'Polygon' ? partner.geometry.coordinates[0] : partner.geometry.coordinates[0][0];
						return ring.every((c: [number, number]) => bounds.contains(c));
					});
				},
				{ timeout: 20_000 }
			)
			.toBe(true);
		// The place is not under the legend.
		const overlap = await page.evaluate(() => {
			const map = (window as any).__lageskartan.map;
			const legend = document.querySelector('.legend-slot')!.getBoundingClientRect();
			const canvas = map.getCanvas().getBoundingClientRect();
			const points = map.queryRenderedFeatures({ layers: ['agenda-outline'] }).flatMap((f: any) => (f.geometry.type === 'LineString' ? f.geometry.coordinates : f.geometry.coordinates.flat()));
			return points.filter((c: [number, number]) => {
				const p = map.project(c);
				const x = canvas.left + p.x;
				const y = canvas.top + p.y;
				return x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom;
			}).length;
		});
		expect(overlap).toBe(0);
		await page.screenshot({ path: `${SHOTS}/meeting-framing-place.png` });
		// The legend moves to the other side and hides.
		await page.getByRole('button', { name: 'Flytta till höger' }).click();
		await expect(page.locator('.legend-slot')).toHaveAttribute('data-side', 'right');
		await page.getByRole('button', { name: /^Dölj/ }).click();
		await expect(page.locator('.legend-slot')).toHaveCount(0);
		// Toolbar and footer are readable on the projector: at least 18 px.
		for (const selector of ['.bar-button', '.keys', '.tools button'])
			expect(await page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize)), selector).toBeGreaterThanOrEqual(18);

		// Back in the overview, a place's number on the map leads to it.
		await page.keyboard.press('Home');
		await mapsIdle(page);
		const two = await page.evaluate(() => {
			const map = (window as any).__lageskartan.map;
			const badge = map.queryRenderedFeatures({ layers: ['agenda-badge'] }).find((f: any) => f.properties.n === '2');
			return badge && map.project(badge.geometry.coordinates);
		});
		expect(two).toBeTruthy();
		await page.locator('.stage .maplibregl-canvas').first().click({ position: { x: two.x, y: two.y - 34 } });
		await expect(placeTitle(page)).toHaveText('Kista C/Busstorg och tunnelbanestation');
	});
});

test.describe('a place’s own camera', () => {
	test('the map as the room left it is saved for the place, opens it next time, and is forgotten again', async ({ page, request }) => {
		const meeting = await meetingWith(request, 'Sparad kartbild', THREE);
		await page.goto(`/mote/${meeting.id}`);
		await mapsIdle(page);
		await page.keyboard.press('n');
		await expect(placeTitle(page)).toHaveText('Husby C');
		await mapsIdle(page);
		// The room looks closer at the square, then saves that picture for the place.
		await page.evaluate(() => (window as any).__lageskartan.map.jumpTo({ center: [17.9262, 59.4101], zoom: 17.3 }));
		await page.getByRole('button', { name: 'Spara kartbilden för platsen' }).click();
		await expect(page.getByText('Platsen har en sparad kartbild.')).toBeVisible();
		const { meeting: stored } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		expect(stored.items[0].camera).toEqual({ center: [17.9262, 59.4101], zoom: 17.3, bearing: 0 });
		expect(stored.items[0].version).toBe(2);

		// Next time the place opens, it opens there (not framed with its partner).
		await page.keyboard.press('Home');
		await mapsIdle(page);
		await page.keyboard.press('n');
		await expect(placeTitle(page)).toHaveText('Husby C');
		const camera = () =>
			page.evaluate(() => {
				const map = (window as any).__lageskartan.map;
				return { lng: map.getCenter().lng, lat: map.getCenter().lat, zoom: map.getZoom() };
			});
		await expect.poll(async () => (await camera()).zoom, { timeout: 15_000 }).toBeCloseTo(17.3, 1);
		expect(await camera()).toMatchObject({ lng: expect.closeTo(17.9262, 4), lat: expect.closeTo(59.4101, 4) });

		// Notes written after keep the camera (one item, one version line).
		await page.getByLabel('Anteckningar för Husby C').fill('Sett från torget');
		await expect.poll(async () => (await storedNotes(request, meeting.id))[0], { timeout: 10_000 }).toBe('Sett från torget');
		await page.getByRole('button', { name: 'Glöm den sparade kartbilden' }).click();
		await expect(page.getByText('Platsen har en sparad kartbild.')).toHaveCount(0);
		const { meeting: after } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		expect(after.items[0]).toMatchObject({ camera: null, notes: 'Sett från torget', version: 4 });
		// A camera outside Stockholm is refused with the field named.
		const refused = await send(request, 'patch', `/api/meetings/${meeting.id}/items/${after.items[0].id}`, { baseVersion: 4, camera: { center: [11.97, 57.7], zoom: 15 } });
		expect(refused.status()).toBe(400);
		expect(await refused.text()).toMatch(/inom Stockholm/);
	});
});

test.describe('the meeting on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('a place with its notes fits a phone, and the notes save as typed', async ({ page, request }) => {
		const meeting = await meetingWith(request, 'I telefonen', THREE);
		const { meeting: full } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		await page.goto(`/mote/${meeting.id}?plats=${full.items[0].id}`);
		await mapsIdle(page);
		await expect(placeTitle(page)).toHaveText('Husby C');
		await page.screenshot({ path: `${SHOTS}/meeting-phone-place.png` });
		await page.getByRole('textbox', { name: 'Anteckningar för Husby C' }).fill('Skrivet i telefonen.');
		await expect(page.locator('.state')).toHaveText(/Sparat \(version 2\)/);
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await page.screenshot({ path: `${SHOTS}/meeting-phone-notes.png`, fullPage: true });
	});
});
