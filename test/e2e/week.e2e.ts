/**
 * The week page (issue 16): on the demo's invented year of reports, the week shows hot spots
 * (Gi* cells with z, p and FDR), emerging ones, the comparison with the previous four weeks, the
 * explanations with their limits, the example marking and the CSV export; filters and the cell
 * size change what is computed.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, mapHandle, test } from './fixtures';

test.describe('the week page', () => {
	test.use({ account: 'demo-polis-lasare', viewport: { width: 1920, height: 1080 } });

	test('hot spots, emerging hot spots and the comparison show, each explained; the cell size and filters change them', async ({ page }) => {
		await page.goto('/');
		await page.getByRole('navigation', { name: 'Sidor' }).getByRole('link', { name: 'Veckan' }).click();
		await expect(page).toHaveURL(/\/vecka/);
		await expect(page.getByRole('heading', { name: 'Veckans lägesbild' })).toBeVisible();
		await expect(page.getByRole('note').filter({ hasText: 'Exempel – påhittade händelser' })).toBeVisible();

		const hot = page.getByRole('heading', { name: /^Heta och kalla områden vecka/ }).locator('..');
		await expect(hot).toContainText('à 200 m');
		await expect(hot).toContainText('efter korrigering för många rutor (FDR)');
		const cells = hot.getByRole('table');
		await expect(cells.getByRole('row').filter({ hasText: /Hett område, (90|95|99) % säkerhet/ }).first()).toBeVisible();
		await expect(cells.getByRole('columnheader', { name: 'p (FDR)' })).toBeVisible();
		await expect(hot.getByText(/^(Nytt|Tilltagande|Sammanhängande|Ihållande|Återkommande|Växlande|Avtagande|Tidigare) (hett|kallt) område/).first()).toBeVisible();

		// Each measure says what it is and what it cannot tell.
		await hot.getByText('Vad visar ”Heta och kalla områden (Getis–Ord Gi*)”?').click();
		await expect(hot.getByText('Begränsningar:').first()).toBeVisible();
		await expect(hot).toContainText('Resultatet säger var rapporterna samlas, inte varför');

		const comparison = page.getByRole('heading', { name: /mot de fyra föregående/ }).locator('..');
		await expect(comparison.getByRole('table', { name: 'Per kategori' }).getByRole('row')).not.toHaveCount(1);
		await expect(comparison.getByRole('table', { name: 'Per stadsdel' })).toContainText('Husby');
		await expect(comparison).toContainText(/Totalt \d+ denna vecka mot i snitt/);

		const map = mapHandle(page);
		await map.idle();
		const rendered = await page.evaluate(() => {
			// eslint-disable-next-line @typescript-eslint/no-explicit-any
			const m = (window as any).__lageskartan.map;
			return { cells: m.queryRenderedFeatures({ layers: ['week-hotspots'] }).length, reports: m.queryRenderedFeatures({ layers: ['week-reports'] }).length };
		});
		expect(rendered.cells).toBeGreaterThan(0);
		expect(rendered.reports).toBeGreaterThan(0);
		await page.getByLabel('Värmekarta').check();
		await map.idle();
		await page.screenshot({ path: 'test-results/week-1920.png' });

		// Another cell size is computed on that grid; a category filter narrows the list and the counts.
		await page.getByLabel('Rutstorlek').selectOption('300');
		await expect(page).toHaveURL(/cellSize=300/);
		await expect(hot).toContainText('à 300 m');
		await page.getByLabel('Korrigera för många rutor (FDR)').uncheck();
		await expect(hot).toContainText('utan korrigering för många rutor');
		await page.getByRole('region', { name: 'Vecka och filter' }).getByLabel('Kategori').selectOption({ label: 'Klotter' });
		const list = page.getByRole('table').filter({ has: page.getByRole('columnheader', { name: 'Rapporterad av' }) });
		await expect(list.getByRole('row').nth(1)).toContainText('Klotter');
		const rows = await list.getByRole('row').count();
		const heading = await page.getByRole('heading', { name: /^Veckans rapporter/ }).textContent();
		expect(heading).toBe(`Veckans rapporter (${rows - 1})`);
		await expect(comparison.getByRole('table', { name: 'Per kategori' }).getByRole('row')).toHaveCount(2);
	});

	test('the week’s reports as CSV: machine headers, the example column, one row per report', async ({ page, request }) => {
		await page.goto('/vecka');
		const href = await page.getByRole('link', { name: 'Ladda ner veckans rapporter (CSV)' }).getAttribute('href');
		expect(href).toMatch(/^\/api\/reports\?week=\d{4}-W\d{2}&format=csv$/);
		const response = await request.get(href!);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toContain('text/csv');
		const text = (await response.text()).replace(/^\uFEFF/, '');
		const [header, ...rows] = text.trim().split(/\r?\n/);
		expect(header).toContain(';kategori;kategori_kod;text;');
		expect(header).toContain(';exempel;');
		const shown = await page.getByRole('heading', { name: /^Veckans rapporter/ }).textContent();
		expect(rows.length).toBe(Number(/\((\d+)\)/.exec(shown!)![1]));
		expect(rows[0]).toContain(';ja;');
	});

	test('a phone shows the same week in one column', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/vecka');
		await expect(page.getByRole('heading', { name: /^Heta och kalla områden vecka/ })).toBeVisible();
		await mapHandle(page).idle();
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(390);
		await page.screenshot({ path: 'test-results/week-phone.png', fullPage: true });
	});
});

test.describe('accessibility of the week page and the report form', () => {
	test.use({ account: 'demo-fastighet-redaktor' });

	for (const path of ['/vecka', '/rapportera']) {
		test(`${path} has no serious or critical axe violations, and its controls are reached by keyboard`, async ({ page }) => {
			await page.goto(path);
			await mapHandle(page).idle();
			const results = await new AxeBuilder({ page }).analyze();
			const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
			expect(serious).toEqual([]);
			if (path === '/rapportera') {
				// From the category to the send button with Tab alone.
				await page.getByLabel('Kategori').focus();
				const reached: string[] = [];
				for (let i = 0; i < 25 && !reached.includes('Skicka rapport'); i++) {
					await page.keyboard.press('Tab');
					reached.push(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.textContent?.trim() || (document.activeElement as HTMLInputElement | null)?.type || ''));
				}
				expect(reached).toContain('Skicka rapport');
			}
		});
	}
});
