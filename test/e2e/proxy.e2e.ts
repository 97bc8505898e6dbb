/**
 * Behind a proxy: without ADDRESS_HEADER every client seems to be the proxy (one throttle budget
 * and one address in the audit log for all), so the server says so in its log, once; with it set,
 * the client's own address is used.
 */
import { E2E_PASSWORD } from './accounts';
import { expect, test } from './fixtures';
import { startServer } from './own-server';

test.use({ account: null });

const warnings = (log: string) => log.split('\n').filter((line) => line.includes('men ADDRESS_HEADER är inte satt'));

test('requests with X-Forwarded-For and no ADDRESS_HEADER make one warning naming ADDRESS_HEADER and XFF_DEPTH', async ({ playwright }) => {
	const server = await startServer({}, { captureLog: true });
	try {
		const request = await playwright.request.newContext({ baseURL: server.origin });
		expect((await request.get('/api/layers')).status()).toBe(401);
		expect(warnings(server.log())).toEqual([]);
		for (const address of ['203.0.113.7', '203.0.113.8', '203.0.113.9']) await request.get('/api/layers', { headers: { 'x-forwarded-for': address } });
		await expect.poll(() => warnings(server.log()).length).toBe(1);
		expect(server.log()).toMatch(/XFF_DEPTH/);
		await request.dispose();
	} finally {
		server.stop();
	}
});

test('with ADDRESS_HEADER and XFF_DEPTH set there is no warning, and the audit log has the client’s address', async ({ playwright }) => {
	const server = await startServer({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' }, { captureLog: true });
	try {
		const origin = server.origin;
		const request = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
		const failed = await request.post('/api/session', { data: { username: 'demo-sdf-lasare', password: 'fel-lösenord-123' }, headers: { 'x-forwarded-for': '203.0.113.7' } });
		expect(failed.status()).toBe(401);
		expect((await request.post('/api/session', { data: { username: 'demo-admin', password: E2E_PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.2' } })).status()).toBe(200);
		const log = await (await request.get('/api/admin/audit?action=login-failed', { headers: { 'x-forwarded-for': '198.51.100.2' } })).json();
		expect(log.entries[0]).toMatchObject({ username: 'demo-sdf-lasare', ip: '203.0.113.7' });
		expect(warnings(server.log())).toEqual([]);
		await request.dispose();
	} finally {
		server.stop();
	}
});
