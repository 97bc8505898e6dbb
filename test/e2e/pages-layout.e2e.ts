/**
 * The pages beside the map share one layout (src/routes/(app)/+layout.svelte): the demo banner on
 * every page in demo mode, the page header (one <h1>, the nav) on every page that does not opt
 * out (meeting mode, field mode, the print page, admin with its own header). The pages that fill
 * the screen still fit it with the banner and header above them: no scrollbar on a projector.
 *
 * SHOTS=<label> also saves a screenshot of every page at 1920×1080 and 390×844 in
 * test-results/layout-shots/ (to look at before and after a layout change).
 *
 * Named to run after lagesbild.e2e.ts in the suite: the walk and measure it makes on the shared
 * server would change the lägesbild PDF that test compares with a fresh server's.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { createWalk } from './inventory-helpers';

const SHOTS = process.env.SHOTS;
const PROJECTOR = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };

interface Ids {
	meeting: string;
	walk: string;
	measure: string;
}

async function ids(request: APIRequestContext): Promise<Ids> {
	const created = await request.post('/api/meetings', { data: { title: 'Platssamverkan Husby', date: '2025-03-12', participants: ['Anna Andersson'], organisationIds: ['polis-jarva'] } });
	expect(created.status(), await created.text()).toBe(201);
	const { meeting } = await created.json();
	const walk = await createWalk(request, 'Trygghetsvandring Husby centrum');
	const made = await request.post('/api/measures', { data: { title: 'Bättre belysning i gångtunneln', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-31', status: 'beslutad' } });
	expect(made.status(), await made.text()).toBe(201);
	const { measure } = await made.json();
	return { meeting: meeting.id, walk: walk.id, measure: measure.id };
}

/** Path, the header's title (null: no header), whether the page fills the screen (no page scrollbar at 1920×1080). */
function pages(id: Ids): { name: string; path: string; title: string | null; fill: boolean }[] {
	return [
		{ name: 'mote', path: '/mote', title: 'Platssamverkan', fill: false },
		{ name: 'mote-id', path: `/mote/${id.meeting}`, title: null, fill: true },
		{ name: 'protokoll', path: `/mote/${id.meeting}/protokoll`, title: null, fill: false },
		{ name: 'inventering', path: '/inventering', title: 'Trygghetsinventeringar', fill: false },
		{ name: 'inventering-id', path: `/inventering/${id.walk}`, title: 'Trygghetsvandring Husby centrum', fill: true },
		{ name: 'falt', path: `/inventering/${id.walk}/falt`, title: null, fill: false },
		{ name: 'faltblad', path: `/inventering/${id.walk}/faltblad`, title: 'Fältblad', fill: false },
		{ name: 'rapport', path: `/inventering/${id.walk}/rapport`, title: 'Rapport', fill: false },
		{ name: 'atgarder', path: '/atgarder', title: 'Åtgärder', fill: true },
		{ name: 'atgard-id', path: `/atgarder/${id.measure}`, title: 'Åtgärd', fill: false },
		{ name: 'rapportera', path: '/rapportera', title: 'Rapportera händelse', fill: false },
		{ name: 'rapportera-import', path: '/rapportera/import', title: 'Importera rapporter (CSV)', fill: false },
		{ name: 'vecka', path: '/vecka', title: 'Veckans lägesbild', fill: false },
		{ name: 'vecka-utskrift', path: '/vecka/utskrift', title: null, fill: false },
		{ name: 'indikatorer', path: '/indikatorer', title: 'Indikatorer', fill: false },
		{ name: 'lagesbild', path: '/lagesbild', title: 'Lägesbild', fill: false },
		{ name: 'handlingsplan', path: '/handlingsplan', title: 'Handlingsplan', fill: false },
		{ name: 'admin', path: '/admin', title: null, fill: false },
		{ name: 'konto-token', path: '/konto/token', title: 'Åtkomsttoken för GIS', fill: false }
	];
}

async function settle(page: Page) {
	await page.waitForLoadState('networkidle');
	await page.evaluate(() => document.fonts.ready);
}

test('every page beside the map: the demo banner, the header unless the page opts out, full-height pages fit the screen', async ({ page, request }) => {
	test.setTimeout(240_000);
	const id = await ids(request);
	for (const viewport of [PROJECTOR, PHONE]) {
		await page.setViewportSize(viewport);
		for (const p of pages(id)) {
			await page.goto(p.path);
			const where = `${p.path} at ${viewport.width}×${viewport.height}`;
			// The banner and the header are drawn by the same layout in the same update, from the
			// page's data: once the banner is there, so is the header or its absence. Only a
			// measurement (fits the screen) or a screenshot waits for the page to settle.
			await expect(page.getByRole('note', { name: 'Demoläge' }), where).toHaveCount(1);
			if ((p.fill && viewport === PROJECTOR) || SHOTS) await settle(page);
			const header = page.locator('header.page-header');
			if (p.title === null) await expect(header, where).toHaveCount(0);
			else await expect(header.getByRole('heading', { level: 1 }), where).toHaveText(p.title);
			if (p.fill && viewport === PROJECTOR) {
				const { scroll, height } = await page.evaluate(() => ({ scroll: document.documentElement.scrollHeight, height: window.innerHeight }));
				expect(scroll, `${where}: fills the screen without a scrollbar`).toBeLessThanOrEqual(height);
			}
			if (SHOTS) await page.screenshot({ path: `test-results/layout-shots/${SHOTS}-${p.name}-${viewport.width}.png` });
		}
	}
});

test('the header is not printed', async ({ page }) => {
	await page.goto('/atgarder');
	await expect(page.locator('header.page-header')).toBeVisible();
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.page-header')).toBeHidden();
});

test('the header follows the page: another page, another title; an opted-out page, no header', async ({ page, request }) => {
	const walk = await createWalk(request, 'Vandring i Kista');
	await page.goto('/inventering');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trygghetsinventeringar');
	await page.getByRole('link', { name: /Vandring i Kista/ }).first().click();
	await expect(page).toHaveURL(new RegExp(`/inventering/${walk.id}$`));
	await expect(page.locator('header.page-header h1')).toHaveText('Vandring i Kista');
	await page.goto(`/inventering/${walk.id}/falt`);
	await expect(page.locator('header.page-header')).toHaveCount(0);
	await expect(page.getByRole('note', { name: 'Demoläge' })).toHaveCount(1);
});

test('the map page’s header fits a laptop: every button and link inside the screen, the account menu too', async ({ page }) => {
	// At 1280 px the account menu (and with it the logout) was cut off; at 1024 it was gone.
	await page.goto('/');
	for (const width of [1024, 1280, 1440, 1920]) {
		// One page, resized: the header's layout follows the width (no reload, no map drawn anew).
		await page.setViewportSize({ width, height: 800 });
		const header = page.locator('.app > header');
		const account = header.getByRole('button', { name: /Demo/ });
		await expect(account).toBeVisible();
		const controls = header.locator('button, a');
		const count = await controls.count();
		expect(count).toBeGreaterThanOrEqual(8);
		for (let i = 0; i < count; i++) {
			const box = (await controls.nth(i).boundingBox())!;
			const name = (await controls.nth(i).getAttribute('aria-label')) ?? (await controls.nth(i).innerText());
			expect(box.x, `${name} at ${width} px`).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, `${name} at ${width} px`).toBeLessThanOrEqual(width);
		}
	}
});
