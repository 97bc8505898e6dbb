/**
 * The finding form on a phone at 390×844 (issue 13 item 6): "Spara fynd" always in sight, a large
 * camera button instead of a bare file input, the finding tied to the nearest stop (or one chosen)
 * and shown so in the field list and the report, and a photo added when the finding is edited later.
 */
import type { Locator } from '@playwright/test';
import { testWithOwnServer as test } from './own-server';
import { expect, mapHandle } from './fixtures';
import { createWalk, PHONE, pngImage } from './inventory-helpers';

test.use(PHONE);

/** Whether the element lies wholly inside the 390×844 screen. */
async function inView(locator: Locator): Promise<boolean> {
	const box = await locator.boundingBox();
	return Boolean(box && box.y >= 0 && box.y + box.height <= 844 && box.x >= 0 && box.x + box.width <= 390);
}

test('Save stays in sight, the camera is a button, the finding belongs to the nearest stop, and a photo is added on edit', async ({ page, request }) => {
	const walk = await createWalk(request);
	await page.goto(`/inventering/${walk.id}/falt`);
	await expect(page.getByTestId('sync-status')).toHaveText('Online – alla fynd är skickade');
	await mapHandle(page).idle();
	await expect(page.getByText(/Din position: ±\d+ m/)).toBeVisible();
	await expect(page.getByTestId('field-stops').locator('li')).toHaveText(['Husby centrum', 'Gångtunneln', 'Parkeringen']);

	await page.getByRole('button', { name: 'Nytt fynd här' }).click();
	const dialog = page.getByRole('dialog', { name: 'Nytt fynd' });
	await expect(dialog).toBeVisible();
	const save = dialog.getByRole('button', { name: 'Spara fynd' });
	// In sight before anything is filled in, and after scrolling the sheet either way.
	expect(await inView(save)).toBe(true);
	await dialog.getByText('Belysning', { exact: true }).click();
	await dialog.getByText('Hög', { exact: true }).click();
	await dialog.getByLabel('Anteckning').fill('Lampan vid tunnelns mynning är släckt');
	await dialog.evaluate((el) => el.scrollTo(0, 0));
	expect(await inView(save)).toBe(true);
	await dialog.evaluate((el) => el.scrollTo(0, el.scrollHeight));
	expect(await inView(save)).toBe(true);

	// The camera: a labelled button on the phone's camera, no "No file chosen" in sight.
	const camera = dialog.locator('label.camera');
	await expect(camera).toHaveText(/Ta foto/);
	const cameraBox = (await camera.boundingBox())!;
	expect(cameraBox.height).toBeGreaterThanOrEqual(48);
	const input = dialog.locator('input[name=photos]');
	await expect(input).toHaveAttribute('capture', 'environment');
	expect((await input.boundingBox())!.width).toBeLessThanOrEqual(1);
	// The GPS fix (HUSBY) is nearest Husby centrum: the form picked it.
	await expect(dialog.getByTestId('finding-stop-select')).toHaveValue('s1');
	await dialog.getByTestId('finding-stop-select').selectOption({ label: '2. Gångtunneln' });
	await input.setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: pngImage(1200, 900) });
	await expect(dialog.getByRole('img', { name: 'Foto 1' })).toBeVisible();
	await expect(dialog.getByText('1 nytt')).toBeVisible();
	await dialog.evaluate((el) => el.scrollTo(0, 0));
	await page.screenshot({ path: 'test-results/walk-field-form-390.png' });
	await save.click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('sync-status')).toHaveText('Online – alla fynd är skickade', { timeout: 30_000 });
	await expect.poll(async () => (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings[0]?.photos.length ?? 0).toBe(1);
	const stored = (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings[0];
	expect(stored.stopId).toBe('s2');
	await expect(page.getByTestId('findings').getByTestId('finding-stop')).toHaveText('Vid stopp 2 (Gångtunneln)');

	// Later: the finding opened again, a second photo added and the stop changed.
	await page.getByTestId('findings').getByRole('button').first().click();
	const edit = page.getByRole('dialog', { name: 'Ändra fynd' });
	await expect(edit).toBeVisible();
	await expect(edit.getByText('1 foto sparat')).toBeVisible();
	await expect(edit.locator('label.camera')).toHaveText(/Lägg till foto/);
	await expect(edit.getByTestId('finding-stop-select')).toHaveValue('s2');
	await edit.locator('input[name=photos]').setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: pngImage(800, 600) });
	await expect(edit.getByRole('img', { name: 'Foto 1' })).toBeVisible();
	await edit.getByTestId('finding-stop-select').selectOption({ label: '3. Parkeringen' });
	expect(await inView(edit.getByRole('button', { name: 'Spara fynd' }))).toBe(true);
	await page.screenshot({ path: 'test-results/walk-field-form-edit-390.png' });
	await edit.getByRole('button', { name: 'Spara fynd' }).click();
	await expect(edit).toBeHidden();
	await expect
		.poll(async () => {
			const finding = (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.findings[0];
			return [finding.photos.length, finding.stopId];
		}, { timeout: 30_000 })
		.toEqual([2, 's3']);

	// The planner and the report name the finding's stop.
	await page.goto(`/inventering/${walk.id}`);
	await expect(page.getByTestId('finding-stop')).toHaveText('Vid stopp 3 (Parkeringen)');
	await page.goto(`/inventering/${walk.id}/rapport`);
	await expect(page.getByTestId('finding-stop')).toHaveText('Vid stopp 3 (Parkeringen)');
});
