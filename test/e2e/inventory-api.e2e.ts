/**
 * The safety-walk API through the real server: exactly-once findings and photos, conflicts,
 * refusals a person can act on, and follow-up into measures and the insecure-places layer.
 */
import { testWithOwnServer as test } from './own-server';
import { expect } from './fixtures';
import { createWalk, finding, pngImage } from './inventory-helpers';

test.describe('findings are stored exactly once', () => {
	test('a replayed clientId answers 200 with the finding already stored, and no second one is made', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding();
		const first = await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		expect(first.status()).toBe(201);
		const replay = await request.post(`/api/inventories/${walk.id}/findings`, { data: { ...body, note: 'skickad igen' } });
		expect(replay.status()).toBe(200);
		expect((await replay.json()).finding).toEqual((await first.json()).finding);
		const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
		expect(inventory.findings.map((f: { id: string }) => f.id)).toEqual([body.clientId]);
	});

	test('a replayed photo answers 200 with the stored photo', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding();
		await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		const photoId = crypto.randomUUID();
		const form = { file: { name: 'foto.png', mimeType: 'image/png', buffer: pngImage(40, 30) }, clientId: photoId };
		const first = await request.post(`/api/findings/${body.clientId}/photos`, { multipart: form });
		expect(first.status(), await first.text()).toBe(201);
		expect((await first.json()).photo).toMatchObject({ id: photoId, mime: 'image/png', width: 40, height: 30 });
		const again = await request.post(`/api/findings/${body.clientId}/photos`, { multipart: form });
		expect(again.status()).toBe(200);
		const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
		expect(inventory.findings[0].photos).toHaveLength(1);
		const image = await request.get(`/api/photos/${photoId}`);
		expect(image.headers()['content-type']).toBe('image/png');
	});
});

test.describe('two people changing the same thing', () => {
	test('a finding changed from a stale version is 409 with both versions, and the first change stands', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding();
		await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		const url = `/api/inventories/${walk.id}/findings/${body.clientId}`;
		expect((await request.put(url, { data: { baseVersion: 1, severity: 3 } })).status()).toBe(200);
		const stale = await request.put(url, { data: { baseVersion: 1, note: 'Min anteckning' } });
		expect(stale.status()).toBe(409);
		const conflict = await stale.json();
		expect(conflict.message).toMatch(/har ändrats/);
		expect(conflict.current).toMatchObject({ severity: 3, version: 2, note: body.note });
		expect(conflict.yours).toMatchObject({ note: 'Min anteckning' });
	});

	test('stops saved from a stale version of the walk are 409 with the walk as it is', async ({ request }) => {
		const walk = await createWalk(request);
		const stale = await request.patch(`/api/inventories/${walk.id}`, { data: { baseVersion: 1, title: 'Gammal version' } });
		expect(stale.status()).toBe(409);
		expect((await stale.json()).current).toMatchObject({ version: 2, stops: expect.any(Array) });
	});
});

test.describe('refusals say what to do', () => {
	test('a photo that is not an image is 415, one too large 413, each with a message', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding();
		await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		const url = `/api/findings/${body.clientId}/photos`;
		const text = await request.post(url, { multipart: { file: { name: 'anteckning.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('inte en bild') }, clientId: crypto.randomUUID() } });
		expect(text.status()).toBe(415);
		expect((await text.json()).message).toMatch(/inte en JPEG-, PNG- eller WebP-bild/);
		const huge = Buffer.alloc(5 * 1024 * 1024 + 10);
		huge.set([0xff, 0xd8, 0xff]);
		const big = await request.post(url, { multipart: { file: { name: 'stor.jpg', mimeType: 'image/jpeg', buffer: huge }, clientId: crypto.randomUUID() } });
		expect(big.status()).toBe(413);
		expect((await big.json()).message).toMatch(/högst 5 MB/);
		const { inventory } = await (await request.get(`/api/inventories/${walk.id}`)).json();
		expect(inventory.findings[0].photos).toEqual([]);
	});

	test('unknown ids are 404 and malformed input 400, naming the field', async ({ request }) => {
		const walk = await createWalk(request);
		const unknown = await request.get('/api/inventories/finns-inte');
		expect(unknown.status()).toBe(404);
		expect((await unknown.json()).message).toMatch(/finns inte/);
		expect((await request.put(`/api/inventories/${walk.id}/findings/${crypto.randomUUID()}`, { data: { baseVersion: 1 } })).status()).toBe(404);
		const orphan = await request.post(`/api/findings/${crypto.randomUUID()}/photos`, { multipart: { file: { name: 'a.png', mimeType: 'image/png', buffer: pngImage(4, 4) }, clientId: crypto.randomUUID() } });
		expect(orphan.status()).toBe(404);
		expect((await orphan.json()).message).toMatch(/synkats/);

		const badId = await request.post(`/api/inventories/${walk.id}/findings`, { data: finding({ clientId: 'abc' }) });
		expect(badId.status()).toBe(400);
		expect(await badId.json()).toMatchObject({ param: 'clientId', message: expect.stringMatching(/inget UUID/) });
		const swapped = await request.post(`/api/inventories/${walk.id}/findings`, { data: finding({ position: [59.41, 17.93] }) });
		expect((await swapped.json()).message).toMatch(/bytt plats/);
		const badArea = await request.post('/api/inventories', { data: { title: 'Fel', area: { kind: 'district', name: 'Solna' }, startsAt: '2025-05-14T16:30:00Z', organisationIds: ['sdf-jarva'] } });
		expect(badArea.status()).toBe(400);
		expect((await badArea.json()).message).toMatch(/Okänd stadsdel "Solna"/);
		const notJson = await request.post(`/api/inventories/${walk.id}/findings`, { headers: { 'content-type': 'text/plain' }, data: 'hej' });
		expect(notJson.status()).toBe(415);
	});

	test('a läsare may read walks but not record findings (403)', async ({ request, requestAs }) => {
		const walk = await createWalk(request);
		const reader = await requestAs('demo-sdf-lasare');
		expect((await reader.get(`/api/inventories/${walk.id}`)).status()).toBe(200);
		const refused = await reader.post(`/api/inventories/${walk.id}/findings`, { data: finding() });
		expect(refused.status()).toBe(403);
		expect((await refused.json()).message).toMatch(/redaktör/);
	});
});

test.describe('follow-up', () => {
	test('a finding becomes a proposed measure from this walk, in one step', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding();
		await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		const made = await request.post(`/api/inventories/${walk.id}/findings/${body.clientId}/measure`, {
			data: { title: 'Byt armaturen vid entrén', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-09-30' }
		});
		expect(made.status(), await made.text()).toBe(201);
		const { measure, finding: linked } = await made.json();
		expect(measure).toMatchObject({ status: 'föreslagen', origin: { kind: 'inventory', id: walk.id }, position: body.position });
		expect(linked.measureId).toBe(measure.id);
		const listed = await (await request.get(`/api/measures?status=all&origin=inventory&originId=${walk.id}`)).json();
		expect(listed.measures.map((m: { id: string }) => m.id)).toEqual([measure.id]);
		const twice = await request.post(`/api/inventories/${walk.id}/findings/${body.clientId}/measure`, {
			data: { title: 'Igen', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-09-30' }
		});
		expect(twice.status()).toBe(409);
	});

	test('a finding becomes a new insecure place, not an example, that the analysis counts', async ({ request }) => {
		const walk = await createWalk(request);
		const body = finding({ category: 'parkering-garage' });
		await request.post(`/api/inventories/${walk.id}/findings`, { data: body });
		const before = (await (await request.get('/api/layers/otrygga-platser')).json()).features.length;
		const made = await request.post(`/api/inventories/${walk.id}/findings/${body.clientId}/place`, { data: {} });
		expect(made.status(), await made.text()).toBe(201);
		const { place, finding: linked } = await made.json();
		expect(place.properties).toMatchObject({ example: false, district: 'Husby', category: 'parking', source: expect.stringContaining(walk.title) });
		expect(linked.placeFeatureId).toBe(place.properties.id);
		const layer = await (await request.get('/api/layers/otrygga-platser')).json();
		expect(layer.features).toHaveLength(before + 1);
		const history = await (await request.get(`/api/layers/otrygga-platser/features/${place.properties.id}/history`)).json();
		expect(history.history).toHaveLength(1);
		const analysis = await (await request.get('/api/analysis/places?year=2023')).json();
		expect(JSON.stringify(analysis)).toContain(place.properties.id);
	});

	test('the area’s context hides drug scenes from a property owner', async ({ request, requestAs }) => {
		const walk = await createWalk(request);
		const admin = await (await request.get(`/api/inventories/${walk.id}/context`)).json();
		expect(admin.drugScenes.features.length).toBeGreaterThan(0);
		expect(admin.insecurePlaces.features.length).toBeGreaterThan(0);
		const owner = await requestAs('demo-fastighet-redaktor');
		const theirs = await (await owner.get(`/api/inventories/${walk.id}/context`)).json();
		expect(theirs.drugScenes.features).toEqual([]);
		expect(JSON.stringify(theirs)).not.toContain('drogscener');
	});
});
