/**
 * Sessions and accounts through the real server: expiry (idle and absolute, on a server with
 * shortened limits), throttling, what an admin can do (accounts, visibility, audit log), and a
 * server outside demo mode (no default accounts; the first admin comes from the CLI).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { E2E_PASSWORD, login } from './accounts';
import { expect, test } from './fixtures';
import { startServer } from './own-server';

test.use({ account: null });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function client(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, origin: string, username?: string) {
	const request = await playwright.request.newContext({ baseURL: origin, extraHTTPHeaders: { origin } });
	if (username) await login(request, origin, username);
	return request;
}

test.describe('session expiry', () => {
	test('a session idle longer than the limit ends, and the answer says why', async ({ playwright }) => {
		// 0.05 minutes = 3 s idle.
		const server = await startServer({ LAGESKARTA_SESSION_IDLE_MINUTES: '0.05' });
		try {
			const request = await client(playwright, server.origin, 'demo-sdf-lasare');
			expect((await request.get('/api/layers')).status()).toBe(200);
			await sleep(1500);
			expect((await request.get('/api/layers')).status()).toBe(200);
			await sleep(4000);
			const expired = await request.get('/api/layers');
			expect(expired.status()).toBe(401);
			expect((await expired.json()).message).toMatch(/utan aktivitet/);
			// The cookie is cleared with the answer, so the next request is simply anonymous.
			expect((await (await request.get('/api/session')).json()).message).toMatch(/Logga in först/);
			await request.dispose();
		} finally {
			server.stop();
		}
	});

	test('limits above 30 minutes idle and 12 hours in all are lowered to those', async ({ playwright }) => {
		const server = await startServer({ LAGESKARTA_SESSION_IDLE_MINUTES: '600', LAGESKARTA_SESSION_MAX_HOURS: '72' });
		try {
			const request = await client(playwright, server.origin, 'demo-sdf-lasare');
			expect((await (await request.get('/api/session')).json()).idleMinutes).toBe(30);
			await request.dispose();
		} finally {
			server.stop();
		}
	});

	test('an active session still ends at the absolute limit', async ({ playwright }) => {
		// 0.0015 h = 5.4 s absolute, idle 1 minute.
		const server = await startServer({ LAGESKARTA_SESSION_MAX_HOURS: '0.0015', LAGESKARTA_SESSION_IDLE_MINUTES: '1' });
		try {
			const request = await client(playwright, server.origin, 'demo-polis-lasare');
			for (let i = 0; i < 4; i++) {
				expect((await request.get('/api/session')).status()).toBe(200);
				await sleep(1000);
			}
			await sleep(2500);
			const expired = await request.get('/api/session');
			expect(expired.status()).toBe(401);
			expect((await expired.json()).message).toMatch(/längsta tid/);
			await request.dispose();
		} finally {
			server.stop();
		}
	});
});

test.describe('accounts on a server of their own', () => {
	let server: { origin: string; stop: () => void };
	test.beforeAll(async () => {
		server = await startServer();
	});
	test.afterAll(() => server.stop());

	test('five wrong passwords block that username from that address with 429 and Retry-After', async ({ playwright }) => {
		const request = await client(playwright, server.origin);
		for (let i = 0; i < 5; i++) {
			expect((await request.post('/api/session', { data: { username: 'demo-fastighet-lasare', password: `fel-lösenord-${i}-abc` } })).status()).toBe(401);
		}
		const blocked = await request.post('/api/session', { data: { username: 'demo-fastighet-lasare', password: E2E_PASSWORD } });
		expect(blocked.status()).toBe(429);
		expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(800);
		expect((await blocked.json()).message).toMatch(/Försök igen om 15 minuter/);
		// Another account from the same address is not blocked.
		expect((await request.post('/api/session', { data: { username: 'demo-fastighet-admin', password: E2E_PASSWORD } })).status()).toBe(200);
		// Refusals cost the sender nothing, so the block is logged once, not once per refusal.
		for (let i = 0; i < 8; i++) {
			expect((await request.post('/api/session', { data: { username: 'demo-fastighet-lasare', password: E2E_PASSWORD } })).status()).toBe(429);
		}
		const log = await (await request.get('/api/admin/audit?action=login-failed&username=demo-fastighet-lasare')).json();
		const throttled = log.entries.filter((e: { detail: { reason?: string } | null }) => e.detail?.reason === 'throttled');
		expect(throttled).toHaveLength(1);
		expect(throttled[0].detail).toMatchObject({ scope: 'username-address' });
		expect(log.entries.filter((e: { detail: { reason?: string } | null }) => e.detail?.reason === 'wrong-password')).toHaveLength(5);
		await request.dispose();
	});

	test('forty concurrent wrong passwords for one account from one address get five 401s and then 429s, and the address is not locked for others', async ({ playwright }) => {
		const request = await client(playwright, server.origin);
		const answers = await Promise.all(
			Array.from({ length: 40 }, (_, i) => request.post('/api/session', { data: { username: 'demo-polis-lasare', password: `samtidigt-fel-${i}-abc` } }))
		);
		const statuses = answers.map((a) => a.status());
		expect(statuses.filter((s) => s === 401)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(35);
		// The refused tries were not counted against the address: another account from it still logs in.
		expect((await request.post('/api/session', { data: { username: 'demo-polis-redaktor', password: E2E_PASSWORD } })).status()).toBe(200);
		await request.dispose();
	});

	test('an admin creates an account (common passwords refused), disables it and its session ends at once', async ({ playwright }) => {
		const admin = await client(playwright, server.origin, 'demo-admin');
		const base = { username: 'anna.polis', displayName: 'Anna Polis', organisationId: 'polis-jarva', role: 'redaktör' };
		const weak = await admin.post('/api/admin/accounts', { data: { ...base, password: 'password1234' } });
		expect(weak.status()).toBe(400);
		expect(await weak.json()).toMatchObject({ field: 'password' });
		const created = await admin.post('/api/admin/accounts', { data: { ...base, password: 'blåbär i skogen vid Akalla' } });
		expect(created.status()).toBe(201);
		const { account } = await created.json();
		expect((await admin.post('/api/admin/accounts', { data: { ...base, username: 'ANNA.POLIS', password: 'blåbär i skogen vid Akalla' } })).status()).toBe(409);

		const anna = await client(playwright, server.origin);
		await login(anna, server.origin, 'anna.polis', 'blåbär i skogen vid Akalla');
		expect((await anna.get('/api/layers/drogscener-2023')).status()).toBe(200);

		const disabled = await admin.patch(`/api/admin/accounts/${account.id}`, { data: { disabled: true } });
		expect((await disabled.json()).account).toMatchObject({ disabled: true, activeSessions: 0 });
		const after = await anna.get('/api/layers');
		expect(after.status()).toBe(401);
		expect((await after.json()).message).toMatch(/avslutad/);
		const again = await anna.post('/api/session', { data: { username: 'anna.polis', password: 'blåbär i skogen vid Akalla' } });
		expect(again.status()).toBe(401);
		expect((await again.json()).message).toMatch(/avstängt/);

		// An admin cannot lock themselves out; bad ids are a 400, unknown ones a 404.
		const me = (await (await admin.get('/api/session')).json()).account.id;
		expect((await admin.patch(`/api/admin/accounts/${me}`, { data: { disabled: true } })).status()).toBe(400);
		expect((await admin.patch('/api/admin/accounts/abc', { data: { disabled: true } })).status()).toBe(400);
		expect((await admin.patch('/api/admin/accounts/424242', { data: { disabled: true } })).status()).toBe(404);
		await Promise.all([admin.dispose(), anna.dispose()]);
	});

	test('hiding a layer from an organisation hides it in lists, data, exports, history and analysis', async ({ playwright }) => {
		const admin = await client(playwright, server.origin, 'demo-admin');
		// (The läsare's name is blocked by the throttle test above.)
		const reader = await client(playwright, server.origin, 'demo-fastighet-redaktor');
		const paths = ['/api/layers/otrygga-platser', '/api/layers/otrygga-platser/export?format=csv', '/api/layers/otrygga-platser/history'];
		for (const path of paths) expect((await reader.get(path)).status(), path).toBe(200);

		// The property owners contribute places: while they do, they must see the layer.
		const refused = await admin.put('/api/layers/otrygga-platser/visibility', { data: { visibleTo: ['sdf-jarva', 'polis-jarva'] } });
		expect(refused.status()).toBe(400);
		expect((await refused.json()).message).toMatch(/Fastighetsägare i Järva äger eller får ändra lagret och måste se det/);
		expect((await admin.put('/api/layers/otrygga-platser/editors', { data: { editors: [{ organisationId: 'polis-jarva', level: 'contribute' }] } })).status()).toBe(200);
		const hidden = await admin.put('/api/layers/otrygga-platser/visibility', { data: { visibleTo: ['sdf-jarva', 'polis-jarva'] } });
		expect((await hidden.json()).layer.visibleTo).toEqual(['polis-jarva', 'sdf-jarva']);
		for (const path of paths) expect((await reader.get(path)).status(), path).toBe(404);
		const ids = (await (await reader.get('/api/layers')).json()).layers.map((l: { id: string }) => l.id);
		expect(ids).not.toContain('otrygga-platser');
		expect((await admin.put('/api/layers/otrygga-platser/visibility', { data: { visibleTo: ['sdf-jarva', 'polis-jarva', 'finns-inte'] } })).status()).toBe(404);

		await admin.put('/api/layers/otrygga-platser/visibility', { data: { visibleTo: null } });
		await admin.put('/api/layers/otrygga-platser/editors', { data: { editors: [{ organisationId: 'polis-jarva', level: 'contribute' }, { organisationId: 'fastighetsagare', level: 'contribute' }] } });
		for (const path of paths) expect((await reader.get(path)).status(), path).toBe(200);
		await Promise.all([admin.dispose(), reader.dispose()]);
	});

	test('the audit log shows logins, failures, changes and exports, filterable, and as CSV', async ({ playwright }) => {
		const admin = await client(playwright, server.origin, 'demo-admin');
		const editor = await client(playwright, server.origin, 'demo-polis-redaktor');
		await editor.get('/api/layers/drogscener-2023/export?format=csv');
		await editor.post('/api/session', { data: { username: 'demo-polis-lasare', password: 'inte-rätt-lösenord' } });
		const created = await editor.post('/api/layers/otrygga-platser/features', {
			data: {
				feature: {
					type: 'Feature',
					properties: { name: 'Garage (granskning)', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
					geometry: { type: 'Point', coordinates: [17.93, 59.41] }
				}
			}
		});
		expect(created.status()).toBe(201);

		const byEditor = await (await admin.get('/api/admin/audit?username=demo-polis-redaktor')).json();
		const actions = byEditor.entries.map((e: { action: string }) => e.action);
		expect(actions).toEqual(expect.arrayContaining(['login', 'layer-export', 'feature-create']));
		expect(byEditor.entries.find((e: any) => e.action === 'layer-export')).toMatchObject({ target: 'drogscener-2023', organisationId: 'polis-jarva', detail: { format: 'csv' } });
		const failed = await (await admin.get('/api/admin/audit?action=login-failed&username=demo-polis-lasare')).json();
		expect(failed.entries[0]).toMatchObject({ outcome: 'refused', detail: { reason: 'wrong-password' } });
		const today = new Date().toISOString().slice(0, 10);
		const csv = await admin.get(`/api/admin/audit?format=csv&from=${today}&to=${today}`);
		expect(csv.headers()['content-type']).toContain('text/csv');
		expect(await csv.text()).toContain('feature-create');
		expect((await admin.get('/api/admin/audit?action=hack')).status()).toBe(400);
		expect((await admin.get('/api/admin/audit?from=igår')).status()).toBe(400);
		await Promise.all([admin.dispose(), editor.dispose()]);
	});
});

test.describe('outside demo mode', () => {
	test('there are no default accounts; the first admin, made with npm run admin:create, is the system administrator, a later one only its organisation’s unless --system', async ({ playwright }) => {
		const dataDir = mkdtempSync(join(tmpdir(), 'lageskarta-nodemo-'));
		const server = await startServer({ LAGESKARTA_DEMO: '0', LAGESKARTA_DATA_DIR: dataDir });
		try {
			const request = await client(playwright, server.origin);
			const demo = await request.post('/api/session', { data: { username: 'demo-admin', password: E2E_PASSWORD } });
			expect(demo.status()).toBe(401);
			const anonymous = await (await request.get('/api/session')).json();
			expect(anonymous).toMatchObject({ demo: false });
			expect(anonymous.demoAccounts).toBeUndefined();

			execFileSync('npx', ['tsx', 'scripts/admin-create.ts', '--username', 'forsta.admin', '--name', 'Första Admin'], {
				env: { ...process.env, LAGESKARTA_DATA_DIR: dataDir, LAGESKARTA_ADMIN_PASSWORD: 'vårt första riktiga lösenord' },
				stdio: 'pipe'
			});
			const { account } = await login(request, server.origin, 'forsta.admin', 'vårt första riktiga lösenord');
			expect(account).toMatchObject({ role: 'admin', organisation: { id: 'sdf-jarva' }, systemAdmin: true });

			const create = (name: string, ...extra: string[]) =>
				execFileSync('npx', ['tsx', 'scripts/admin-create.ts', '--username', name, '--organisation', 'polis-jarva', ...extra], {
					env: { ...process.env, LAGESKARTA_DATA_DIR: dataDir, LAGESKARTA_ADMIN_PASSWORD: 'polisens eget långa lösenord' },
					stdio: 'pipe'
				}).toString();
			expect(create('polis.admin')).toMatch(/systemadministratörer finns i Järva stadsdelsförvaltning/);
			const police = await client(playwright, server.origin);
			const { account: policeAdmin } = await login(police, server.origin, 'polis.admin', 'polisens eget långa lösenord');
			expect(policeAdmin).toMatchObject({ role: 'admin', systemAdmin: false });
			const listed = (await (await police.get('/api/admin/accounts')).json()).accounts as { username: string }[];
			expect(listed.map((a) => a.username)).toEqual(['polis.admin']);
			// --system hands the installation to the police; it applies at once, also to the running app.
			expect(create('polis.drift', '--system')).toMatch(/Lokalpolisområde Järva driver nu installationen i stället för Järva stadsdelsförvaltning/);
			expect((await (await police.get('/api/session')).json()).account.systemAdmin).toBe(true);
			expect((await (await request.get('/api/session')).json()).account.systemAdmin).toBe(false);
			await Promise.all([request.dispose(), police.dispose()]);
		} finally {
			server.stop();
		}
	});
});
