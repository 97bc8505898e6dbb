/**
 * A läsare who only looks at the map downloads MapLibre, the map and its panels – not the code of
 * what they never open (issue 14: the map page's JavaScript ≤ 1.15× MapLibre's own, measured in
 * `npm run bench`). Each part is recognised by a text only it contains, and still works when opened.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ account: 'demo-polis-lasare' });

/** A text only that part's code contains. */
const PARTS = {
	'the editor': 'Lager att redigera',
	'the importer': 'Befintliga objekt i lagret',
	'the analysis': 'Sammanslagningar och delningar',
	'the account menu’s items': 'Åtkomsttoken för GIS',
	'the password form': 'Upprepa det nya lösenordet',
	'the shortcuts’ dialog': 'Byt år för drogscener',
	'the login form': 'Användarnamn',
	'a feature’s popup': 'feature-popup-shell',
	'the search box': 'Sökträffar',
	'the layer writes': 'dryRun=1',
	'the validator (valibot)': 'abortPipeEarly'
} as const;

/** The page's scripts' text as they arrive, from now on. */
function scriptsOf(page: Page): () => Promise<string> {
	const bodies: Promise<string>[] = [];
	page.on('response', (response) => {
		if (response.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(response.url())) {
			bodies.push(response.text().catch(() => ''));
		}
	});
	return async () => (await Promise.all(bodies)).join('\n');
}

test.describe('the map page of a läsare', () => {
	// What the page itself fetches, not what a service worker answers from its cache.
	test.use({ serviceWorkers: 'block' });

	test('loads none of the parts a reader has not opened; the shortcuts, the account menu and the password form load when opened', async ({ page, map }) => {
		const scripts = scriptsOf(page);
		await page.goto('/');
		await map.idle();
		const loaded = await scripts();
		expect(loaded).toContain('maplibre');
		const present = Object.entries(PARTS)
			.filter(([, marker]) => loaded.includes(marker))
			.map(([part]) => part);
		expect(present).toEqual([]);

		await page.keyboard.press('?');
		const help = page.getByRole('dialog', { name: 'Kortkommandon' });
		await expect(help).toBeVisible();
		await expect(help).toContainText('Byt år för drogscener');
		await page.keyboard.press('Escape');
		await expect(help).toBeHidden();

		const accountButton = page.getByRole('button', { name: /^Konto:/ });
		await accountButton.click();
		await expect(page.getByRole('link', { name: 'Åtkomsttoken för GIS' })).toBeVisible();
		await page.getByRole('button', { name: 'Byt lösenord' }).click();
		const password = page.getByRole('dialog');
		await expect(password.getByLabel('Nuvarande lösenord')).toBeFocused();
		await expect(page.locator('#account-menu')).toBeHidden();
		await page.keyboard.press('Escape');
		await expect(password).toBeHidden();
		await expect(accountButton).toBeFocused();
		// The search box loads when it is gone to with `/`, keeps the focus and what was typed at once.
		await page.keyboard.press('/');
		const search = page.getByRole('combobox', { name: 'Sök' });
		await expect(search).toBeFocused();
		await page.keyboard.type('akal');
		await expect(search).toHaveValue('akal');
		await expect(page.getByRole('option').first()).toContainText('Akalla');
		await page.keyboard.press('Escape');
		await expect(search).toHaveAttribute('aria-expanded', 'false');
		// The markers are found when the parts do load: the first check was not blind.
		const after = await scripts();
		for (const part of ['the shortcuts’ dialog', 'the account menu’s items', 'the password form', 'the search box'] as const) expect(after, part).toContain(PARTS[part]);
	});

	test('the search box loads when clicked too, with what was typed before it came', async ({ page, map }) => {
		await page.goto('/');
		await map.idle();
		// Held back until the text is typed: the stand-in keeps it and the search box takes it over.
		let release = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await held;
			await route.continue();
		});
		const standIn = page.getByRole('searchbox', { name: 'Sök' });
		await standIn.click();
		await page.keyboard.type('husby');
		release();
		const search = page.getByRole('combobox', { name: 'Sök' });
		await expect(search).toBeFocused();
		await expect(search).toHaveValue('husby');
		await expect(page.getByRole('option').first()).toContainText('Husby');
		await page.unroute('**/_app/immutable/**');
	});

	test('a part that cannot be fetched is said so, and the next try loads it', async ({ page, map }) => {
		await page.goto('/');
		await map.idle();
		await page.route('**/_app/immutable/**', (route) => route.abort());
		const accountButton = page.getByRole('button', { name: /^Konto:/ });
		await accountButton.click();
		await expect(page.locator('#account-menu').getByRole('alert')).toContainText('Kontomenyn kunde inte laddas');
		await page.keyboard.press('?');
		await expect(page.getByRole('status').filter({ hasText: 'Kortkommandona kunde inte laddas' })).toBeVisible();
		await page.unroute('**/_app/immutable/**');
		await accountButton.click();
		await accountButton.click();
		await expect(page.getByRole('button', { name: 'Logga ut' })).toBeVisible();
		await page.keyboard.press('Escape');
		await page.keyboard.press('?');
		await expect(page.getByRole('dialog', { name: 'Kortkommandon' })).toBeVisible();
		await page.keyboard.press('Escape');

		await page.route('**/_app/immutable/**', (route) => route.abort());
		await page.keyboard.press('/');
		await expect(page.getByRole('status').filter({ hasText: 'Sökningen kunde inte laddas' })).toBeVisible();
		await page.unroute('**/_app/immutable/**');
		await page.getByRole('searchbox', { name: 'Sök' }).blur();
		await page.keyboard.press('/');
		await expect(page.getByRole('combobox', { name: 'Sök' })).toBeFocused();
	});
});
