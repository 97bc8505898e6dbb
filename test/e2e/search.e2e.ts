/**
 * The search box on the map page, with the keyboard: `/` focuses it, arrows and Enter choose,
 * Escape closes, the map flies there; and what an organisation may not see is never found.
 */
import { expect, mapHandle, test } from './fixtures';

const centre = (page: import('@playwright/test').Page) =>
	page.evaluate(() => {
		const c = (window as any).__lageskartan.map.getCenter();
		return [c.lng, c.lat] as [number, number];
	});

test('"/" focuses the search, arrows and Enter choose a district, and the map flies there', async ({ page }) => {
	await page.goto('/?karta=13.00/59.40000/17.95000');
	await mapHandle(page).idle();
	await page.keyboard.press('/');
	const box = page.getByRole('combobox', { name: 'Sök' });
	await expect(box).toBeFocused();
	await page.keyboard.type('akal');
	const options = page.getByRole('option');
	await expect(options.first()).toContainText('Akalla');
	await expect(options.first()).toContainText('Stadsdel');
	await expect(box).toHaveAttribute('aria-expanded', 'true');
	await expect(box).toHaveAttribute('aria-activedescendant', /option-0$/);
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('Enter');
	await expect(box).toHaveAttribute('aria-expanded', 'false');
	await expect(box).toHaveValue('Akalla');
	// Akalla lies north-west of where the map started.
	await expect.poll(async () => (await centre(page))[1], { timeout: 15_000 }).toBeGreaterThan(59.41);
	await expect.poll(async () => (await centre(page))[0]).toBeLessThan(17.93);
	await mapHandle(page).idle();
	await page.screenshot({ path: 'test-results/search-map.png' });
});

test('a street is found without å and framed whole; Escape closes the list without choosing', async ({ page }) => {
	await page.goto('/?karta=13.00/59.40000/17.95000');
	await mapHandle(page).idle();
	await page.keyboard.press('/');
	const box = page.getByRole('combobox', { name: 'Sök' });
	await page.keyboard.type('sibeliusg');
	await expect(page.getByRole('option', { name: /^Sibeliusgången Gata/ })).toBeVisible();
	// The 2023 drug scene at Sibeliusgången/Borgågatan is found too, for this account (admin).
	await expect(page.getByRole('option', { name: /^Sibeliusgången.*\(2023\)/ })).toBeVisible();
	await page.screenshot({ path: 'test-results/search-open.png' });
	await page.keyboard.press('Escape');
	await expect(box).toHaveAttribute('aria-expanded', 'false');
	expect(await centre(page)).toEqual([expect.closeTo(17.95, 3), expect.closeTo(59.4, 3)]);
	// A closed list opens on its first option, whatever was marked before (or an answer still on its way).
	await page.keyboard.press('ArrowDown');
	await expect(box).toHaveAttribute('aria-expanded', 'true');
	await expect(box).toHaveAttribute('aria-activedescendant', /option-0$/);
	await expect(page.getByRole('option').first()).toContainText('Sibeliusgången');
	await expect(page.getByRole('option').first()).toContainText('Gata');
	await page.keyboard.press('Enter');
	// Framed whole: the map shows all of Sibeliusgången (its OSM ways span 17.9108–17.9223 E,
	// 59.4127–59.4164 N), zoomed in from where it started.
	await expect
		.poll(
			() =>
				page.evaluate(() => {
					const map = (window as any).__lageskartan.map;
					const b = map.getBounds();
					return b.getWest() <= 17.9108 && b.getEast() >= 17.9223 && b.getSouth() <= 59.4127 && b.getNorth() >= 59.4164 && map.getZoom() > 13.5;
				}),
			{ timeout: 15_000 }
		)
		.toBe(true);
});

test('the search API answers bad input with a 400 that names the parameter', async ({ request }) => {
	for (const [path, param, message] of [
		['/api/search?q=', 'q', /Skriv vad du söker efter/],
		[`/api/search?q=${'a'.repeat(101)}`, 'q', /101 tecken; högst 100/],
		['/api/search?q=husby&limit=0', 'limit', /heltal 1–50/],
		['/api/search?q=husby&limit=tio', 'limit', /heltal 1–50/]
	] as const) {
		const response = await request.get(path);
		expect(response.status(), path).toBe(400);
		const body = await response.json();
		expect(body.param).toBe(param);
		expect(body.message).toMatch(message);
	}
	const ok = await request.get('/api/search?q=%C3%A4kalla&limit=3');
	expect(ok.status()).toBe(200);
	expect((await ok.json()).results[0]).toMatchObject({ kind: 'district', name: 'Akalla' });
});

test.describe('a property owner', () => {
	test.use({ account: 'demo-fastighet-lasare' });

	test('finds the street Nordkapsgatan but never the drug scene on it', async ({ page }) => {
		await page.goto('/');
		await mapHandle(page).idle();
		await page.keyboard.press('/');
		await page.keyboard.type('nordkaps');
		const options = page.getByRole('option');
		await expect(options.first()).toContainText('Nordkapsgatan');
		const texts = await options.allTextContents();
		expect(texts.length).toBeGreaterThan(0);
		expect(texts.filter((t) => /drogscen/i.test(t))).toEqual([]);
	});
});
