/**
 * The meeting and saved-view API through the real server: the agenda and its versions, who sees
 * which meeting and which agenda items, a decision that makes a measure in one transaction, a
 * place's story, and saved views shared only with colleagues who may see their layers.
 * These tests write: they run on a server of their own.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect } from './fixtures';
import { testWithOwnServer as test } from './own-server';

test.use({ account: 'demo-sdf-redaktor' });

const send = (request: APIRequestContext, method: 'post' | 'put' | 'patch' | 'delete', url: string, data: unknown) =>
	request[method](url, { data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

let counter = 0;
async function newMeeting(request: APIRequestContext, organisationIds: string[] = ['polis-jarva']) {
	const response = await send(request, 'post', '/api/meetings', { title: `Platssamverkan ${++counter}`, date: '2025-03-12', participants: ['Anna, SDF'], organisationIds });
	expect(response.status()).toBe(201);
	return (await response.json()).meeting as { id: string; version: number; organisationIds: string[] };
}
async function addItem(request: APIRequestContext, meetingId: string, body: unknown) {
	const response = await send(request, 'post', `/api/meetings/${meetingId}/items`, body);
	expect(response.status(), await response.text()).toBe(201);
	return (await response.json()).item as { id: string; version: number; position: number; title: string };
}
const NORDKAP = { kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };
const PARKING = { kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' };
const MISSING = '00000000-0000-4000-8000-00000000dead';

test.describe('meetings and their agenda', () => {
	test('a meeting is made, listed to the organisations taking part, and a stranger is told it does not exist', async ({ request, requestAs }) => {
		const meeting = await newMeeting(request);
		expect(meeting.organisationIds).toEqual(['sdf-jarva', 'polis-jarva']);
		const polis = await requestAs('demo-polis-lasare');
		expect((await (await polis.get('/api/meetings')).json()).meetings.map((m: { id: string }) => m.id)).toContain(meeting.id);
		const owner = await requestAs('demo-fastighet-redaktor');
		expect((await (await owner.get('/api/meetings')).json()).meetings.map((m: { id: string }) => m.id)).not.toContain(meeting.id);
		expect((await owner.get(`/api/meetings/${meeting.id}`)).status()).toBe(404);
		expect((await send(owner, 'patch', `/api/meetings/${meeting.id}`, { baseVersion: 1, title: 'Kapat' })).status()).toBe(404);
	});

	test('unknown ids are 404 with a message; bodies the server cannot use are 400 naming the field', async ({ request }) => {
		expect((await request.get(`/api/meetings/${MISSING}`)).status()).toBe(404);
		const meeting = await newMeeting(request);
		const item = await addItem(request, meeting.id, PARKING);
		const unknownItem = await request.get(`/api/meetings/${meeting.id}/items/${MISSING}/story`);
		expect(unknownItem.status()).toBe(404);
		expect((await unknownItem.json()).message).toMatch(/finns inte på mötets dagordning/);

		const cases: [string, 'post' | 'patch' | 'put', unknown, string][] = [
			['/api/meetings', 'post', { title: 'Mö', date: '2025-03-12' }, 'title'],
			['/api/meetings', 'post', { title: 'Möte', date: '2025-02-30' }, 'date'],
			['/api/meetings', 'post', { title: 'Möte', date: '2025-03-12', organisationIds: ['finns-inte'] }, 'organisationIds'],
			[`/api/meetings/${meeting.id}/items`, 'post', { kind: 'cirkel' }, 'kind'],
			[`/api/meetings/${meeting.id}/items`, 'post', { kind: 'feature', layerId: 'otrygga-platser', featureId: 'finns-inte' }, 'featureId'],
			[`/api/meetings/${meeting.id}/items`, 'post', { kind: 'area', title: 'Yta', geometry: { type: 'Polygon', coordinates: [[[18.9, 59.4], [18.91, 59.4], [18.91, 59.41], [18.9, 59.4]]] } }, 'geometry'],
			[`/api/meetings/${meeting.id}/order`, 'put', { baseVersion: 2, itemIds: [] }, 'itemIds'],
			[`/api/meetings/${meeting.id}/items/${item.id}`, 'patch', { notes: 'utan version' }, 'baseVersion'],
			[`/api/meetings/${meeting.id}/items/${item.id}/decisions`, 'post', { text: 'Beslut', measure: { title: 'x', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30' } }, 'measure.title']
		];
		for (const [url, method, body, field] of cases) {
			const response = await send(request, method, url, body);
			const answer = await response.json();
			expect(response.status(), `${method} ${url} ${JSON.stringify(body)}: ${answer.message}`).toBe(400);
			expect(answer.param, answer.message).toBe(field);
			expect(answer.message).toMatch(/[a-zåäö]/);
		}
		const notJson = await request.post('/api/meetings', { data: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(notJson.status()).toBe(415);
		const broken = await request.post('/api/meetings', { data: Buffer.from('{"title":'), headers: { 'content-type': 'application/json' } });
		expect(broken.status()).toBe(400);
	});

	test('a läsare reads meetings and stories but every write is 403', async ({ request, requestAs }) => {
		const meeting = await newMeeting(request);
		const item = await addItem(request, meeting.id, PARKING);
		const reader = await requestAs('demo-sdf-lasare');
		expect((await reader.get(`/api/meetings/${meeting.id}`)).status()).toBe(200);
		expect((await reader.get(`/api/meetings/${meeting.id}/items/${item.id}/story`)).status()).toBe(200);
		const writes: [string, 'post' | 'patch' | 'put' | 'delete', unknown][] = [
			['/api/meetings', 'post', { title: 'Läsarens möte', date: '2025-03-12' }],
			[`/api/meetings/${meeting.id}`, 'patch', { baseVersion: 1, title: 'Nytt' }],
			[`/api/meetings/${meeting.id}/items`, 'post', NORDKAP],
			[`/api/meetings/${meeting.id}/order`, 'put', { baseVersion: 2, itemIds: [item.id] }],
			[`/api/meetings/${meeting.id}/items/${item.id}`, 'patch', { baseVersion: 1, notes: 'x' }],
			[`/api/meetings/${meeting.id}/items/${item.id}`, 'delete', { baseVersion: 1 }],
			[`/api/meetings/${meeting.id}/items/${item.id}/decisions`, 'post', { text: 'Beslut' }],
			['/api/views', 'post', { name: 'Vy', query: 'lager=stadsdelar' }]
		];
		for (const [url, method, body] of writes) {
			const response = await send(reader, method, url, body);
			expect(response.status(), `${method} ${url}`).toBe(403);
			expect((await response.json()).message).toMatch(/redaktör/);
		}
		expect((await (await request.get(`/api/meetings/${meeting.id}`)).json()).meeting.items[0].notes).toBe('');
	});

	test('a stale version is 409 with the meeting or item as it is now and the change that was refused', async ({ request, requestAs }) => {
		const meeting = await newMeeting(request);
		const first = await addItem(request, meeting.id, NORDKAP);
		const second = await addItem(request, meeting.id, PARKING);
		const polis = await requestAs('demo-polis-redaktor');
		// The police write notes first; the district's note on the same version is refused.
		expect((await send(polis, 'patch', `/api/meetings/${meeting.id}/items/${first.id}`, { baseVersion: 1, notes: 'Polisen: färre samlingar' })).status()).toBe(200);
		const stale = await send(request, 'patch', `/api/meetings/${meeting.id}/items/${first.id}`, { baseVersion: 1, notes: 'SDF: städning' });
		expect(stale.status()).toBe(409);
		const body = await stale.json();
		expect(body.current).toMatchObject({ id: first.id, version: 2, notes: 'Polisen: färre samlingar' });
		expect(body.yours).toMatchObject({ notes: 'SDF: städning' });
		// Notes on another item do not conflict.
		expect((await send(request, 'patch', `/api/meetings/${meeting.id}/items/${second.id}`, { baseVersion: 1, notes: 'Belysning' })).status()).toBe(200);

		// The agenda's order is the meeting's: adding an item made version 3 stale.
		const reorder = await send(request, 'put', `/api/meetings/${meeting.id}/order`, { baseVersion: 2, itemIds: [second.id, first.id] });
		expect(reorder.status()).toBe(409);
		expect((await reorder.json()).current.items).toHaveLength(2);
		const ok = await send(request, 'put', `/api/meetings/${meeting.id}/order`, { baseVersion: 3, itemIds: [second.id, first.id] });
		expect(ok.status()).toBe(200);
		expect((await ok.json()).meeting.items.map((i: { id: string; position: number }) => [i.position, i.id])).toEqual([
			[1, second.id],
			[2, first.id]
		]);
	});

	test('an agenda item on the scenes is hidden from property owners: no name, layer or geometry', async ({ request, requestAs }) => {
		const meeting = await newMeeting(request, ['fastighetsagare']);
		await addItem(request, meeting.id, NORDKAP);
		await addItem(request, meeting.id, PARKING);
		const owner = await requestAs('demo-fastighet-lasare');
		const response = await owner.get(`/api/meetings/${meeting.id}`);
		const text = await response.text();
		expect(text).not.toMatch(/Nordkapsgatan|drogscener|ds2023/);
		const { meeting: seen } = JSON.parse(text);
		expect(seen.items[0]).toMatchObject({ hidden: true, title: 'Dold plats', layerId: null, geometry: null });
		expect(seen.items[1]).toMatchObject({ hidden: false, title: 'Parkeringsplats, Husby (exempel)' });
		expect((await owner.get(`/api/meetings/${meeting.id}/items/${seen.items[0].id}/story`)).status()).toBe(404);
		const story = await (await owner.get(`/api/meetings/${meeting.id}/items/${seen.items[1].id}/story`)).json();
		expect(story.years).toEqual([]);
		expect(JSON.stringify(story)).not.toMatch(/ds20/);
	});

	test('a scene’s story: Husby C ceased, with Nordkapsgatan 2023 as a possible displacement', async ({ request }) => {
		const meeting = await newMeeting(request);
		const item = await addItem(request, meeting.id, { kind: 'feature', layerId: 'drogscener-2021', featureId: 'ds2021-husby-c' });
		const story = await (await request.get(`/api/meetings/${meeting.id}/items/${item.id}/story`)).json();
		expect(story.itemYear).toBe(2021);
		expect(story.years[1]).toMatchObject({ year: 2023, present: false, status: 'ceased', relation: 'displacement', scenes: [{ id: 'ds2023-nordkapsgatan' }] });
		expect(story.nearby.places500).toBeGreaterThanOrEqual(story.nearby.places200);
	});
});

test.describe('decisions', () => {
	test('a decision with a measure makes both in one go; the measure is at the place and from the meeting', async ({ request }) => {
		const meeting = await newMeeting(request, ['fastighetsagare']);
		const item = await addItem(request, meeting.id, PARKING);
		const response = await send(request, 'post', `/api/meetings/${meeting.id}/items/${item.id}/decisions`, {
			text: 'Fastighetsägaren byter belysningen på parkeringen',
			measure: { title: 'Byt belysning på parkeringen', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30' }
		});
		expect(response.status()).toBe(201);
		const { decision, measure } = await response.json();
		expect(measure).toMatchObject({ status: 'beslutad', ownerOrganisationId: 'fastighetsagare', place: { layerId: 'otrygga-platser', featureId: 'op-husby-02' }, origin: { kind: 'meeting', id: meeting.id } });
		expect(decision.measureId).toBe(measure.id);
		// The measure is a measure like any other, and the place's story lists it as open.
		expect((await request.get(`/api/measures/${measure.id}`)).status()).toBe(200);
		const story = await (await request.get(`/api/meetings/${meeting.id}/items/${item.id}/story`)).json();
		expect(story.measures.map((m: { id: string }) => m.id)).toContain(measure.id);
		const { meeting: after } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		expect(after.items[0].decisions[0]).toMatchObject({ text: 'Fastighetsägaren byter belysningen på parkeringen', measure: { title: 'Byt belysning på parkeringen' } });
	});

	test('a measure the server refuses leaves neither decision nor measure behind', async ({ request }) => {
		const meeting = await newMeeting(request);
		const item = await addItem(request, meeting.id, PARKING);
		const measuresBefore = (await (await request.get('/api/measures?status=all')).json()).measures.length;
		const response = await send(request, 'post', `/api/meetings/${meeting.id}/items/${item.id}/decisions`, {
			text: 'Något ska göras',
			measure: { title: 'Något ska göras', ownerOrganisationId: 'finns-inte', dueDate: '2025-06-30' }
		});
		expect(response.status()).toBe(400);
		expect((await response.json()).message).toContain('finns-inte');
		const { meeting: after } = await (await request.get(`/api/meetings/${meeting.id}`)).json();
		expect(after.items[0].decisions).toEqual([]);
		expect((await (await request.get('/api/measures?status=all')).json()).measures.length).toBe(measuresBefore);
	});

	test('an item with decisions cannot be taken off the agenda; one without can', async ({ request }) => {
		const meeting = await newMeeting(request);
		const decided = await addItem(request, meeting.id, PARKING);
		const other = await addItem(request, meeting.id, NORDKAP);
		await send(request, 'post', `/api/meetings/${meeting.id}/items/${decided.id}/decisions`, { text: 'Följs upp nästa möte' });
		const refused = await send(request, 'delete', `/api/meetings/${meeting.id}/items/${decided.id}`, { baseVersion: 1 });
		expect(refused.status()).toBe(409);
		expect((await refused.json()).message).toMatch(/protokoll/);
		expect((await send(request, 'delete', `/api/meetings/${meeting.id}/items/${other.id}`, { baseVersion: 2 })).status()).toBe(409);
		expect((await send(request, 'delete', `/api/meetings/${meeting.id}/items/${other.id}`, { baseVersion: 1 })).status()).toBe(200);
	});
});

test.describe('saved views', () => {
	test('a shared view with the scenes reaches the police but not property owners; the owner deletes it', async ({ request, requestAs }) => {
		const name = `Husby svep ${++counter}`;
		const saved = await send(request, 'post', '/api/views', { name, query: '?lager=stadsdelar&jamfor=svep&arpar=2021-2023&karta=14.00/59.41000/17.93000', shared: true });
		expect(saved.status()).toBe(201);
		const { view } = await saved.json();
		expect(view.query).toBe('lager=stadsdelar&jamfor=svep&arpar=2021-2023&karta=14.00/59.41000/17.93000');
		const names = async (as: string) => (await (await (await requestAs(as)).get('/api/views')).json()).views.map((v: { name: string }) => v.name);
		expect(await names('demo-polis-lasare')).toContain(name);
		expect(await names('demo-fastighet-redaktor')).not.toContain(name);
		expect((await (await requestAs('demo-polis-redaktor')).delete(`/api/views/${view.id}`)).status()).toBe(403);
		expect((await (await requestAs('demo-fastighet-redaktor')).delete(`/api/views/${view.id}`)).status()).toBe(404);
		expect((await request.delete(`/api/views/${view.id}`)).status()).toBe(200);
		expect(await names('demo-polis-lasare')).not.toContain(name);
	});

	test('a view with an unknown parameter or a layer one may not see is refused', async ({ request, requestAs }) => {
		const unknown = await send(request, 'post', '/api/views', { name: 'Konstig', query: 'lager=stadsdelar&hemligt=1' });
		expect(unknown.status()).toBe(400);
		expect((await unknown.json()).message).toMatch(/Okänd parameter "hemligt"/);
		const owner = await requestAs('demo-fastighet-redaktor');
		const hidden = await send(owner, 'post', '/api/views', { name: 'Scener', query: 'lager=drogscener&ar=2023' });
		expect(hidden.status()).toBe(400);
		expect((await send(request, 'post', '/api/views', { name: 'x', query: 'lager=stadsdelar' })).status()).toBe(400);
	});
});
