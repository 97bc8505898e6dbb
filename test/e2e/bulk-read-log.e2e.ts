/**
 * Reading a layer that is not visible to all partners in bulk (the layer as JSON, its history)
 * copies as much as the logged export: it is logged too, once per session and layer, not on every
 * page load or 304.
 */
import { login } from './accounts';
import { expect, test } from './fixtures';
import { startServer } from './own-server';

test.use({ account: null });

test('a police reader’s reads of the drug scenes are logged once per session and layer; public layers not at all', async ({ playwright }) => {
	const server = await startServer();
	const { origin } = server;
	const client = async (username: string) => {
		const request = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
		await login(request, origin, username);
		return request;
	};
	try {
		const reader = await client('demo-polis-lasare');
		const first = await reader.get('/api/layers/drogscener-2023');
		expect(first.status()).toBe(200);
		const etag = first.headers()['etag']!;
		expect((await reader.get('/api/layers/drogscener-2023', { headers: { 'if-none-match': etag } })).status()).toBe(304);
		expect((await reader.get('/api/layers/drogscener-2023')).status()).toBe(200);
		expect((await reader.get('/api/layers/drogscener-2023/history')).status()).toBe(200);
		expect((await reader.get('/api/layers/drogscener-2023/history')).status()).toBe(200);
		expect((await reader.get('/api/layers/stadsdelar')).status()).toBe(200);

		const admin = await client('demo-admin');
		const reads = async () => (await (await admin.get('/api/admin/audit?action=layer-read&username=demo-polis-lasare')).json()).entries;
		const logged = await reads();
		expect(logged.map((e: { target: string; detail: { what: string } }) => `${e.target} ${e.detail.what}`).sort()).toEqual(['drogscener-2023 geojson', 'drogscener-2023 history']);
		expect(logged[0]).toMatchObject({ outcome: 'ok', organisationId: 'polis-jarva', detail: { visibleTo: ['polis-jarva', 'sdf-jarva'] } });

		// A new session is a new trace.
		const again = await client('demo-polis-lasare');
		await again.get('/api/layers/drogscener-2023');
		await again.get('/api/layers/drogscener-2023');
		expect((await reads()).filter((e: { detail: { what: string } }) => e.detail.what === 'geojson')).toHaveLength(2);
		for (const request of [reader, admin, again]) await request.dispose();
	} finally {
		server.stop();
	}
});
