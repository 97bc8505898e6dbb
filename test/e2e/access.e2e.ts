/**
 * Who may do what, through the real server: every API route refuses anonymous requests (401);
 * a role × organisation × route matrix for the nine demo accounts (demo-admin is the system
 * administrator, demo-polis-admin and demo-fastighet-admin organisation admins) on the seeded
 * objects; writes from another origin are refused. Role × organisation × owner with objects each
 * organisation makes is access-ownership.e2e.ts. Writes here carry bodies the server refuses after the access check (400), so the
 * shared server stays as seeded: 400 means "let in", 403 "not allowed", 404 "not there for you".
 */
import type { APIRequestContext } from '@playwright/test';
import { apiRoutes, ogcRoutes, samplePath } from './api-routes';
import { MEETING_CHECKS } from './access-checks-meetings';
import { INVENTORY_CHECKS } from './access-checks-inventory';
import { MEASURE_CHECKS } from './access-checks-measures';
import { OGC_CHECKS } from './access-checks-ogc';
import { LAGESBILD_CHECKS } from './access-checks-lagesbild';
import { REPORT_CHECKS } from './access-checks-reports';
import { WEEK_MEETING_CHECKS } from './access-checks-week';
import { LIVE_CHECKS } from './access-checks-live';
import { expect, test } from './fixtures';
import { admin, adminOf, scenes, seesScenes, system, writes, type Check, type Who } from './access-checks';

test.use({ account: null });

const WHO: Who[] = (['sdf', 'polis', 'fastighet'] as const).flatMap((org) =>
	(['admin', 'redaktör', 'läsare'] as const).map((role) => ({
		org,
		role,
		username: org === 'sdf' && role === 'admin' ? 'demo-admin' : `demo-${org}-${role === 'redaktör' ? 'redaktor' : role === 'läsare' ? 'lasare' : 'admin'}`
	}))
);

const S = 'drogscener-2023';
const CORE_CHECKS: Check[] = [
	{ route: '/api/session', method: 'GET', path: '/api/session', expect: () => 200 },
	{ route: '/api/session/password', method: 'POST', path: '/api/session/password', body: {}, expect: () => 400 },
	{ route: '/api/layers', method: 'GET', path: '/api/layers', expect: () => 200 },
	{ route: '/api/layers', method: 'POST', path: '/api/layers', body: {}, expect: (w) => writes(w) },
	{ route: '/api/layers/[id]', method: 'GET', path: '/api/layers/otrygga-platser', expect: () => 200 },
	{ route: '/api/layers/[id]', method: 'GET', path: `/api/layers/${S}`, expect: scenes },
	{ route: '/api/layers/[id]/export', method: 'GET', path: `/api/layers/${S}/export?format=csv`, expect: scenes },
	{ route: '/api/layers/[id]/history', method: 'GET', path: `/api/layers/${S}/history?format=csv`, expect: scenes },
	{ route: '/api/layers/[id]/export', method: 'GET', path: `/api/layers/${S}/export?format=xlsx`, expect: scenes },
	{ route: '/api/layers/[id]/history', method: 'GET', path: `/api/layers/${S}/history?format=xlsx`, expect: scenes },
	{ route: '/api/layers/[id]/features', method: 'POST', path: '/api/layers/otrygga-platser/features', body: { feature: {} }, expect: (w) => writes(w) },
	{ route: '/api/layers/[id]/features', method: 'POST', path: `/api/layers/${S}/features`, body: { feature: {} }, expect: (w) => writes(w, seesScenes(w) ? 400 : 404) },
	{ route: '/api/layers/[id]/features/[fid]', method: 'GET', path: `/api/layers/${S}/features/ds2023-dragongrand`, expect: scenes },
	// The police and property owners contribute insecure places: they add their own, not change the district's.
	{ route: '/api/layers/[id]/features/[fid]', method: 'PUT', path: '/api/layers/otrygga-platser/features/op-akalla-01', body: {}, expect: (w) => writes(w, w.org === 'sdf' ? 400 : 403) },
	{ route: '/api/layers/[id]/features/[fid]', method: 'DELETE', path: '/api/layers/otrygga-platser/features/op-akalla-01', body: {}, expect: (w) => writes(w, w.org === 'sdf' ? 400 : 403) },
	{ route: '/api/layers/[id]/features/[fid]/history', method: 'GET', path: `/api/layers/${S}/features/ds2023-dragongrand/history`, expect: scenes },
	{ route: '/api/layers/[id]/features/[fid]/restore', method: 'POST', path: `/api/layers/${S}/features/ds2023-dragongrand/restore`, body: {}, expect: (w) => writes(w, seesScenes(w) ? 400 : 404) },
	// No file in the form: 400 once let in.
	{ route: '/api/layers/[id]/import', method: 'POST', path: '/api/layers/otrygga-platser/import', multipart: { source: 'x' }, expect: (w) => writes(w) },
	{ route: '/api/layers/[id]/import', method: 'POST', path: `/api/layers/${S}/import`, multipart: { source: 'x' }, expect: (w) => writes(w, seesScenes(w) ? 400 : 404) },
	// The insecure places are the district's: its admins (and the system administrator) decide who sees and edits them.
	{ route: '/api/layers/[id]/visibility', method: 'PUT', path: '/api/layers/otrygga-platser/visibility', body: {}, expect: (w) => adminOf('sdf', w, 400) },
	{ route: '/api/layers/[id]/visibility', method: 'PUT', path: `/api/layers/${S}/visibility`, body: {}, expect: (w) => (seesScenes(w) ? adminOf('polis', w, 400) : w.role === 'admin' ? 404 : 403) },
	{ route: '/api/layers/[id]/editors', method: 'PUT', path: '/api/layers/otrygga-platser/editors', body: {}, expect: (w) => adminOf('sdf', w, 400) },
	// Seeing the police classification gives no right to change it: only the police write in it.
	{ route: '/api/layers/[id]/features/[fid]', method: 'PUT', path: '/api/layers/omradesklassning/features/ok2023-hjulsta', body: {}, expect: (w) => writes(w, w.org === 'polis' ? 400 : 403) },
	{ route: '/api/analysis/scenes', method: 'GET', path: '/api/analysis/scenes?from=2021&to=2023', expect: scenes },
	{ route: '/api/analysis/scenes', method: 'GET', path: '/api/analysis/scenes?from=2021&to=2023&format=csv', expect: scenes },
	{ route: '/api/analysis/places', method: 'GET', path: '/api/analysis/places?year=2023', expect: scenes },
	{ route: '/api/analysis/districts', method: 'GET', path: '/api/analysis/districts?year=2023&format=csv', expect: scenes },
	{ route: '/api/analysis/scenes', method: 'GET', path: '/api/analysis/scenes?from=2021&to=2023&format=xlsx', expect: scenes },
	{ route: '/api/analysis/places', method: 'GET', path: '/api/analysis/places?year=2023&format=xlsx', expect: scenes },
	{ route: '/api/analysis/districts', method: 'GET', path: '/api/analysis/districts?year=2023&format=xlsx', expect: scenes },
	{ route: '/api/analysis/wdq', method: 'POST', path: '/api/analysis/wdq', body: {}, expect: () => 400 },
	{ route: '/api/admin/accounts', method: 'GET', path: '/api/admin/accounts', expect: (w) => admin(w, 200) },
	{ route: '/api/admin/accounts', method: 'POST', path: '/api/admin/accounts', body: {}, expect: (w) => admin(w, 400) },
	// Account 1 is demo-admin (the district's): another organisation's admin is told it is not among theirs.
	{ route: '/api/admin/accounts/[id]', method: 'PATCH', path: '/api/admin/accounts/1', body: {}, expect: (w) => adminOf('sdf', w, 400, 404) },
	{ route: '/api/admin/accounts/[id]/sessions', method: 'DELETE', path: '/api/admin/accounts/999999/sessions', expect: (w) => admin(w, 404) },
	{ route: '/api/admin/organisations', method: 'GET', path: '/api/admin/organisations', expect: () => 200 },
	{ route: '/api/admin/organisations', method: 'POST', path: '/api/admin/organisations', body: {}, expect: (w) => system(w, 400) },
	{ route: '/api/admin/audit', method: 'GET', path: '/api/admin/audit', expect: (w) => admin(w, 200) },
	{ route: '/api/admin/audit', method: 'GET', path: '/api/admin/audit?format=xlsx', expect: (w) => admin(w, 200) },
	{ route: '/api/search', method: 'GET', path: '/api/search?q=nordkapsgatan', expect: () => 200 },
	{ route: '/api/search', method: 'GET', path: '/api/search?q=', expect: () => 400 },
	{ route: '/api/[...rest]', method: 'GET', path: '/api/finns-inte', expect: () => 404 }
];
const CHECKS = [...CORE_CHECKS, ...MEASURE_CHECKS, ...MEETING_CHECKS, ...INVENTORY_CHECKS, ...OGC_CHECKS, ...LAGESBILD_CHECKS, ...REPORT_CHECKS, ...WEEK_MEETING_CHECKS, ...LIVE_CHECKS];

function call(request: APIRequestContext, check: Pick<Check, 'method' | 'path' | 'body' | 'multipart'>) {
	const options = check.multipart
		? { multipart: check.multipart }
		: check.body !== undefined
			? { data: Buffer.from(JSON.stringify(check.body)), headers: { 'content-type': 'application/json' } }
			: {};
	return request.fetch(check.path, { method: check.method, ...options });
}

test.describe('anonymous requests', () => {
	test('every API route and method answers 401 to a request without a session', async ({ request }) => {
		const routes = apiRoutes();
		expect(routes.length, 'routes found in src/routes/api').toBeGreaterThan(25);
		const wrong: string[] = [];
		for (const { route, method } of routes) {
			// Logging in is the one thing an anonymous client may do.
			if (route === '/api/session' && method === 'POST') continue;
			const response = await call(request, { method, path: samplePath(route), body: method === 'GET' ? undefined : {} });
			if (response.status() !== 401) wrong.push(`${method} ${route}: ${response.status()}`);
			else expect((await response.json()).message).toMatch(/Logga in/);
		}
		expect(wrong).toEqual([]);
	});

	test('every OGC API route answers 401 (an OGC exception asking for a token) to a request without a session or token', async ({ request }) => {
		const routes = ogcRoutes();
		expect(routes.length, 'routes found in src/routes/ogc').toBeGreaterThan(5);
		const wrong: string[] = [];
		for (const { route, method } of routes) {
			const response = await call(request, { method, path: samplePath(route) });
			if (response.status() !== 401) wrong.push(`${method} ${route}: ${response.status()}`);
			else expect((await response.json()).description).toMatch(/Logga in först/);
		}
		expect(wrong).toEqual([]);
	});

	test('a login with wrong credentials is 401 and says so without telling which part was wrong', async ({ request }) => {
		for (const username of ['demo-admin', 'finns-inte-alls']) {
			const response = await request.post('/api/session', { data: { username, password: 'fel-lösenord-helt-klart' } });
			expect(response.status()).toBe(401);
			expect((await response.json()).message).toBe('Fel användarnamn eller lösenord.');
		}
	});
});

test.describe('role × organisation × route', () => {
	test('the matrix covers every API route and method', () => {
		const covered = new Set(CHECKS.map((c) => `${c.method} ${c.route}`));
		const missing = [...apiRoutes(), ...ogcRoutes()]
			.map((r) => `${r.method} ${r.route}`)
			.filter((key) => !covered.has(key) && key !== 'POST /api/session' && key !== 'DELETE /api/session' && !key.includes('[...rest]'));
		expect(missing).toEqual([]);
	});

	for (const who of WHO) {
		test(`${who.username} (${who.role}, ${who.org}) gets exactly what the role and organisation allow`, async ({ requestAs }) => {
			const request = await requestAs(who.username);
			const wrong: string[] = [];
			for (const check of CHECKS) {
				const status = (await call(request, check)).status();
				if (status !== check.expect(who)) wrong.push(`${check.method} ${check.path}: ${status}, expected ${check.expect(who)}`);
			}
			expect(wrong).toEqual([]);
			// The list itself hides what the organisation may not see.
			const { layers } = await (await request.get('/api/layers')).json();
			const ids = layers.map((l: { id: string }) => l.id);
			expect(ids.includes(S)).toBe(seesScenes(who));
			expect(ids).toEqual(expect.arrayContaining(['stadsdelar', 'otrygga-platser']));
			// So does search: the street is found by everyone, the drug scene on it only by those who see scenes.
			const { results } = await (await request.get('/api/search?q=nordkapsgatan')).json();
			expect(results.some((r: { kind: string }) => r.kind === 'street')).toBe(true);
			expect(results.some((r: { layerId?: string }) => r.layerId?.startsWith('drogscener'))).toBe(seesScenes(who));
		});
	}

	test('a hidden layer is answered like one that does not exist, naming only visible layers', async ({ requestAs }) => {
		const owner = await requestAs('demo-fastighet-redaktor');
		const response = await owner.get(`/api/layers/${S}`);
		expect(response.status()).toBe(404);
		const { message } = await response.json();
		expect(message).not.toContain('drogscener-2021');
		expect(message).toContain('otrygga-platser');
		const analysis = await owner.get('/api/analysis/scenes?from=2021&to=2023');
		expect((await analysis.json()).message).toMatch(/inga drogscener som ditt konto får se/);
	});
});

test.describe('requests from another origin', () => {
	test('a JSON write with a foreign Origin, or none, is refused with 403 before anything is read', async ({ playwright, baseURL }) => {
		const origin = new URL(baseURL!).origin;
		const browserLike = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin } });
		await browserLike.post('/api/session', { data: { username: 'demo-admin', password: (await import('./accounts')).E2E_PASSWORD } });
		const url = '/api/layers/otrygga-platser/features';
		const body = { data: Buffer.from('{"feature":{}}') };
		const foreign = await browserLike.post(url, { ...body, headers: { 'content-type': 'application/json', origin: 'http://evil.example' } });
		expect(foreign.status()).toBe(403);
		expect((await foreign.json()).message).toContain('http://evil.example');
		const form = await browserLike.post(url, { headers: { origin: 'http://evil.example' }, multipart: { feature: '{}' } });
		expect(form.status()).toBe(403);
		const logout = await browserLike.delete('/api/session', { headers: { origin: 'http://evil.example' } });
		expect(logout.status()).toBe(403);
		// Same session, right origin: let in (and refused only for the empty feature).
		expect((await browserLike.post(url, { ...body, headers: { 'content-type': 'application/json' } })).status()).toBe(400);
		await browserLike.dispose();

		const noOrigin = await playwright.request.newContext({ baseURL });
		const login = await noOrigin.post('/api/session', { data: { username: 'demo-admin', password: 'x' } });
		expect(login.status()).toBe(403);
		expect((await login.json()).message).toContain(`Origin: ${origin}`);
		await noOrigin.dispose();
	});
});
