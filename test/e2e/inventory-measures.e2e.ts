/**
 * Following a walk up: a finding becomes a measure and an insecure place on the planning page,
 * the measure moves through its statuses with before and after photos, and open measures are
 * listed and mapped with filters.
 */
import { testWithOwnServer as test } from './own-server';
import { expect, mapHandle } from './fixtures';
import { createWalk, finding, PHONE, pngImage } from './inventory-helpers';

test.use(PHONE);

test('a finding becomes a measure that moves föreslagen → beslutad → pågår → klar, with before and after photos', async ({ page, request }) => {
	const walk = await createWalk(request);
	const body = finding({ note: 'Trasig belysning vid entrén' });
	await request.post(`/api/inventories/${walk.id}/findings`, { data: body });

	await page.goto(`/inventering/${walk.id}`);
	const card = page.getByRole('article').filter({ hasText: 'Trasig belysning vid entrén' });
	await card.getByText('Gör till åtgärd').click();
	await card.getByLabel('Rubrik').fill('Byt armaturen vid entrén');
	await card.getByLabel('Ansvarig organisation').selectOption({ label: 'Fastighetsägare i Järva' });
	await card.getByLabel('Klart senast').fill('2030-06-30');
	await card.getByRole('button', { name: 'Skapa åtgärd (föreslagen)' }).click();
	await card.getByRole('link', { name: 'Åtgärd skapad – visa' }).click();

	await expect(page.getByRole('heading', { name: 'Byt armaturen vid entrén' })).toBeVisible();
	const now = page.getByTestId('measure-status');
	await expect(now).toHaveText('Nu: Föreslagen');
	await page.getByLabel('Lägg till före-bild').setInputFiles({ name: 'fore.png', mimeType: 'image/png', buffer: pngImage(1200, 900) });
	await expect(page.getByRole('img', { name: 'Före-bild' })).toBeVisible();
	for (const [action, label] of [['Markera som beslutad', 'Beslutad'], ['Markera som pågår', 'Pågår'], ['Markera som klar', 'Klar']]) {
		await page.getByRole('button', { name: action }).click();
		await expect(now).toHaveText(`Nu: ${label}`);
	}
	await page.getByLabel('Lägg till efter-bild').setInputFiles({ name: 'efter.png', mimeType: 'image/png', buffer: pngImage(1200, 900) });
	await expect(page.getByRole('img', { name: 'Efter-bild' })).toBeVisible();
	// From klar the only step is back to pågår (reopened); the form offers nothing else.
	await expect(page.getByRole('button', { name: /Markera som|Avslå/ })).toHaveCount(1);
	await page.screenshot({ path: 'test-results/inventory-measure-done.png', fullPage: true });

	const id = page.url().split('/').pop()!;
	const { measure, history } = await (await request.get(`/api/measures/${id}`)).json();
	expect(measure).toMatchObject({ status: 'klar', open: false, ownerOrganisationId: 'fastighetsagare', origin: { kind: 'inventory', id: walk.id } });
	expect(measure.photos.map((p: { kind: string }) => p.kind)).toEqual(['before', 'after']);
	expect(history.map((h: { after: { status: string } }) => h.after.status)).toEqual(['föreslagen', 'beslutad', 'pågår', 'klar']);
});

test('a step the workflow does not allow is refused with the allowed ones named', async ({ request }) => {
	const walk = await createWalk(request);
	const body = finding();
	await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
	const { measure } = await (
		await request.post(`/api/inventories/${walk.id}/findings/${body.clientId}/measure`, { data: { title: 'Röj buskarna', ownerOrganisationId: 'sdf-jarva', dueDate: '2030-01-31' } })
	).json();
	const jump = await request.patch(`/api/measures/${measure.id}`, { data: { baseVersion: 1, status: 'klar' } });
	expect(jump.status()).toBe(400);
	expect(await jump.json()).toMatchObject({ field: 'status', allowed: ['beslutad', 'avslagen'], message: expect.stringContaining('"beslutad" eller "avslagen"') });
});

test('a finding joins the insecure-places layer from the planning page', async ({ page, request }) => {
	const walk = await createWalk(request);
	const body = finding({ category: 'entreer-trapphus', note: 'Porten står öppen' });
	await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
	await page.goto(`/inventering/${walk.id}`);
	const card = page.getByRole('article').filter({ hasText: 'Porten står öppen' });
	const placesOnMap = page.getByRole('listitem').filter({ hasText: /^\s*Otrygga platser \(\d+\)\s*$/ });
	const countBefore = Number((await placesOnMap.textContent())!.match(/\d+/)![0]);
	await card.getByText('Koppla till otrygg plats').click();
	await expect(card.getByLabel('Plats')).toHaveValue('new');
	await card.getByRole('button', { name: 'Koppla' }).click();
	await expect(card.getByText(/Otrygg plats: /)).toBeVisible();
	const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
	const placeId = inventory.findings[0].placeFeatureId;
	const { feature } = await (await request.get(`/api/layers/otrygga-platser/features/${placeId}`)).json();
	expect(feature.properties).toMatchObject({ category: 'stairwell-refuse-room', example: false, note: 'Porten står öppen' });
	// The new place is named at once, without a reload – never its raw id.
	await expect(card.getByText(`Otrygg plats: ${feature.properties.name}`)).toBeVisible();
	await expect(card).not.toContainText(placeId);
	// …and it is on the walk's map at once (the area's places are read again), not after a reload.
	await expect(placesOnMap).toHaveText(`Otrygga platser (${countBefore + 1})`);
});

test('a finding joins an existing insecure place nearby instead of making a new one', async ({ page, request }) => {
	const walk = await createWalk(request);
	const body = finding({ category: 'belysning', note: 'Mörkt vid platsen' });
	await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
	const placesBefore = (await (await request.get('/api/layers/otrygga-platser')).json()).features.length;
	await page.goto(`/inventering/${walk.id}`);
	const card = page.getByRole('article').filter({ hasText: 'Mörkt vid platsen' });
	await card.getByText('Koppla till otrygg plats').click();
	// The nearest known places are offered after "new", nearest first.
	const nearest = card.getByLabel('Plats').locator('option').nth(1);
	const placeId = await nearest.getAttribute('value');
	expect(placeId).not.toBe('new');
	await expect(nearest).toHaveText(/\(\d+ m bort\)|\(\d+,\d km bort\)/);
	const { feature } = await (await request.get(`/api/layers/otrygga-platser/features/${placeId}`)).json();
	await card.getByLabel('Plats').selectOption(placeId!);
	await card.getByRole('button', { name: 'Koppla' }).click();
	await expect(card.getByText(`Otrygg plats: ${feature.properties.name}`)).toBeVisible();

	const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
	expect(inventory.findings[0].placeFeatureId).toBe(placeId);
	expect((await (await request.get('/api/layers/otrygga-platser')).json()).features.length).toBe(placesBefore);
});

test('a measure is turned down (Avslå): shown as avslagen, out of the open list, and can be taken up again', async ({ page, request }) => {
	const title = `Kameror vid torget ${Date.now()}`;
	const created = await request.post('/api/measures', { data: { title, ownerOrganisationId: 'polis-jarva', dueDate: '2031-01-31', status: 'föreslagen', position: [17.9275, 59.4105] } });
	expect(created.status(), await created.text()).toBe(201);
	const { measure } = await created.json();

	await page.goto(`/atgarder/${measure.id}`);
	const now = page.getByTestId('measure-status');
	await expect(now).toHaveText('Nu: Föreslagen');
	await page.getByRole('button', { name: 'Avslå' }).click();
	await expect(now).toHaveText('Nu: Avslagen');
	await expect(page.getByRole('list', { name: 'Statusens steg' }).locator('[aria-current="step"]')).toHaveText('Avslagen');
	// From avslagen the only step is back to föreslagen.
	await expect(page.getByRole('button', { name: /Markera som|Avslå|Tillbaka/ })).toHaveCount(1);
	await expect(page.getByRole('button', { name: 'Tillbaka till föreslagen' })).toBeVisible();
	const rejected = await (await request.get(`/api/measures/${measure.id}`)).json();
	expect(rejected.measure).toMatchObject({ status: 'avslagen', open: false });
	expect(rejected.history.map((h: { after: { status: string } }) => h.after.status)).toEqual(['föreslagen', 'avslagen']);

	await page.goto('/atgarder');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(page.getByRole('link', { name: title })).toBeHidden();
	await page.getByLabel('Status').selectOption('avslagen');
	await expect(page.getByRole('link', { name: title })).toBeVisible();

	await page.getByRole('link', { name: title }).click();
	await page.getByRole('button', { name: 'Tillbaka till föreslagen' }).click();
	await expect(now).toHaveText('Nu: Föreslagen');
	expect((await (await request.get(`/api/measures/${measure.id}`)).json()).measure.status).toBe('föreslagen');
});

test('open measures are listed and mapped, filtered by status, owner and overdue', async ({ page, request }) => {
	const stamp = Date.now();
	const make = async (title: string, ownerOrganisationId: string, dueDate: string, position: [number, number]) =>
		(await (await request.post('/api/measures', { data: { title, ownerOrganisationId, dueDate, status: 'beslutad', position } })).json()).measure;
	const late = await make(`Försenad ${stamp}`, 'polis-jarva', '2020-01-31', [17.9275, 59.4105]);
	const onTime = await make(`I tid ${stamp}`, 'sdf-jarva', '2035-01-31', [17.9402, 59.4021]);

	await page.goto('/atgarder');
	await mapHandle(page).idle();
	await expect(page.getByRole('link', { name: late.title })).toBeVisible();
	await expect(page.getByRole('link', { name: onTime.title })).toBeVisible();
	await expect(page.getByRole('listitem').filter({ hasText: late.title })).toContainText('försenad');
	expect(await mapHandle(page).renderedIds(['measures-point'])).toEqual(expect.arrayContaining([late.id, onTime.id]));

	await page.getByLabel('Bara försenade').check();
	await expect(page).toHaveURL(/forsenade=1/);
	await expect(page.getByRole('link', { name: late.title })).toBeVisible();
	await expect(page.getByRole('link', { name: onTime.title })).toBeHidden();

	await page.getByLabel('Bara försenade').uncheck();
	await page.getByLabel('Ansvarig organisation').selectOption({ label: 'Järva stadsdelsförvaltning' });
	await expect(page.getByRole('link', { name: onTime.title })).toBeVisible();
	await expect(page.getByRole('link', { name: late.title })).toBeHidden();

	await request.patch(`/api/measures/${onTime.id}`, { data: { baseVersion: 1, status: 'avslagen' } });
	await page.reload();
	await expect(page.getByRole('link', { name: onTime.title })).toBeHidden();
	await page.getByLabel('Status').selectOption('avslagen');
	await expect(page.getByRole('link', { name: onTime.title })).toBeVisible();
	await page.screenshot({ path: 'test-results/inventory-measures-list.png', fullPage: true });
});

test('the report lists the findings with their follow-up, ready to print', async ({ page, request }) => {
	const walk = await createWalk(request);
	const first = finding({ note: 'Mörk gångtunnel', severity: 3 });
	const second = finding({ category: 'nedskrapning', note: 'Glas på lekplatsen', severity: 1, position: [17.9262, 59.4112] });
	for (const body of [first, second]) await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
	await request.post(`/api/inventories/${walk.id}/findings/${first.clientId}/measure`, { data: { title: 'Ny belysning i tunneln', ownerOrganisationId: 'sdf-jarva', dueDate: '2031-03-31' } });
	await request.post(`/api/inventories/${walk.id}/findings/${second.clientId}/place`, { data: {} });

	await page.goto(`/inventering/${walk.id}/rapport`);
	await expect(page.locator('article.report')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
	await page.emulateMedia({ media: 'print' });
	await page.setViewportSize({ width: 794, height: 1123 });
	await expect(page.getByTestId('map-snapshot')).toBeVisible();
	await expect(page.getByText('2 fynd vid 3 planerade stopp')).toBeVisible();
	await expect(page.getByRole('table', { name: 'Fynd per kategori' })).toContainText('Belysning');
	const findings = page.locator('ol.findings > li');
	await expect(findings).toHaveCount(2);
	await expect(findings.filter({ hasText: 'Mörk gångtunnel' })).toContainText('Åtgärd: Ny belysning i tunneln – Järva stadsdelsförvaltning, föreslagen, klart senast 31 mars 2031');
	await expect(findings.filter({ hasText: 'Glas på lekplatsen' })).toContainText('Otrygg plats: ');
	await page.screenshot({ path: 'test-results/inventory-report-print.png', fullPage: true });
});
