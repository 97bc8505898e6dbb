/**
 * The weekly meeting (issue 16, items 5, 6 and 8) as the group would hold it on the week page, at a
 * projector's 1920×1080: the week's hot spots are proposed, one becomes a focus place with an
 * owner and a measure (one of the app's measures), and the next week's meeting opens with it for
 * follow-up, where "Fortsätter" and "Klar" are recorded with who and when. A stale change is
 * refused in Swedish; the printable page and the PDF work. These tests write: own server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, FLOW } from './fixtures';
import { testWithOwnServer as test } from './own-server';

test.use({ account: 'demo-sdf-redaktor', viewport: { width: 1920, height: 1080 } });

const SHOTS = 'test-results/screenshots';
const send = (request: APIRequestContext, method: 'post' | 'patch' | 'delete', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

/** This week (the server's, Stockholm) and the one before: the demo has reports in both. */
async function weeks(request: APIRequestContext): Promise<{ now: string; before: string }> {
	const meeting = await (await request.get('/api/reports/week/meeting')).json();
	return { now: meeting.week, before: meeting.previousWeek };
}
const weekNo = (week: string) => Number(week.slice(6));

test('a hot spot becomes a focus place with a measure, and next week’s meeting follows it up: klar and fortsätter', async ({ page, request }) => {
	const { now, before } = await weeks(request);
	// another focus place last week, to be followed up as done
	const other = await send(request, 'post', '/api/reports/week/focus', {
		week: before,
		place: { kind: 'point', position: [17.9275, 59.4105] },
		name: 'Husby centrum',
		ownerOrganisationId: 'polis-jarva',
		text: 'Grupperingar kvällstid'
	});
	expect(other.status()).toBe(201);

	await page.goto(`/vecka?week=${before}`);
	const meeting = page.getByRole('region', { name: `Veckomöte vecka ${weekNo(before)}` });
	await expect(meeting).toBeVisible();
	const agenda = meeting.getByRole('region', { name: '2. Förslag till dagordning' });
	const hot = agenda.getByTestId('proposal').filter({ hasText: 'Hett område' }).first();
	await expect(hot).toContainText(/rapporter? i (rutan, \d+ i grannskapet; z|områdets \d+ rutor, flest \(\d+\) i ruta E\d+N\d+; z upp till) \d/);
	await agenda.getByText('Vad är en ny plats?').click();
	await expect(agenda).toContainText('de fyra föregående veckorna');
	await page.screenshot({ path: `${SHOTS}/week-meeting-agenda-1920.png`, fullPage: false });

	await hot.getByRole('button', { name: 'Gör till fokusplats' }).click();
	const form = meeting.getByRole('form', { name: 'Ny fokusplats' });
	await form.getByLabel('Namn på platsen').fill('Trappan vid torget');
	await form.getByLabel('Ansvarig organisation').selectOption({ label: 'Fastighetsägare i Järva' });
	await form.getByLabel('Vad ska göras').fill('Klotter och nedskräpning kvällstid');
	await form.getByRole('button', { name: 'Spara fokusplatsen' }).click();
	const focus = meeting.getByRole('region', { name: '3. Veckans fokusplatser' });
	const place = focus.getByTestId('focus-place').filter({ hasText: 'Trappan vid torget' });
	await expect(place).toContainText('Fastighetsägare i Järva');

	// the group decides a short-term measure: one of the app's measures
	await place.getByRole('button', { name: 'Lägg till åtgärd' }).click();
	const measureForm = place.getByRole('form', { name: 'Ny åtgärd för Trappan vid torget' });
	await measureForm.getByLabel('Åtgärd').fill('Sanera klottret och städa trappan');
	await measureForm.getByRole('button', { name: 'Spara åtgärden' }).click();
	const measureLink = place.getByRole('link', { name: 'Sanera klottret och städa trappan' });
	await expect(measureLink).toBeVisible();
	await expect(place).toContainText('beslutad');
	const measures = await (await request.get('/api/measures?status=all')).json();
	const measure = measures.measures.find((m: { title: string }) => m.title === 'Sanera klottret och städa trappan');
	expect(measure).toMatchObject({ ownerOrganisationId: 'fastighetsagare', status: 'beslutad' });
	expect(measure.position).not.toBeNull();

	// next week: the meeting opens with last week's follow-up
	await page.getByRole('button', { name: 'Nästa vecka' }).click();
	await expect(page).toHaveURL(new RegExp(`week=${now}`));
	const next = page.getByRole('region', { name: `Veckomöte vecka ${weekNo(now)}` });
	const follow = next.getByRole('region', { name: `1. Uppföljning av vecka ${weekNo(before)}` });
	const trappan = follow.getByTestId('follow-up').filter({ hasText: 'Trappan vid torget' });
	await expect(trappan).toContainText('Sanera klottret och städa trappan');
	await expect(trappan).toContainText('Inte uppföljd ännu.');
	await expect(next.getByRole('region', { name: '2. Förslag till dagordning' }).getByTestId('proposal').filter({ hasText: 'Förra veckans fokusplats: Trappan vid torget' })).toBeVisible();
	await page.screenshot({ path: `${SHOTS}/week-meeting-follow-up-1920.png` });

	await trappan.getByLabel('Kommentar (valfri)').fill('Klottret sanerat, nedskräpningen kvar');
	await trappan.getByRole('button', { name: 'Fortsätter' }).click();
	await expect(trappan).toContainText(/Fortsätter: Klottret sanerat, nedskräpningen kvar \(.*demo-sdf-redaktor.*\)/);
	await expect(trappan.getByRole('button', { name: 'Fortsätter' })).toHaveAttribute('aria-pressed', 'true');
	const carried = next.getByRole('region', { name: '3. Veckans fokusplatser' }).getByTestId('focus-place').filter({ hasText: 'Trappan vid torget' });
	await expect(carried).toContainText(`Fortsätter från vecka ${weekNo(before)}.`);
	await expect(carried.getByRole('link', { name: 'Sanera klottret och städa trappan' })).toBeVisible();

	const husby = follow.getByTestId('follow-up').filter({ hasText: 'Husby centrum' });
	await husby.getByRole('button', { name: 'Klar', exact: true }).click();
	await expect(husby).toContainText(/Klar \(.*demo-sdf-redaktor.*, \d{4}-\d{2}-\d{2} \d{2}:\d{2}\)/);
	await expect(next.getByRole('region', { name: '3. Veckans fokusplatser' }).getByTestId('focus-place').filter({ hasText: 'Husby centrum' })).toHaveCount(0);

	// recorded with who and when, in the focus place's history
	const stored = await (await request.get(`/api/reports/week/meeting?week=${now}`)).json();
	const followed = stored.followUp.find((f: { name: string }) => f.name === 'Trappan vid torget');
	expect(followed.followUp).toMatchObject({ outcome: 'fortsatter', note: 'Klottret sanerat, nedskräpningen kvar' });
	const history = await (await request.get(`/api/reports/week/focus/${followed.id}`)).json();
	expect(history.history.map((h: { version: number }) => h.version)).toEqual([1, 2]);

	// the map shows the week's focus place
	await expect(page.getByLabel(/Veckans fokusplatser \(\d+\)/)).toBeChecked();
	await next.screenshot({ path: `${SHOTS}/week-meeting-next-1920.png` });
	await page.setViewportSize({ width: 390, height: 844 });
	await next.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/week-meeting-390.png` });
});

test('a partner sees the focus places it owns, no agenda, and cannot set them', async ({ request, requestAs }) => {
	const { now } = await weeks(request);
	await send(request, 'post', '/api/reports/week/focus', { week: now, place: { kind: 'point', position: [17.91, 59.41] }, name: 'Portarna på Trädgårdsgatan', ownerOrganisationId: 'fastighetsagare', text: 'Låsen byts' });
	await send(request, 'post', '/api/reports/week/focus', { week: now, place: { kind: 'point', position: [17.92, 59.41] }, name: 'Polisens plats', ownerOrganisationId: 'polis-jarva', text: 'Ronder' });
	const owner = await requestAs('demo-fastighet-redaktor');
	const seen = await (await owner.get(`/api/reports/week/meeting?week=${now}`)).json();
	expect(seen).toMatchObject({ seesAll: false, mayEdit: false, agenda: [] });
	expect(seen.focusPlaces.map((f: { name: string }) => f.name)).toContain('Portarna på Trädgårdsgatan');
	expect(seen.focusPlaces.map((f: { name: string }) => f.name)).not.toContain('Polisens plats');
	const refused = await send(owner, 'post', '/api/reports/week/focus', { week: now, place: { kind: 'point', position: [17.91, 59.41] }, ownerOrganisationId: 'fastighetsagare', text: 'Egen' });
	expect(refused.status()).toBe(403);
	expect((await refused.json()).message).toMatch(/Veckomötet hålls av stadsdelsförvaltningen och polisen/);
});

test('the printable lägesbild and the PDF download work, and say the reports are invented', async ({ page, request }) => {
	const { now } = await weeks(request);
	await send(request, 'post', '/api/reports/week/focus', { week: now, place: { kind: 'point', position: [17.94, 59.405] }, name: 'Kista gård', ownerOrganisationId: 'polis-jarva', text: 'Ungdomsgrupperingar' });
	await page.goto(`/vecka?week=${now}`);
	await page.getByRole('link', { name: 'Utskriftsvänlig lägesbild' }).click();
	await expect(page).toHaveURL(new RegExp(`/vecka/utskrift\\?week=${now}`));
	await expect(page.getByRole('heading', { level: 1 })).toContainText(`Veckans lägesbild – Vecka ${weekNo(now)}, ${now.slice(0, 4)}`);
	await expect(page.getByRole('note').filter({ hasText: 'Exempel – påhittade händelser' }).first()).toBeVisible();
	const img = page.getByRole('img', { name: /Karta över Järva vecka/ });
	await expect(img).toBeVisible();
	await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(0);
	await expect(page.getByRole('table').filter({ hasText: 'Kista gård' })).toContainText('Lokalpolisområde Järva');
	await expect(page.getByRole('table', { name: 'Per stadsdel' })).toContainText('Husby');
	await page.screenshot({ path: `${SHOTS}/week-print-1920.png`, fullPage: true });
	await page.setViewportSize({ width: 390, height: 844 });
	await page.screenshot({ path: `${SHOTS}/week-print-390.png` });
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Skriv ut' })).toBeHidden();
	// what the browser prints (print CSS, A4): the map image, the tables, no buttons
	const printedPath = join(mkdtempSync(join(tmpdir(), 'veckoutskrift-')), 'utskrift.pdf');
	await page.pdf({ path: printedPath, format: 'A4', printBackground: true });
	const printed = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', printedPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	expect(printed).toContain('Veckans fokusplatser');
	expect(printed).toContain('Kista gård');
	expect(printed).not.toContain('Skriv ut');
	await page.emulateMedia({ media: 'screen' });

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Ladda ner som PDF' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toBe(`veckans-lagesbild-${now}.pdf`);
	const path = join(mkdtempSync(join(tmpdir(), 'veckopdf-e2e-')), 'v.pdf');
	await file.saveAs(path);
	const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
	expect(text).toContain(`Vecka ${weekNo(now)}, ${now.slice(0, 4)}`);
	expect(text).toContain('Kista gård');
	expect(text).toContain('Exempel – påhittade händelser');

	const svg = await request.get(`/api/reports/week/map?week=${now}`);
	expect(svg.headers()['content-type']).toContain('image/svg+xml');
	expect(await svg.text()).toContain('Kartdata:');
	const badWeek = await request.get('/api/reports/week/pdf?week=2026-W60');
	expect(badWeek.status()).toBe(400);
});

// Flows on the week page with nothing to check of the projector's layout: at FLOW (1280×720), where
// each frame of the week's map costs half of one at 1920×1080 (docs/testing.md).
test.describe('flows on the week page', () => {
	test.use({ viewport: FLOW });

	test('a change on a focus place someone else changed first is refused with the Swedish message, and nothing is overwritten', async ({ page, request, requestAs }) => {
		const { now } = await weeks(request);
		const made = await send(request, 'post', '/api/reports/week/focus', {
			week: now,
			place: { kind: 'point', position: [17.9001, 59.4201] },
			name: 'Gångtunneln vid skolan',
			ownerOrganisationId: 'sdf-jarva',
			text: 'Trasig belysning'
		});
		const { focusPlace } = await made.json();
		await page.goto(`/vecka?week=${now}`);
		const place = page.getByTestId('focus-place').filter({ hasText: 'Gångtunneln vid skolan' });
		await place.getByRole('button', { name: 'Ändra' }).click();
		await place.getByLabel('Vad ska göras').fill('Trasig belysning – felanmäld');

		// meanwhile the police changes it
		const police = await requestAs('demo-polis-redaktor');
		expect((await send(police, 'patch', `/api/reports/week/focus/${focusPlace.id}`, { baseVersion: 1, text: 'Trasig belysning och klotter' })).status()).toBe(200);
		// the live updates tell the editor before saving; what they typed stays
		await expect(place.getByRole('status')).toContainText('Någon annan har ändrat fokusplatsen medan du skrev (nu version 2, du utgick från version 1)', { timeout: 5_000 });
		await expect(place.getByLabel('Vad ska göras')).toHaveValue('Trasig belysning – felanmäld');

		await place.getByRole('button', { name: 'Spara ändringen' }).click();
		const alert = place.getByRole('alert');
		await expect(alert).toContainText(/Fokusplatsen ”Gångtunneln vid skolan” har ändrats av .* sedan du läste den \(du utgick från version 1, nu version 2\)/);
		const stored = await (await request.get(`/api/reports/week/focus/${focusPlace.id}`)).json();
		expect(stored.focusPlace.text).toBe('Trasig belysning och klotter');
		await alert.getByRole('button', { name: 'Läs in igen' }).click();
		await expect(place).toContainText('Trasig belysning och klotter');

		// the same over the API: 409 with the current version
		const stale = await send(request, 'patch', `/api/reports/week/focus/${focusPlace.id}`, { baseVersion: 1, text: 'x y z' });
		expect(stale.status()).toBe(409);
		expect(await stale.json()).toMatchObject({ current: { version: 2 }, message: expect.stringContaining('har ändrats av') });
		// bad input is a 400 that says what to do, and stores nothing
		const bad = await send(request, 'post', '/api/reports/week/focus', { week: now, place: { kind: 'cell', cellId: 'E1N1', cellSize: 200 }, ownerOrganisationId: 'sdf-jarva', text: 'abc' });
		expect(bad.status()).toBe(400);
		expect((await bad.json()).message).toMatch(/multipel av 200/);
	});

	test('a focus place at a point can be set from the keyboard: the map’s centre', async ({ page, request }) => {
		const { now } = await weeks(request);
		await page.goto(`/vecka?week=${now}`);
		const pick = page.getByRole('button', { name: 'Ny fokusplats: välj en punkt på kartan' });
		await expect(pick).toBeEnabled();
		await pick.press('Enter');
		await page.getByRole('button', { name: 'Använd kartans mitt' }).press('Enter');
		const form = page.getByRole('form', { name: 'Ny fokusplats' });
		await expect(form).toContainText(/Punkt 17\.\d{5}, 59\.\d{5}/);
		await form.getByLabel('Namn på platsen').fill('Vid kartans mitt');
		await form.getByLabel('Ansvarig organisation').selectOption({ label: 'Järva stadsdelsförvaltning' });
		await form.getByLabel('Vad ska göras').fill('Se över belysningen');
		await form.getByRole('button', { name: 'Spara fokusplatsen' }).press('Enter');
		await expect(page.getByTestId('focus-place').filter({ hasText: 'Vid kartans mitt' })).toContainText('Järva stadsdelsförvaltning');
	});
});
