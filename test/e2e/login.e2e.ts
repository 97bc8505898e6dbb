/**
 * Logging in and out in Chromium, as a person would: the login page, wrong and right passwords,
 * what each role sees, logout, an expired session, and the admin pages.
 */
import { E2E_PASSWORD } from './accounts';
import { expect, mapHandle, test } from './fixtures';
import { startServer } from './own-server';

test.describe('anonymous visitor', () => {
	test.use({ account: null });

	test('logs in with the keyboard after a wrong password, sees the map, and logs out', async ({ page, map }) => {
		await page.goto('/');
		await expect(page.getByRole('heading', { name: /Demoläge/ })).toBeVisible();
		await expect(page.locator('#login-username')).toBeFocused();
		await page.keyboard.type('demo-sdf-lasare');
		await page.keyboard.press('Tab');
		await page.keyboard.type('inte-det-här-lösenordet');
		await page.keyboard.press('Enter');
		await expect(page.locator('#login-message')).toHaveText('Fel användarnamn eller lösenord.');
		await page.screenshot({ path: 'test-results/screenshots/login-wrong.png' });

		await page.locator('#login-password').fill(E2E_PASSWORD);
		await page.keyboard.press('Enter');
		await map.idle();
		await expect(page.getByRole('button', { name: 'Konto: Demo läsare, stadsdelsförvaltningen' })).toBeVisible();
		await expect(page.getByRole('note', { name: 'Demoläge' })).toBeVisible();
		// A läsare reads; editing is not offered, not even by its key.
		await expect(page.getByRole('button', { name: 'Redigera' })).toHaveCount(0);
		await page.keyboard.press('e');
		await expect(page.getByRole('heading', { name: 'Redigera' })).toHaveCount(0);
		await page.screenshot({ path: 'test-results/screenshots/login-map-lasare.png' });

		await page.getByRole('button', { name: /^Konto:/ }).click();
		await expect(page.locator('#account-menu')).toContainText('Järva stadsdelsförvaltning');
		await expect(page.getByRole('link', { name: 'Administration' })).toHaveCount(0);
		await page.getByRole('menuitem', { name: 'Logga ut' }).or(page.getByRole('button', { name: 'Logga ut' })).click();
		await expect(page.locator('#login-username')).toBeVisible();
		const after = await page.request.get('/api/layers');
		expect(after.status()).toBe(401);
	});

	test('the login page on a phone fits the screen and names the demo accounts', async ({ page }) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/');
		await expect(page.getByRole('button', { name: 'demo-admin' })).toBeVisible();
		await page.getByRole('button', { name: 'demo-polis-redaktor' }).click();
		await expect(page.locator('#login-username')).toHaveValue('demo-polis-redaktor');
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await page.screenshot({ path: 'test-results/screenshots/login-phone.png', fullPage: true });
	});

	test('a session that runs out while the map is open brings back the login with a message', async ({ browser }) => {
		const server = await startServer({ LAGESKARTA_SESSION_IDLE_MINUTES: '0.05' });
		const context = await browser.newContext({ baseURL: server.origin });
		try {
			const page = await context.newPage();
			// When the page last asked the server: the idle limit counts from there.
			let lastRequest = Date.now();
			page.on('request', () => (lastRequest = Date.now()));
			page.on('requestfinished', () => (lastRequest = Date.now()));
			await page.goto('/');
			await page.locator('#login-username').fill('demo-polis-lasare');
			await page.locator('#login-password').fill(E2E_PASSWORD);
			await page.keyboard.press('Enter');
			await expect(page.getByRole('button', { name: /^Konto:/ })).toBeVisible();
			// Idle means no request: the map's own loading counts as activity (it ran past the
			// 3 s limit on a loaded CI machine), so the wait starts once the map has everything.
			await mapHandle(page).idle();
			// Then the limit (3 s) passes without a request from the page, with a margin.
			await expect.poll(() => Date.now() - lastRequest, { intervals: [250], timeout: 30_000 }).toBeGreaterThan(3_500);
			// Anything that asks the server now learns the session is gone: here, the analysis tab.
			await page.keyboard.press('a');
			await expect(page.locator('#login-message')).toContainText('Du har loggats ut', { timeout: 15_000 });
		} finally {
			await context.close();
			server.stop();
		}
	});
});

test.describe('administrator', () => {
	test('creates an account, takes a right away and hides a layer from an organisation, and finds it all in the log', async ({ browser }) => {
		const { origin, stop } = await startServer();
		const context = await browser.newContext({ baseURL: origin });
		try {
			const admin = await context.newPage();
			await admin.goto('/');
			await admin.locator('#login-username').fill('demo-admin');
			await admin.locator('#login-password').fill(E2E_PASSWORD);
			await admin.keyboard.press('Enter');
			await admin.getByRole('button', { name: /^Konto:/ }).click();
			await admin.getByRole('link', { name: 'Administration' }).click();
			await expect(admin.locator('#admin-tab-konton')).toBeVisible();

			await admin.locator('#new-account-username').fill('karin.fastighet');
			await admin.locator('#new-account-displayName').fill('Karin Fastighet');
			await admin.locator('#new-account-organisationId').selectOption('fastighetsagare');
			await admin.locator('#new-account-role').selectOption('läsare');
			await admin.locator('#new-account-password').fill('password1234');
			await admin.getByRole('button', { name: 'Skapa konto' }).click();
			await expect(admin.getByText(/vanligaste/)).toBeVisible();
			await admin.locator('#new-account-password').fill('hallon och blåbär på Järvafältet');
			await admin.getByRole('button', { name: 'Skapa konto' }).click();
			await expect(admin.locator('tr[data-account="karin.fastighet"]')).toBeVisible();
			await admin.screenshot({ path: 'test-results/screenshots/admin-accounts.png', fullPage: true });

			await admin.locator('#admin-tab-synlighet').click();
			const card = admin.locator('[data-layer-access="otrygga-platser"]');
			await expect(card.locator('[data-owner]')).toHaveText('Ägare: Järva stadsdelsförvaltning. Bidrar: Fastighetsägare i Järva, Lokalpolisområde Järva.');
			// The property owners contribute places: hiding the layer from them is refused while they do.
			const form = card.locator('form[data-visibility="otrygga-platser"]');
			await form.getByLabel('Bara valda organisationer').check();
			await form.getByLabel('Lokalpolisområde Järva').check();
			await form.getByLabel('Järva stadsdelsförvaltning').check();
			await form.getByRole('button', { name: /Spara synlighet/ }).click();
			await expect(admin.locator('#visibility-otrygga-platser-status')).toContainText('Fastighetsägare i Järva äger eller får ändra lagret och måste se det');
			await card.getByLabel('Rätt för Fastighetsägare i Järva i Otrygga platser (exempel)').selectOption('');
			await card.getByRole('button', { name: /Spara redigering/ }).click();
			await expect(admin.locator('#visibility-otrygga-platser-status')).toContainText('Sparat: Ägare: Järva stadsdelsförvaltning. Bidrar: Lokalpolisområde Järva.');
			await form.getByRole('button', { name: /Spara synlighet/ }).click();
			await expect(admin.locator('#visibility-otrygga-platser-status')).toContainText('2 organisationer');
			// A layer the district does not own: the system administrator may still decide it.
			await expect(admin.locator('form[data-visibility="drogscener-2023"] button')).toBeEnabled();
			await admin.screenshot({ path: 'test-results/screenshots/admin-layers.png', fullPage: true });

			await admin.locator('#admin-tab-logg').click();
			await admin.locator('#audit-action').selectOption('layer-visibility');
			await admin.getByRole('button', { name: 'Visa' }).click();
			await expect(admin.getByRole('cell', { name: 'otrygga-platser' }).first()).toBeVisible();
			await admin.screenshot({ path: 'test-results/screenshots/admin-log.png', fullPage: true });

			// The new account logs in and does not see the layer that is now the district's and the police's only.
			const karin = await browser.newContext({ baseURL: origin });
			const karinPage = await karin.newPage();
			await karinPage.goto('/');
			await karinPage.locator('#login-username').fill('karin.fastighet');
			await karinPage.locator('#login-password').fill('hallon och blåbär på Järvafältet');
			await karinPage.keyboard.press('Enter');
			await expect(karinPage.getByRole('button', { name: 'Konto: Karin Fastighet' })).toBeVisible();
			const { layers } = await (await karinPage.request.get('/api/layers')).json();
			expect(layers.map((l: { id: string }) => l.id)).toEqual(['stadsdelar', 'omradesklassning']);
			await karin.close();
		} finally {
			await context.close();
			stop();
		}
	});

	test('an organisation admin manages only its own accounts and sees the layers it may not decide as such', async ({ browser }) => {
		const { origin, stop } = await startServer();
		const context = await browser.newContext({ baseURL: origin });
		try {
			const admin = await context.newPage();
			await admin.goto('/');
			await admin.locator('#login-username').fill('demo-fastighet-admin');
			await admin.locator('#login-password').fill(E2E_PASSWORD);
			await admin.keyboard.press('Enter');
			await admin.getByRole('button', { name: /^Konto:/ }).click();
			await admin.getByRole('link', { name: 'Administration' }).click();
			await expect(admin.locator('[data-admin-scope]')).toContainText('Administratör för Fastighetsägare i Järva');
			// Only its own organisation's accounts, and new ones only there.
			await expect(admin.locator('tr[data-account]')).toHaveCount(3);
			await expect(admin.locator('tr[data-account="demo-polis-lasare"]')).toHaveCount(0);
			await expect(admin.locator('#new-account-organisationId option:not([value=""])')).toHaveText(['Fastighetsägare i Järva']);
			await expect(admin.locator('#new-account-organisationId')).toHaveValue('fastighetsagare');
			await admin.screenshot({ path: 'test-results/screenshots/admin-organisation-admin.png', fullPage: true });

			await admin.locator('#admin-tab-organisationer').click();
			await expect(admin.getByText('Nya organisationer läggs till av systemadministratören')).toBeVisible();
			await expect(admin.getByRole('button', { name: 'Skapa organisation' })).toHaveCount(0);

			// No drug scenes; the district's layers shown, but not for it to decide.
			await admin.locator('#admin-tab-synlighet').click();
			await expect(admin.locator('[data-layer-access="drogscener-2023"]')).toHaveCount(0);
			const places = admin.locator('[data-layer-access="otrygga-platser"]');
			await expect(places).toContainText('Bara Järva stadsdelsförvaltnings administratörer och systemadministratören');
			await expect(places.getByRole('button', { name: /Spara synlighet/ })).toBeDisabled();
			await expect(places.getByRole('button', { name: /Spara redigering/ })).toBeDisabled();
		} finally {
			await context.close();
			stop();
		}
	});
});

test.describe('editor', () => {
	test.use({ account: 'demo-sdf-redaktor' });

	test('a non-admin who opens /admin is sent back with a message', async ({ page }) => {
		await page.goto('/admin');
		await expect(page.locator('.page-notice')).toContainText('Administrationen är bara för administratörer.');
	});
});
