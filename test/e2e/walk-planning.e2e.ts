/**
 * Planning a walk as the coordinator does it (issue 13 items 2, 4, 7; the layout at 1920×1080): one field sheet
 * for everyone on a walk with property owners – the same numbers, the drug scene printed as
 * "Stopp 2 – plats enligt samordnaren" without name or place, the planner warned before printing –;
 * a popup on a known place that adds it as a stop; stops put in order by hand (arrows, dragging)
 * with the optimiser as a button; a stop placed on the map named by its street.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E_PASSWORD, login } from './accounts';
import { expect, FLOW, mapHandle, PROJECTOR } from './fixtures';
import { testWithOwnServer as test } from './own-server';

// The flows run at FLOW (1280×720: the same flow, half the pixels for every map frame); the
// planner's layout at the coordinator's 1920×1080 is checked at the end of the second test.
test.use({ viewport: FLOW });

/** Nordkapsgatan, a 2023 drug scene in Husby: the city and the police see it, property owners do not. */
const SCENE = { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };

async function walkWith(request: APIRequestContext, organisationIds: string[], stops: object[]): Promise<string> {
	const created = await request.post('/api/inventories', {
		data: { title: `Kvällsvandring ${Date.now()}`, area: { kind: 'district', name: 'Husby' }, startsAt: '2026-05-14T16:30:00.000Z', organisationIds, purpose: '' }
	});
	expect(created.status(), await created.text()).toBe(201);
	const { inventory } = await created.json();
	if (stops.length) {
		const patched = await request.patch(`/api/inventories/${inventory.id}`, { data: { baseVersion: 1, stops } });
		expect(patched.status(), await patched.text()).toBe(200);
	}
	return inventory.id;
}

/** The printed stops of the field sheet, as "N Name" lines, once its map is drawn. */
async function sheetStops(page: Page, id: string): Promise<string[]> {
	await page.goto(`/inventering/${id}/faltblad`);
	await expect(page.locator('article.sheet')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	return (await page.getByTestId('sheet-stop').locator('h2').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Numbers of the stops the sheet's map draws, and whether it draws any drug scene. */
async function drawn(page: Page) {
	return page.evaluate(() => {
		const map = (window as any).__lageskartan.map;
		return {
			// querySourceFeatures answers once per tile a point lies in: the distinct numbers.
			stops: [...new Set(map.querySourceFeatures('walk-stops').map((f: any) => f.properties.number))].sort(),
			scenes: map.querySourceFeatures('walk-context', { filter: ['==', ['get', 'kind'], 'scene'] }).length
		};
	});
}

async function pointOnMap(page: Page, position: [number, number]) {
	return page.evaluate(([lon, lat]) => {
		const map = (window as any).__lageskartan.map;
		const p = map.project([lon, lat]);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + p.x, y: box.top + p.y };
	}, position);
}

const apiStops = async (request: APIRequestContext, id: string) =>
	(await (await request.get(`/api/inventories/${id}`)).json()).inventory.stops.map((s: { id: string; number: number }) => `${s.number} ${s.id}`);

test('the same field sheet for the city and a property owner: one numbering, the scene withheld from both, the planner warned', async ({ page, request, requestAs }) => {
	const id = await walkWith(request, ['sdf-jarva', 'polis-jarva', 'fastighetsagare'], [
		{ id: 'start', name: 'Husby centrum', position: [17.926, 59.41] },
		{ id: 'scen', name: 'Nordkapsgatan, Husby (2023)', position: [17.93165, 59.40657], source: SCENE },
		{ id: 'garage', name: 'Garaget vid Trondheimsgatan', position: [17.93, 59.4072] }
	]);

	// The city's coordinator plans it: the scene stop is marked, and the warning stands before printing.
	await page.goto(`/inventering/${id}`);
	await expect(page.getByTestId('print-warning')).toContainText('Före utskrift: stopp 2 skrivs ut och visas för alla deltagare utan namn och plats ("Stopp 2 – plats enligt samordnaren")');
	await expect(page.getByTestId('print-warning')).toContainText('Fastighetsägare i Järva');
	await expect(page.getByTestId('restricted-stop')).toContainText('Fastighetsägare i Järva deltar och får inte se lagret');
	await expect(page.getByLabel('Namn på stopp 2')).toHaveValue('Nordkapsgatan, Husby (2023)');
	// One route for everyone: from 1 to 3, past 2 without a line.
	await expect(page.getByTestId('route-legs').locator(':scope > li')).toHaveCount(1);
	await expect(page.getByTestId('route-legs')).toContainText('1 → 3');
	await expect(page.getByTestId('leg-passes')).toContainText('stopp 2: platsen visar samordnaren');
	await mapHandle(page).idle();
	await page.screenshot({ path: 'test-results/walk-planner-restricted.png' });

	const city = await sheetStops(page, id);
	expect(city).toEqual(['1 Husby centrum', '2 Stopp 2 – plats enligt samordnaren', '3 Garaget vid Trondheimsgatan']);
	await expect(page.getByTestId('sheet-restricted-warning')).toContainText('Stopp 2 (Nordkapsgatan, Husby (2023)) skrivs ut som "Stopp 2 – plats enligt samordnaren"');
	await expect(page.locator('article.sheet')).not.toContainText('Nordkapsgatan');
	expect(await drawn(page)).toEqual({ stops: ['1', '3'], scenes: 0 });
	await page.emulateMedia({ media: 'print' });
	await page.screenshot({ path: 'test-results/walk-sheet-city.png', fullPage: true });
	await page.emulateMedia({ media: 'screen' });

	// Field mode says the same.
	const fieldStops = ['Husby centrum', 'Stopp 2 – plats enligt samordnaren', 'Garaget vid Trondheimsgatan'];
	await page.goto(`/inventering/${id}/falt`);
	await expect(page.getByTestId('field-stops').locator('li')).toHaveText(fieldStops);
	await mapHandle(page).idle();
	expect(await drawn(page)).toEqual({ stops: ['1', '3'], scenes: 0 });

	// The property owner's sheet is the same sheet, and their API answer never names the scene.
	const owner = await requestAs('demo-fastighet-lasare');
	const ownerWalk = await (await owner.get(`/api/inventories/${id}`)).text();
	expect(ownerWalk).not.toMatch(/Nordkapsgatan|ds2023|drogscener|17\.93165/);
	await page.context().clearCookies();
	await login(page.context().request, new URL(page.url()).origin, 'demo-fastighet-lasare', E2E_PASSWORD);
	const propertyOwner = await sheetStops(page, id);
	expect(propertyOwner).toEqual(city);
	await expect(page.getByTestId('sheet-restricted-warning')).toHaveCount(0);
	await expect(page.locator('body')).not.toContainText('Nordkapsgatan');
	expect(await drawn(page)).toEqual({ stops: ['1', '3'], scenes: 0 });
	await page.goto(`/inventering/${id}/falt`);
	await expect(page.getByTestId('field-stops').locator('li')).toHaveText(fieldStops);
	await expect(page.locator('body')).not.toContainText('Nordkapsgatan');
});

test('a popup on a known place adds it as a stop; stops are put in order by arrows and by dragging; the optimiser is a button; a stop on the map is named by its street', async ({ page, request }) => {
	const id = await walkWith(request, ['sdf-jarva'], []);
	await page.goto(`/inventering/${id}`);
	await mapHandle(page).idle();

	// An insecure place of the context, clicked on the map: its popup says what it is and adds it.
	const place = await page.evaluate(() => {
		const map = (window as any).__lageskartan.map;
		// One of the example places, alone where it is drawn (a place made from a finding by an
		// earlier test may lie on top of another).
		const all = map.queryRenderedFeatures({ layers: ['walk-place'] });
		const alone = (f: any) => {
			const p = map.project(f.geometry.coordinates);
			return all.every((g: any) => g === f || Math.hypot(map.project(g.geometry.coordinates).x - p.x, map.project(g.geometry.coordinates).y - p.y) > 24);
		};
		const feature = all.find((f: any) => f.properties.example === true && alone(f));
		return { name: feature.properties.name as string, position: feature.geometry.coordinates as [number, number] };
	});
	const at = await pointOnMap(page, place.position);
	await page.mouse.click(at.x, at.y);
	const popup = page.locator('.feature-popup');
	await expect(popup).toBeVisible();
	await expect(popup.locator('h2')).toHaveText(place.name);
	await expect(popup).toContainText('Källa');
	await expect(popup).toContainText('Exempel');
	await page.keyboard.press('Escape');
	await expect(popup).toHaveCount(0);
	await page.mouse.click(at.x, at.y);
	await page.screenshot({ path: 'test-results/walk-planner-popup.png' });
	await popup.getByRole('button', { name: 'Lägg till som stopp' }).click();
	await expect(page.getByLabel('Namn på stopp 1')).toHaveValue(place.name);
	await expect.poll(async () => (await (await request.get(`/api/inventories/${id}`)).json()).inventory.stops[0]?.source?.layerId).toBe('otrygga-platser');

	// A stop placed on the map where no known place is: named after the street (Borgågatan in Akalla).
	await page.evaluate(() => (window as any).__lageskartan.map.jumpTo({ center: [17.92357, 59.41475], zoom: 17 }));
	await page.getByRole('button', { name: 'Lägg till stopp i kartans mitt' }).click();
	await expect(page.getByLabel('Namn på stopp 2')).toHaveValue('Borgågatan');
	await page.evaluate(() => (window as any).__lageskartan.map.jumpTo({ center: [17.9302, 59.4118], zoom: 17 }));
	await page.getByRole('button', { name: 'Lägg till stopp i kartans mitt' }).click();
	await expect(page.getByLabel('Namn på stopp 3')).not.toHaveValue('');
	await expect(page.getByLabel('Namn på stopp 3')).not.toHaveValue(/^Stopp \d+$/);
	const [first, second, third] = (await apiStops(request, id)).map((s: string) => s.split(' ')[1]);

	// Keyboard: stop 3 up one place.
	await page.getByRole('button', { name: 'Flytta stopp 3 upp' }).focus();
	await page.keyboard.press('Enter');
	await expect.poll(() => apiStops(request, id)).toEqual([`1 ${first}`, `2 ${third}`, `3 ${second}`]);
	// The keyboard stays with the moved stop, now number 2: Enter again moves it on up.
	await expect(page.getByRole('button', { name: 'Flytta stopp 2 upp' })).toBeFocused();
	// Dragging stop 1 onto stop 3 puts it there.
	await page.locator('[data-testid=planner-stops] > li').nth(0).dragTo(page.locator('[data-testid=planner-stops] > li').nth(2));
	await expect.poll(() => apiStops(request, id)).toEqual([`1 ${third}`, `2 ${second}`, `3 ${first}`]);
	await expect(page.getByTestId('route-legs')).toContainText('1 → 2');
	// The optimiser keeps stop 1 and orders the rest shortest.
	const before = (await (await request.get(`/api/inventories/${id}`)).json()).inventory.route.metres;
	await page.getByTestId('optimise').click();
	await expect.poll(async () => (await (await request.get(`/api/inventories/${id}`)).json()).inventory.version).toBe(7);
	const after = (await (await request.get(`/api/inventories/${id}`)).json()).inventory;
	expect(after.stops[0].id).toBe(third);
	expect(after.route.metres).toBeLessThanOrEqual(before);

	// At the coordinator's 1920×1080, names are read in full: the input is as wide as the column.
	await page.setViewportSize(PROJECTOR);
	await mapHandle(page).idle();
	const widths = await page.getByLabel('Namn på stopp 1').evaluate((input: HTMLInputElement) => ({ scroll: input.scrollWidth, client: input.clientWidth }));
	expect(widths.scroll).toBeLessThanOrEqual(widths.client);
	await page.screenshot({ path: 'test-results/walk-planner-1920.png' });
});
