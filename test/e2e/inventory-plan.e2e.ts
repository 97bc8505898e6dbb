/**
 * Planning a safety walk on a phone: create it, choose stops on the map and with the keyboard,
 * get the walking route along the paths with its legs, and print the field sheet on A4.
 */
import type { Page } from '@playwright/test';
import { testWithOwnServer as test } from './own-server';
import { expect, mapHandle } from './fixtures';
import { PHONE } from './inventory-helpers';

test.use(PHONE);

async function clickMapAt(page: Page, position: [number, number]) {
	const point = await page.evaluate(([lon, lat]) => {
		const map = (window as any).__lageskartan.map;
		const p = map.project([lon, lat]);
		const box = map.getCanvas().getBoundingClientRect();
		return { x: box.left + p.x, y: box.top + p.y };
	}, position);
	await page.mouse.click(point.x, point.y);
}

test('a walk is planned on a phone: area, stops by tap and keyboard, a route along the paths, and an A4 field sheet', async ({ page, request }) => {
	await page.goto('/inventering');
	await page.getByLabel('Rubrik').fill('Kvällsvandring Husby centrum');
	await page.getByRole('combobox', { name: 'Stadsdel' }).selectOption('Husby');
	await page.getByLabel('Lokalpolisområde Järva').check();
	await page.getByLabel('Syfte').fill('Belysning och gångvägar mot tunnelbanan');
	await page.getByRole('button', { name: 'Skapa inventering' }).click();
	await expect(page).toHaveURL(/\/inventering\/[0-9a-f-]{36}$/);
	await expect(page.getByRole('heading', { name: 'Kvällsvandring Husby centrum' })).toBeVisible();
	const id = page.url().split('/').pop()!;
	await mapHandle(page).idle();

	// Three stops by tapping the map, one with the keyboard at the map's centre.
	const stops = page.getByRole('list').filter({ has: page.getByLabel(/Namn på stopp/) });
	for (const [i, position] of ([[17.9255, 59.4098], [17.9302, 59.4118], [17.9221, 59.4081]] as [number, number][]).entries()) {
		await clickMapAt(page, position);
		// A tap on a known place (a drug scene's area) opens its popup, which offers a stop right here too.
		const popup = page.locator('.feature-popup');
		await expect(page.getByLabel(/Namn på stopp/).nth(i).or(popup)).toBeVisible();
		if (await popup.isVisible()) await popup.getByRole('button', { name: 'Nytt stopp här' }).click();
		await expect(page.getByLabel(/Namn på stopp/)).toHaveCount(i + 1);
	}
	await page.getByRole('button', { name: 'Lägg till stopp i kartans mitt' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByLabel(/Namn på stopp/)).toHaveCount(4);
	await expect(stops).toBeVisible();
	await page.getByLabel('Namn på stopp 1').fill('Samlingsplats: Husby centrum');
	await page.getByLabel('Namn på stopp 1').press('Tab');
	await expect(page.getByText(/Rundan har 4 stopp, \d/)).toBeVisible();
	await expect.poll(async () => (await (await request.get(`/api/inventories/${id}`)).json()).inventory.stops[0].name).toBe('Samlingsplats: Husby centrum');

	const summary = page.getByTestId('route-summary');
	await expect(summary).toContainText(/Rundan: \d[\d,]* (m|km), ca (\d+ h )?\d+ min promenad/);
	await expect(summary.getByTestId('route-legs').locator(':scope > li')).toHaveCount(3);
	await expect(summary).toContainText('OpenStreetMap');
	const { inventory } = await (await request.get(`/api/inventories/${id}`)).json();
	expect(inventory.stops).toHaveLength(4);
	expect(inventory.route.order).toHaveLength(4);
	expect(inventory.route.order[0]).toBe(inventory.stops[0].id);
	expect(inventory.stops[0].name).toBe('Samlingsplats: Husby centrum');
	await page.screenshot({ path: 'test-results/inventory-plan-phone.png', fullPage: true });

	// The field sheet, as the printer gets it.
	await page.getByRole('link', { name: 'Fältblad (skriv ut)' }).click();
	await expect(page.locator('article.sheet')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	await page.emulateMedia({ media: 'print' });
	await page.setViewportSize({ width: 794, height: 1123 });
	await expect(page.getByRole('button', { name: /Skriv ut/ })).toBeHidden();
	await expect(page.locator('.live-map')).toBeHidden();
	const snapshot = page.getByTestId('map-snapshot');
	await expect(snapshot).toBeVisible();
	expect(await snapshot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(200);

	const printed = page.locator('section.stop');
	await expect(printed).toHaveCount(4);
	await expect(printed.first()).toContainText('Samlingsplats: Husby centrum');
	await expect(printed.first()).toContainText('Samlingsplats');
	for (const category of ['Belysning', 'Skymmande vegetation', 'Entréer och trapphus', 'Tunnlar och gångvägar', 'Annat']) {
		await expect(printed.nth(2).getByText(category, { exact: true })).toBeVisible();
	}
	await expect(printed.nth(1)).toContainText(/\d+ m från stopp 1/);
	await expect(page.locator('figcaption')).toContainText('gångvägarna');
	await expect(page.getByRole('heading', { name: 'Frågor att ställa vid varje stopp' })).toBeVisible();
	await page.screenshot({ path: 'test-results/inventory-field-sheet-print.png', fullPage: true });
});

test.describe('on a desktop, with the keyboard', () => {
	// A desktop screen, one device pixel per CSS pixel (at the phone's former 2 this map was 1458×1714
	// pixels, more than a whole 1920×1080 screen, for every frame of the pans).
	test.use({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false });

	test('an area is drawn corner by corner at the map’s centre, without a mouse', async ({ page, request }) => {
		await page.goto('/inventering');
		await page.getByLabel('Rubrik').fill('Gångvägarna kring Kista gård');
		await page.getByLabel('Rita ett område på kartan').check();
		await mapHandle(page).idle();
		const corner = page.getByRole('button', { name: 'Sätt hörn i kartans mitt' });
		const map = page.getByRole('region', { name: 'Karta för att välja inventeringens område' });
		for (const pan of ['ArrowRight', 'ArrowDown', 'ArrowLeft']) {
			await corner.focus();
			await page.keyboard.press('Enter');
			// Pan with the arrow keys on the focused map, then come back to the button.
			await map.locator('canvas').focus();
			for (let i = 0; i < 4; i++) await page.keyboard.press(pan);
			await mapHandle(page).idle();
		}
		await corner.focus();
		await page.keyboard.press('Enter');
		await page.getByRole('button', { name: 'Klar (4 hörn)' }).focus();
		await page.keyboard.press('Enter');
		await expect(page.getByText('Området är ritat (4 hörn).')).toBeVisible();
		await page.screenshot({ path: 'test-results/inventory-new-drawn.png' });
		await page.getByRole('button', { name: 'Skapa inventering' }).click();
		await expect(page).toHaveURL(/\/inventering\/[0-9a-f-]{36}$/);
		const id = page.url().split('/').pop()!;
		const { inventory } = await (await request.get(`/api/inventories/${id}`)).json();
		expect(inventory.area.kind).toBe('polygon');
		expect(inventory.area.geometry.coordinates[0]).toHaveLength(5);
		await mapHandle(page).idle();
		await page.screenshot({ path: 'test-results/inventory-plan-desktop.png' });
	});
});
