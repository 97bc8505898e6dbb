/**
 * The access matrix with real objects (access.e2e.ts checks every route with ids that do not
 * exist): one real cross-organisation case per family – a measure at a drug scene, a meeting
 * item on a drug scene, a safety-walk stop taken from a drug scene – made by the police and read
 * by a police läsare and a property-owner läsare (who may not see the drug scenes), plus the writes
 * a property-owner redaktör tries on them. Also: new layers with an empty visibility or a taken id.
 * These tests write: they run on a server of their own.
 */
import type { APIRequestContext } from '@playwright/test';
import readXlsxFile from 'read-excel-file/node';
import { E2E_PASSWORD, login } from './accounts';
import { expect } from './fixtures';
import { pngImage } from './inventory-helpers';
import { testWithOwnServer as test } from './own-server';

test.use({ account: 'demo-polis-redaktor' });

const SCENE = { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };
/**
 * What must never reach an account that may not see the drug scenes: the scene's name, id and
 * layer, and what was written and decided about it in the meeting ("trappan"). A measure's own
 * title is listed to them (with its place hidden), as every measure not from a hidden meeting.
 */
const SECRET = /Nordkapsgatan|ds2023|drogscener|Langning|trappan/i;

const send = (request: APIRequestContext, method: 'post' | 'put' | 'patch' | 'delete', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

async function created<T>(response: Awaited<ReturnType<APIRequestContext['post']>>, key: string): Promise<T> {
	expect(response.status(), await response.text()).toBeLessThan(300);
	return ((await response.json()) as Record<string, unknown>)[key] as T;
}

/** One request and what the police läsare and the property-owner läsare must get. */
interface Row {
	what: string;
	path: string;
	polis: number;
	fastighet: number;
}

async function matrix(rows: Row[], polis: APIRequestContext, owner: APIRequestContext): Promise<string[]> {
	const wrong: string[] = [];
	for (const row of rows) {
		for (const [who, request, expected] of [['demo-polis-lasare', polis, row.polis], ['demo-fastighet-lasare', owner, row.fastighet]] as const) {
			const response = await request.get(row.path);
			// An error may echo what was asked for (as for any unknown id); only what it adds counts.
			const asked = decodeURIComponent(row.path).split(/[/?&=]/).filter((part) => part.length > 3);
			const text = asked.reduce((t, part) => t.replaceAll(part, '…'), await response.text());
			if (response.status() !== expected) wrong.push(`${who} ${row.what}: ${response.status()}, expected ${expected}`);
			if (who === 'demo-fastighet-lasare' && SECRET.test(text)) wrong.push(`${who} ${row.what}: the answer names the hidden place (${text.match(SECRET)?.[0]})`);
			if (response.status() >= 400 && !/"message":"[^"]+"/.test(text)) wrong.push(`${who} ${row.what}: an error without a message`);
		}
	}
	return wrong;
}

test('a measure, a meeting item and a walk stop at a drug scene: the police see them, a property owner sees none of the scene', async ({ request, requestAs }) => {
	// Measures: one at the scene with a photo, one decided in a meeting the property owners do not take part in.
	const atScene = await created<{ id: string }>(
		await send(request, 'post', '/api/measures', { title: 'Bättre belysning', ownerOrganisationId: 'polis-jarva', dueDate: '2026-12-31', status: 'beslutad', place: SCENE }),
		'measure'
	);
	const photo = await created<{ id: string }>(await request.post(`/api/measures/${atScene.id}/photos`, { multipart: { kind: 'before', file: { name: 'fore.png', mimeType: 'image/png', buffer: pngImage(40, 30) } } }), 'photo');
	const polisMeeting = await created<{ id: string }>(await send(request, 'post', '/api/meetings', { title: 'Polisens genomgång', date: '2026-03-12', participants: [], organisationIds: [] }), 'meeting');
	const polisItem = await created<{ id: string }>(await send(request, 'post', `/api/meetings/${polisMeeting.id}/items`, { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }), 'item');
	const decided = await created<{ id: string }>(
		await send(request, 'post', `/api/meetings/${polisMeeting.id}/items/${polisItem.id}/decisions`, { text: 'Patrullera', measure: { title: 'Patrullering vid parkeringen', ownerOrganisationId: 'polis-jarva', dueDate: '2026-06-30' } }),
		'measure'
	);

	// A meeting both take part in, with the scene on its agenda, notes and a decision.
	const shared = await created<{ id: string }>(await send(request, 'post', '/api/meetings', { title: 'Platssamverkan Husby', date: '2026-03-19', participants: [], organisationIds: ['fastighetsagare'] }), 'meeting');
	const sceneItem = await created<{ id: string; version: number }>(await send(request, 'post', `/api/meetings/${shared.id}/items`, { kind: 'feature', ...SCENE }), 'item');
	const noted = await created<{ version: number }>(await send(request, 'patch', `/api/meetings/${shared.id}/items/${sceneItem.id}`, { baseVersion: 1, notes: 'Langning varje kväll vid trappan' }), 'item');
	await created(await send(request, 'post', `/api/meetings/${shared.id}/items/${sceneItem.id}/decisions`, { text: 'Kameror vid trappan utreds', measure: { title: 'Utred kamerabevakning', ownerOrganisationId: 'polis-jarva', dueDate: '2026-09-30' } }), 'decision');

	// A walk both take part in, with a stop taken from the scene and one of their own.
	const walk = await created<{ id: string }>(
		await send(request, 'post', '/api/inventories', { title: 'Kvällsvandring Husby', area: { kind: 'district', name: 'Husby' }, startsAt: '2026-05-14T16:30:00.000Z', organisationIds: ['polis-jarva', 'fastighetsagare'], purpose: '' }),
		'inventory'
	);
	const sceneStop = { id: 'scen', name: 'Nordkapsgatan, Husby (2023)', position: [17.93165, 59.40657], source: SCENE };
	const plainStop = { id: 'start', name: 'Husby centrum', position: [17.926, 59.41] };
	await created(await send(request, 'patch', `/api/inventories/${walk.id}`, { baseVersion: 1, stops: [plainStop, sceneStop] }), 'inventory');

	const polis = await requestAs('demo-polis-lasare');
	const owner = await requestAs('demo-fastighet-lasare');
	const rows: Row[] = [
		{ what: 'the measure at the scene', path: `/api/measures/${atScene.id}`, polis: 200, fastighet: 200 },
		{ what: 'measures filtered by the scene', path: `/api/measures?status=all&place=${SCENE.layerId}/${SCENE.featureId}`, polis: 200, fastighet: 404 },
		{ what: 'the photo of the measure at the scene', path: `/api/photos/${photo.id}`, polis: 200, fastighet: 404 },
		{ what: 'the measure of a meeting without property owners', path: `/api/measures/${decided.id}`, polis: 200, fastighet: 404 },
		{ what: 'measures of that meeting', path: `/api/measures?status=all&origin=meeting&originId=${polisMeeting.id}`, polis: 200, fastighet: 200 },
		{ what: 'all measures as CSV', path: '/api/measures?status=all&format=csv', polis: 200, fastighet: 200 },
		{ what: 'all measures as Excel', path: '/api/measures?status=all&format=xlsx', polis: 200, fastighet: 200 },
		{ what: 'the shared meeting’s protocol agenda as CSV', path: `/api/meetings/${shared.id}/protocol?format=csv`, polis: 200, fastighet: 200 },
		{ what: 'the shared meeting’s protocol decisions as CSV', path: `/api/meetings/${shared.id}/protocol?format=csv&table=decisions`, polis: 200, fastighet: 200 },
		{ what: 'the protocol of a meeting without property owners', path: `/api/meetings/${polisMeeting.id}/protocol?format=xlsx`, polis: 200, fastighet: 404 },
		{ what: 'the walk’s findings as CSV', path: `/api/inventories/${walk.id}/findings?format=csv`, polis: 200, fastighet: 200 },
		{ what: 'the shared meeting', path: `/api/meetings/${shared.id}`, polis: 200, fastighet: 200 },
		{ what: 'the scene item’s story', path: `/api/meetings/${shared.id}/items/${sceneItem.id}/story`, polis: 200, fastighet: 404 },
		{ what: 'the walk', path: `/api/inventories/${walk.id}`, polis: 200, fastighet: 200 },
		{ what: 'the walk’s context', path: `/api/inventories/${walk.id}/context`, polis: 200, fastighet: 200 }
	];
	expect(await matrix(rows, polis, owner)).toEqual([]);

	// What the 200s hold. Measures: the place hidden, without position or photos, for the property owner.
	const seenMeasure = async (who: APIRequestContext) => (await (await who.get(`/api/measures/${atScene.id}`)).json()).measure;
	expect(await seenMeasure(polis)).toMatchObject({ place: { ...SCENE, name: 'Nordkapsgatan, Husby' }, photos: [{ id: photo.id, kind: 'before' }] });
	expect(await seenMeasure(owner)).toMatchObject({ place: { hidden: true }, position: null, photos: [] });
	const photoResponse = await polis.get(`/api/photos/${photo.id}`);
	expect(photoResponse.headers()['cache-control']).toBe('private, no-store');
	expect(photoResponse.headers()['content-type']).toBe('image/png');
	// A hidden layer in the filter is answered as an unknown one: same status, same message apart from the id.
	const hiddenFilter = await (await owner.get(`/api/measures?place=${SCENE.layerId}/${SCENE.featureId}`)).json();
	const unknownFilter = await (await owner.get(`/api/measures?place=drogscener-2099/${SCENE.featureId}`)).json();
	expect(hiddenFilter.message.replaceAll(SCENE.layerId, 'X')).toBe(unknownFilter.message.replaceAll('drogscener-2099', 'X'));
	const fromMeeting = async (who: APIRequestContext) => (await (await who.get(`/api/measures?status=all&origin=meeting&originId=${polisMeeting.id}`)).json()).measures.map((m: { id: string }) => m.id);
	expect(await fromMeeting(polis)).toEqual([decided.id]);
	expect(await fromMeeting(owner)).toEqual([]);
	expect(await (await owner.get('/api/measures?status=all&format=csv')).text()).not.toContain('Patrullering');
	// The .xlsx files hold what the JSON and CSV hold, no more: every cell read back.
	const cells = async (who: APIRequestContext, path: string) => {
		const response = await who.get(path);
		expect(response.status(), path).toBe(200);
		return (await readXlsxFile(await response.body())).flatMap((sheet) => sheet.data.flat().map(String)).join('\n');
	};
	expect(await cells(owner, '/api/measures?status=all&format=xlsx')).not.toContain('Patrullering');
	expect(await cells(polis, '/api/measures?status=all&format=xlsx')).toContain('Patrullering');
	const ownerProtocol = await cells(owner, `/api/meetings/${shared.id}/protocol?format=xlsx`);
	expect(ownerProtocol).toContain('Dold plats');
	expect(ownerProtocol).not.toMatch(SECRET);
	expect(await cells(polis, `/api/meetings/${shared.id}/protocol?format=xlsx`)).toMatch(/Langning varje kväll vid trappan[\s\S]*Kameror vid trappan utreds/);

	// Meetings: the scene item is hidden with no notes or decisions; the police see both.
	const items = async (who: APIRequestContext) => (await (await who.get(`/api/meetings/${shared.id}`)).json()).meeting.items;
	expect((await items(polis))[0]).toMatchObject({ hidden: false, notes: 'Langning varje kväll vid trappan', decisions: [{ text: 'Kameror vid trappan utreds', measure: { title: 'Utred kamerabevakning' } }] });
	expect((await items(owner))[0]).toMatchObject({ hidden: true, title: 'Dold plats', notes: '', decisions: [] });

	// Walks: one numbering for both. The stop from the scene comes to the property owner as its number
	// only; to the police it is marked restricted (the property owners take part and may not see it),
	// and the shared route does not lead there (one stop left: no route).
	const seenWalk = async (who: APIRequestContext) => (await (await who.get(`/api/inventories/${walk.id}`)).json()).inventory;
	const polisWalk = await seenWalk(polis);
	expect(polisWalk.stops.map((s: { id: string; number: number }) => `${s.number} ${s.id}`)).toEqual(['1 start', '2 scen']);
	expect(polisWalk.stops[1]).toMatchObject({ source: SCENE, restricted: { organisations: [{ id: 'fastighetsagare' }] } });
	expect(polisWalk).toMatchObject({ hiddenStops: 0, withheldStops: [], route: null });
	const ownerWalk = await seenWalk(owner);
	expect(ownerWalk.stops).toEqual([{ ...plainStop, number: 1 }]);
	expect(ownerWalk).toMatchObject({ hiddenStops: 1, withheldStops: [{ id: 'scen', number: 2 }], route: null });

	// Writes by a property-owner redaktör on the hidden objects: 404 with a message, nothing changed.
	const ownerEditor = await requestAs('demo-fastighet-redaktor');
	const itemPath = `/api/meetings/${shared.id}/items/${sceneItem.id}`;
	for (const [method, path, body] of [
		['patch', itemPath, { baseVersion: noted.version, notes: 'Överskrivet' }],
		['delete', itemPath, { baseVersion: noted.version }],
		['post', `${itemPath}/decisions`, { text: 'Eget beslut' }],
		['patch', `/api/measures/${decided.id}`, { baseVersion: 1, title: 'Kapad' }]
	] as const) {
		const response = await send(ownerEditor, method, path, body);
		expect(response.status(), `${method} ${path}`).toBe(404);
		expect((await response.json()).message, `${method} ${path}`).toMatch(path.startsWith('/api/measures') ? /finns inte/ : /lager som ditt konto inte får se/);
	}
	expect((await items(polis))[0]).toMatchObject({ version: noted.version, notes: 'Langning varje kväll vid trappan', decisions: [{ text: 'Kameror vid trappan utreds' }] });
	// A stop naming the scene is refused; changing the stops they see keeps the hidden one.
	const named = await send(ownerEditor, 'patch', `/api/inventories/${walk.id}`, { baseVersion: 2, stops: [plainStop, { ...sceneStop, id: 'egen' }] });
	expect(named.status()).toBe(400);
	expect((await named.json()).param).toBe('stops.1.source.layerId');
	const added = await send(ownerEditor, 'patch', `/api/inventories/${walk.id}`, { baseVersion: 2, stops: [plainStop, { id: 'garage', name: 'Garaget', position: [17.93, 59.4072] }] });
	expect(added.status(), await added.text()).toBe(200);
	expect(await added.text()).not.toMatch(SECRET);
	expect((await seenWalk(polis)).stops.map((s: { id: string }) => s.id)).toEqual(['start', 'scen', 'garage']);
});

test('new layers: an empty visibility is refused, and a taken id is refused alike whether the caller sees that layer or not', async ({ requestAs }) => {
	const layer = (id: string, extra = {}) => ({ id, title: 'Nytt lager', kind: 'area', source: 'Egen kartering 2026', precision: 'ungefärlig', ...extra });
	const admin = await requestAs('demo-admin');
	const empty = await send(admin, 'post', '/api/layers', layer('omrade-tomt', { visibleTo: [] }));
	expect(empty.status()).toBe(400);
	expect(await empty.json()).toMatchObject({ param: 'visibleTo', message: expect.stringMatching(/minst en organisation/) });
	expect((await admin.get('/api/layers/omrade-tomt')).status()).toBe(404);

	const owner = await requestAs('demo-fastighet-redaktor');
	const hidden = await send(owner, 'post', '/api/layers', layer('drogscener-2023'));
	const visible = await send(owner, 'post', '/api/layers', layer('otrygga-platser'));
	expect(hidden.status()).toBe(409);
	expect(visible.status()).toBe(409);
	const message = (await hidden.json()).message as string;
	expect(message).not.toMatch(/finns/);
	expect(message.replace('drogscener-2023', 'X')).toBe(((await visible.json()).message as string).replace('otrygga-platser', 'X'));
});

test.describe('the planning page', () => {
	test('a stop added from a drug scene keeps its source; a property owner is told a stop is hidden', async ({ page, request, requestAs }) => {
		const walk = await created<{ id: string }>(
			await send(request, 'post', '/api/inventories', { title: 'Vandring i norra Husby', area: { kind: 'district', name: 'Husby' }, startsAt: '2026-05-20T16:30:00.000Z', organisationIds: ['polis-jarva', 'fastighetsagare'], purpose: '' }),
			'inventory'
		);
		await page.goto(`/inventering/${walk.id}`);
		await page.getByText(/^Lista \(\d+\)$/).click();
		await page.getByRole('listitem').filter({ hasText: 'Drogscen: Nordkapsgatan, Husby (2023)' }).getByRole('button', { name: 'Lägg till som stopp' }).click();
		await expect(page.getByLabel('Namn på stopp 1')).toHaveValue('Nordkapsgatan, Husby (2023)');
		await expect.poll(async () => (await (await request.get(`/api/inventories/${walk.id}`)).json()).inventory.stops[0]?.source).toEqual(SCENE);

		const owner = await requestAs('demo-fastighet-lasare');
		expect((await (await owner.get(`/api/inventories/${walk.id}`)).json()).inventory).toMatchObject({ stops: [], hiddenStops: 1, withheldStops: [{ number: 1 }] });
		await page.context().clearCookies();
		await login(page.context().request, new URL(page.url()).origin, 'demo-fastighet-lasare', E2E_PASSWORD);
		await page.goto(`/inventering/${walk.id}`);
		await expect(page.getByTestId('hidden-stops')).toContainText('1 stopp visas bara med sitt nummer');
		await expect(page.getByTestId('withheld-stop')).toHaveText(/1\s*Stopp 1 – plats enligt samordnaren/);
		await expect(page.locator('body')).not.toContainText('Nordkapsgatan');
	});
});
