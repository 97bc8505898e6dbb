/**
 * OGC API – Features (/ogc) through the real server and a real GIS client: GDAL's OAPIF driver
 * (Debian's gdal-bin, `scripts/ensure-apt.sh`) with a personal access token as the
 * Authorization header. Also: the token's life (made once, listed without its secret, revoked),
 * its read-only scope, that it follows its account (disabled, visibility changed), the audit row
 * of each use, the OpenAPI document checked by a validator library, and bad input as OGC
 * exceptions in Swedish.
 *
 * GDAL 3.6's OAPIF driver predates client support for Part 2 (its CRS open option came in 3.7),
 * so EPSG:3006 is read by GDAL's GeoJSON driver from `items?crs=…/3006` and compared with GDAL's
 * (PROJ's) own reprojection of the CRS84 answer.
 *
 * The reading tests count the seeded layers, so they use the shared server and write nothing on it
 * but access tokens, which no other file sees. The three that make a measure, a report, or an
 * account and a layer (`ownTest`) run on a server of their own, so that the shared server stays as
 * seeded for the files that run beside this one.
 */
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, APIResponse } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { Validator } from '@seriousme/openapi-schema-validator';
import { E2E_PASSWORD } from './accounts';
import { expect, test } from './fixtures';
import { testWithOwnServer as ownTest } from './own-server';

test.use({ account: null });

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const SWEREF = 'http://www.opengis.net/def/crs/EPSG/0/3006';

/** The client's requests go straight to 127.0.0.1, never through a proxy the environment names. */
function gdalEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', CPL_DEBUG: 'OFF' };
	for (const name of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'all_proxy']) delete env[name];
	return env;
}

function gdal(tool: 'ogrinfo' | 'ogr2ogr', token: string, args: string[]): string {
	return execFileSync(tool, ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`, ...args], { env: gdalEnv(), encoding: 'utf8', timeout: 60_000 });
}

async function newToken(request: APIRequestContext, name = 'QGIS i testet'): Promise<string> {
	const response = await request.post('/api/tokens', { data: { name } });
	expect(response.status()).toBe(201);
	const { token } = await response.json();
	expect(token).toMatch(/^lk_[\w-]{43}$/);
	return token;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

test.describe('OGC API – Features with a real GIS client (GDAL)', () => {
	test('lists the collections the account may see: a property owner sees no drug scenes', async ({ requestAs, baseURL }) => {
		const district = await newToken(await requestAs('demo-sdf-lasare'));
		const owner = await newToken(await requestAs('demo-fastighet-redaktor'));
		const listed = (token: string) => gdal('ogrinfo', token, ['-ro', '-q', `OAPIF:${baseURL}/ogc`]);
		const seen = listed(district);
		for (const id of ['stadsdelar', 'drogscener-2021', 'drogscener-2023', 'otrygga-platser', 'lageskartan_atgarder', 'lageskartan_fynd', 'lageskartan_rapporter']) expect(seen).toContain(`${id} (title:`);
		const ownerSees = listed(owner);
		expect(ownerSees).toContain('otrygga-platser (title:');
		expect(ownerSees).not.toContain('drogscener');
		// Asked for by name, the hidden layer is not there either (GDAL reports no such layer).
		expect(() => gdal('ogrinfo', owner, ['-ro', '-so', `OAPIF:${baseURL}/ogc`, 'drogscener-2023'])).toThrow();
	});

	test('reads a layer in CRS84 and in EPSG:3006 (SWEREF 99 TM), agreeing with PROJ', async ({ requestAs, baseURL }) => {
		const token = await newToken(await requestAs('demo-polis-lasare'));
		const dir = mkdtempSync(join(tmpdir(), 'ogc-e2e-'));
		const info = gdal('ogrinfo', token, ['-ro', '-so', `OAPIF:${baseURL}/ogc`, 'drogscener-2023']);
		expect(info).toContain('Feature Count: 6');
		expect(info).toMatch(/TITLE=Öppna drogscener 2023/);
		expect(info).toMatch(/DESCRIPTION=Källa: Lägesbild Järva 2023/);
		expect(info).toMatch(/TEMPORAL_INTERVAL_MIN=2023-01-01/);

		// CRS84 through the OAPIF driver, and the same features reprojected by GDAL/PROJ itself.
		gdal('ogr2ogr', token, ['-f', 'GeoJSON', join(dir, 'crs84.geojson'), `OAPIF:${baseURL}/ogc`, 'otrygga-platser']);
		gdal('ogr2ogr', token, ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', '-t_srs', 'EPSG:3006', join(dir, 'proj.geojson'), `OAPIF:${baseURL}/ogc`, 'otrygga-platser']);
		// EPSG:3006 as the server answers it (Part 2), read by GDAL's GeoJSON driver.
		const url = `${baseURL}/ogc/collections/otrygga-platser/items?limit=1000&crs=${encodeURIComponent(SWEREF)}`;
		gdal('ogr2ogr', token, ['-f', 'GeoJSON', '-lco', 'RFC7946=NO', join(dir, 'server.geojson'), url]);

		// GDAL's GeoJSON driver takes the feature's own `id` as its identifier; the OAPIF driver keeps it among the properties.
		type Points = { features: { id?: string; properties: { id?: string }; geometry: { coordinates: [number, number] } }[] };
		const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Points;
		const crs84 = read('crs84.geojson');
		expect(crs84.features).toHaveLength(26);
		for (const f of crs84.features) {
			const [lon, lat] = f.geometry.coordinates;
			expect(lon).toBeGreaterThan(17.8);
			expect(lon).toBeLessThan(18.1);
			expect(lat).toBeGreaterThan(59.35);
			expect(lat).toBeLessThan(59.45);
		}
		const byProj = new Map(read('proj.geojson').features.map((f) => [f.properties.id ?? f.id, f.geometry.coordinates]));
		const server = read('server.geojson').features;
		expect(server).toHaveLength(26);
		for (const f of server) {
			// EPSG:3006's axis order is northing, easting (Part 2: the CRS's own order).
			const [north, east] = f.geometry.coordinates;
			expect(north).toBeGreaterThan(6_570_000);
			expect(north).toBeLessThan(6_600_000);
			expect(east).toBeGreaterThan(650_000);
			expect(east).toBeLessThan(690_000);
			const [e, n] = byProj.get(f.properties.id ?? f.id)!;
			expect(Math.abs(e - east)).toBeLessThan(1);
			expect(Math.abs(n - north)).toBeLessThan(1);
		}
	});

	test('pages through a layer and copies it to a GeoPackage with every feature', async ({ requestAs, request, baseURL }) => {
		const session = await requestAs('demo-sdf-redaktor');
		const token = await newToken(session);
		const file = join(mkdtempSync(join(tmpdir(), 'ogc-e2e-')), 'lager.gpkg');
		// Five a page: 26 insecure places take six pages.
		gdal('ogr2ogr', token, ['-f', 'GPKG', '-oo', 'PAGE_SIZE=5', file, `OAPIF:${baseURL}/ogc`, 'otrygga-platser']);
		expect(execFileSync('ogrinfo', ['-ro', '-so', file, 'otrygga-platser'], { encoding: 'utf8' })).toContain('Feature Count: 26');
		// A client with only a user name and password field (ArcGIS Pro) sends the token as the password.
		const basic = execFileSync('ogrinfo', ['-ro', '-so', '-oo', `USERPWD=demo-sdf-redaktor:${token}`, `OAPIF:${baseURL}/ogc`, 'otrygga-platser'], { env: gdalEnv(), encoding: 'utf8' });
		expect(basic).toContain('Feature Count: 26');

		// The same by hand: next links until there are none, prev on a later page.
		const ids: string[] = [];
		let next: string | undefined = `${baseURL}/ogc/collections/otrygga-platser/items?limit=10`;
		let pages = 0;
		while (next) {
			const response: APIResponse = await request.get(next, bearer(token));
			expect(response.status()).toBe(200);
			const page: { numberMatched: number; features: { id: string }[]; links: { rel: string; href: string }[] } = await response.json();
			expect(page.numberMatched).toBe(26);
			ids.push(...page.features.map((f: { id: string }) => f.id));
			if (pages > 0) expect(page.links.some((l: { rel: string }) => l.rel === 'prev')).toBe(true);
			next = page.links.find((l: { rel: string }) => l.rel === 'next')?.href;
			pages++;
		}
		expect(pages).toBe(3);
		expect(new Set(ids).size).toBe(26);
	});
});

test.describe('the service', () => {
	test('landing page, conformance and an OpenAPI 3.0 document a validator accepts', async ({ requestAs, baseURL }) => {
		const request = await requestAs('demo-sdf-lasare');
		const landing = await (await request.get('/ogc')).json();
		expect(landing.links.map((l: { rel: string }) => l.rel)).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']));
		const { conformsTo } = await (await request.get('/ogc/conformance')).json();
		expect(conformsTo).toEqual(expect.arrayContaining(['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson', 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30', 'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs']));
		const api = await request.get('/ogc/api');
		expect(api.headers()['content-type']).toContain('application/vnd.oai.openapi+json;version=3.0');
		const document = await api.json();
		const validator = new Validator();
		const result = await validator.validate(document);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(validator.version).toBe('3.0');
		expect(document.servers[0].url).toBe(`${baseURL}/ogc`);

		const { collections } = await (await request.get('/ogc/collections')).json();
		const places = collections.find((c: { id: string }) => c.id === 'otrygga-platser');
		expect(places.title).toBe('Otrygga platser (exempel)');
		expect(places.description).toContain('påhittade exempel');
		expect(places.crs).toEqual([CRS84, SWEREF]);
		expect(places.extent.spatial.bbox[0]).toHaveLength(4);
		expect(places.extent.temporal.interval[0][0]).toMatch(/^2023-01-01/);
	});

	test('bbox (in either CRS), datetime and property filters; a single item in EPSG:3006 with Content-Crs', async ({ requestAs }) => {
		const request = await requestAs('demo-polis-redaktor');
		const items = async (query: string) => {
			const response = await request.get(`/ogc/collections/otrygga-platser/items?${query}`);
			expect(response.status(), query).toBe(200);
			return response.json();
		};
		const all = await items('limit=1000');
		const [lon, lat] = all.features[0].geometry.coordinates;
		const near = await items(`bbox=${lon - 0.0005},${lat - 0.0005},${lon + 0.0005},${lat + 0.0005}`);
		expect(near.features.map((f: { id: string }) => f.id)).toContain(all.features[0].id);
		expect(near.numberMatched).toBeLessThan(all.numberMatched);
		// The same box in SWEREF 99 TM (north, east) finds the same feature.
		const one = await request.get(`/ogc/collections/otrygga-platser/items/${all.features[0].id}?crs=${encodeURIComponent(SWEREF)}`);
		expect(one.headers()['content-crs']).toBe(`<${SWEREF}>`);
		const [n, e] = (await one.json()).geometry.coordinates;
		const swerefBox = await items(`bbox=${n - 30},${e - 30},${n + 30},${e + 30}&bbox-crs=${encodeURIComponent(SWEREF)}`);
		expect(swerefBox.features.map((f: { id: string }) => f.id)).toContain(all.features[0].id);

		const category = all.features[0].properties.category;
		const filtered = await items(`category=${category}&limit=1000`);
		expect(filtered.numberMatched).toBe(all.features.filter((f: { properties: { category: string } }) => f.properties.category === category).length);

		const scenes = (q: string) => request.get(`/ogc/collections/drogscener-2023/items?${q}`).then((r) => r.json());
		expect((await scenes('datetime=2023-06-01')).numberMatched).toBe(6);
		expect((await scenes('datetime=2021-01-01/2022-12-31')).numberMatched).toBe(0);
		expect((await scenes('datetime=../2023-01-01')).numberMatched).toBe(6);
		expect((await request.get('/ogc/collections/drogscener-2021/items?datetime=2021-01-01T00:00:00Z/..')).status()).toBe(200);
	});

	test('bad input is a 400 OGC exception in Swedish; unknown collection or item a 404; no credentials a 401', async ({ requestAs, playwright, baseURL }) => {
		const request = await requestAs('demo-sdf-lasare');
		const items = '/ogc/collections/otrygga-platser/items';
		const bad: [string, RegExp][] = [
			['limit=0', /limit ska vara ett heltal mellan 1 och 10000/],
			['limit=abc', /limit/],
			['limit=10001', /limit/],
			['bbox=1,2,3', /bbox ska vara fyra tal/],
			['bbox=a,b,c,d', /bbox ska vara fyra tal/],
			['bbox=17.9,59.5,18,59.4', /nedre kanten/],
			['bbox=674000,6580000,675000,6581000', /bbox i CRS84/],
			['crs=EPSG:4326', /stöds inte i crs/],
			['bbox-crs=urn:x', /stöds inte i bbox-crs/],
			[`datetime=${encodeURIComponent('igår')}`, /datetime ska vara en tidpunkt/],
			['datetime=2023-02-30', /datetime/],
			['datetime=2024-01-01/2023-01-01', /början ligger efter/],
			['datetime=../..', /datetime/],
			['okand=1', /Okänd parameter ”okand”/],
			['f=html', /GeoJSON/]
		];
		for (const [query, message] of bad) {
			const response = await request.get(`${items}?${query}`);
			expect(response.status(), query).toBe(400);
			const body = await response.json();
			expect(body.code, query).toBe('InvalidParameterValue');
			expect(body.description, query).toMatch(message);
		}
		for (const path of ['/ogc/collections/finns-inte', '/ogc/collections/finns-inte/items', `${items}/finns-inte`, '/ogc/okand-sida']) {
			const response = await request.get(path);
			expect(response.status(), path).toBe(404);
			expect((await response.json()).code).toBe('NotFound');
		}
		const anonymous = await playwright.request.newContext({ baseURL });
		for (const path of ['/ogc', '/ogc/collections', `${items}`, '/ogc/api']) {
			const response = await anonymous.get(path);
			expect(response.status(), path).toBe(401);
			expect(response.headers()['www-authenticate']).toContain('Bearer');
			expect((await response.json()).description).toMatch(/Logga in först/);
		}
		await anonymous.dispose();
	});
});

test.describe('measures as a collection', () => {
	ownTest('a measure at a drug scene has no position for a property owner; one with its own position is seen by all', async ({ requestAs, playwright, baseURL }) => {
		const police = await requestAs('demo-polis-redaktor');
		const suffix = Date.now().toString(36);
		const make = async (extra: Record<string, unknown>, title: string) => {
			const response = await police.post('/api/measures', { data: { title, ownerOrganisationId: 'polis-jarva', dueDate: '2027-02-15', status: 'beslutad', ...extra } });
			expect(response.status(), await response.text()).toBe(201);
			return (await response.json()).measure.id as string;
		};
		const atScene = await make({ place: { layerId: 'drogscener-2023', featureId: 'ds2023-dragongrand' } }, `Belysning vid scenen ${suffix}`);
		const open = await make({ position: [17.9302, 59.4105] }, `Klippa buskar ${suffix}`);
		const client = await playwright.request.newContext({ baseURL });
		const ids = async (token: string, query = '') => {
			const response = await client.get(`/ogc/collections/lageskartan_atgarder/items?limit=1000${query}`, bearer(token));
			expect(response.status()).toBe(200);
			return (await response.json()).features.map((f: { id: string }) => f.id) as string[];
		};
		const policeToken = await newToken(police);
		const ownerToken = await newToken(await requestAs('demo-fastighet-lasare'));
		expect(await ids(policeToken)).toEqual(expect.arrayContaining([atScene, open]));
		const ownerSees = await ids(ownerToken);
		expect(ownerSees).toContain(open);
		expect(ownerSees).not.toContain(atScene);
		expect((await client.get(`/ogc/collections/lageskartan_atgarder/items/${atScene}`, bearer(ownerToken))).status()).toBe(404);
		// Time is the due date; status filters by its code.
		expect(await ids(policeToken, '&datetime=2027-02-15')).toEqual(expect.arrayContaining([atScene, open]));
		expect(await ids(policeToken, '&datetime=2027-02-16/..')).not.toContain(open);
		expect(await ids(policeToken, `&status=${encodeURIComponent('beslutad')}&ownerId=polis-jarva`)).toContain(open);
		await client.dispose();
	});
});

test.describe('weekly reports as a collection', () => {
	ownTest('a property owner reads its own reports, the police every organisation’s; a report made now is there at once', async ({ requestAs, playwright, baseURL }) => {
		const owner = await requestAs('demo-fastighet-redaktor');
		const text = `Trasig belysning i porten ${Date.now().toString(36)}`;
		const made = await owner.post('/api/reports', {
			data: { clientId: randomUUID(), category: 'trasig-belysning', date: '2026-11-30', time: '21:30', endDate: null, position: [17.9302, 59.4105], placeName: null, text }
		});
		expect(made.status(), await made.text()).toBe(201);
		const client = await playwright.request.newContext({ baseURL });
		const items = async (token: string) => {
			const response = await client.get('/ogc/collections/lageskartan_rapporter/items?limit=10000', bearer(token));
			expect(response.status()).toBe(200);
			return (await response.json()).features as { properties: { text: string; organisationId: string; example: boolean } }[];
		};
		const ownerSees = await items(await newToken(owner));
		expect(ownerSees.map((f) => f.properties.text)).toContain(text);
		expect(new Set(ownerSees.map((f) => f.properties.organisationId))).toEqual(new Set(['fastighetsagare']));
		const policeSees = await items(await newToken(await requestAs('demo-polis-lasare')));
		expect(policeSees.map((f) => f.properties.text)).toContain(text);
		expect(new Set(policeSees.map((f) => f.properties.organisationId)).size).toBeGreaterThan(1);
		// The demo's invented reports say so in every feature.
		expect(policeSees.some((f) => f.properties.example)).toBe(true);
		await client.dispose();
	});
});

test.describe('personal access tokens', () => {
	test('made once, listed without the secret, read-only, audited at each use, revoked', async ({ requestAs, playwright, baseURL }) => {
		const session = await requestAs('demo-polis-lasare');
		for (const [data, param] of [[{}, 'name'], [{ name: '  ' }, 'name'], [{ name: 'x'.repeat(81) }, 'name'], [{ name: 'A', expiresInDays: 366 }, 'expiresInDays'], [{ name: 'A', expiresInDays: 0 }, 'expiresInDays'], [{ name: 'A', expiresInDays: '30' }, 'expiresInDays']] as const) {
			const response = await session.post('/api/tokens', { data });
			expect(response.status(), JSON.stringify(data)).toBe(400);
			expect((await response.json()).param).toBe(param);
		}
		const made = await session.post('/api/tokens', { data: { name: 'ArcGIS Pro', expiresInDays: 30 } });
		expect(made.status()).toBe(201);
		const { token, accessToken } = await made.json();
		const days = (Date.parse(accessToken.expiresAt) - Date.parse(accessToken.createdAt)) / 86_400_000;
		expect(days).toBe(30);
		const defaultToken = await (await session.post('/api/tokens', { data: { name: 'Standard' } })).json();
		expect((Date.parse(defaultToken.accessToken.expiresAt) - Date.parse(defaultToken.accessToken.createdAt)) / 86_400_000).toBe(90);
		const listed = await (await session.get('/api/tokens')).text();
		expect(listed).toContain('ArcGIS Pro');
		expect(listed).not.toContain(token);
		expect(listed).not.toContain(token.slice(3, 20));

		const client = await playwright.request.newContext({ baseURL });
		expect((await client.get('/ogc/collections', bearer(token))).status()).toBe(200);
		// Read-only and only /ogc: the rest of the API, and any write, is refused with a reason.
		const api = await client.get('/api/layers', bearer(token));
		expect(api.status()).toBe(403);
		expect((await api.json()).message).toMatch(/bara läsning av OGC API – Features under \/ogc/);
		const write = await client.post('/ogc/collections', { ...bearer(token), headers: { ...bearer(token).headers, origin: baseURL! } });
		expect(write.status()).toBe(403);
		expect((await client.get('/api/tokens', bearer(token))).status()).toBe(403);
		const wrong = await client.get('/ogc', bearer('lk_finnsinte'));
		expect(wrong.status()).toBe(401);
		expect((await wrong.json()).description).toMatch(/okänd/);

		// Each use is one audit row by the account, naming the token and the answer.
		const admin = await requestAs('demo-admin');
		const { entries } = await (await admin.get('/api/admin/audit?action=token-use&username=demo-polis-lasare')).json();
		const use = entries.find((e: { target: string }) => e.target === 'GET /ogc/collections');
		expect(use).toMatchObject({ username: 'demo-polis-lasare', organisationId: 'polis-jarva', outcome: 'ok', detail: { tokenId: accessToken.id, token: 'ArcGIS Pro', status: 200 } });
		expect(use.ip).toBeTruthy();
		const denied = await (await admin.get('/api/admin/audit?action=access-denied&username=demo-polis-lasare')).json();
		expect(denied.entries.some((e: { target: string; outcome: string }) => e.target === 'GET /api/layers' && e.outcome === 'refused')).toBe(true);
		const created = await (await admin.get('/api/admin/audit?action=token-create&username=demo-polis-lasare')).json();
		expect(created.entries.some((e: { detail: { name: string } }) => e.detail.name === 'ArcGIS Pro')).toBe(true);

		// Another account cannot revoke it (404, as for no such token); its own account can.
		const other = await requestAs('demo-polis-redaktor');
		expect((await other.delete(`/api/tokens/${accessToken.id}`)).status()).toBe(404);
		expect((await session.delete('/api/tokens/abc')).status()).toBe(400);
		const revoked = await session.delete(`/api/tokens/${accessToken.id}`);
		expect(revoked.status()).toBe(200);
		expect((await revoked.json()).accessToken.state).toBe('revoked');
		const after = await client.get('/ogc/collections', bearer(token));
		expect(after.status()).toBe(401);
		expect((await after.json()).description).toMatch(/återkallad/);
		await client.dispose();
	});

	ownTest('a token follows its account: a layer shown to its organisation later, and a disabled account', async ({ requestAs, playwright, baseURL }) => {
		const admin = await requestAs('demo-admin');
		const suffix = Date.now().toString(36);
		const username = `gis-${suffix}`;
		expect((await admin.post('/api/admin/accounts', { data: { username, displayName: 'GIS-analytiker', organisationId: 'polis-jarva', role: 'läsare', password: E2E_PASSWORD } })).status()).toBe(201);
		const analyst = await requestAs(username);
		const token = await newToken(analyst);
		const layer = `ogc-test-${suffix}`;
		expect((await admin.post('/api/layers', { data: { id: layer, title: 'Testlager för OGC', kind: 'area', year: 2024, source: 'Testdata', precision: 'Ungefärlig', visibleTo: ['sdf-jarva'] } })).status()).toBe(201);
		const client = await playwright.request.newContext({ baseURL });
		const ids = async () => (await (await client.get('/ogc/collections', bearer(token))).json()).collections.map((c: { id: string }) => c.id);
		expect(await ids()).not.toContain(layer);
		expect((await client.get(`/ogc/collections/${layer}`, bearer(token))).status()).toBe(404);
		expect((await client.get(`/ogc/collections/${layer}/items`, bearer(token))).status()).toBe(404);
		expect((await admin.put(`/api/layers/${layer}/visibility`, { data: { visibleTo: null } })).status()).toBe(200);
		expect(await ids()).toContain(layer);
		expect((await client.get(`/ogc/collections/${layer}/items`, bearer(token))).status()).toBe(200);

		const { accounts } = await (await admin.get('/api/admin/accounts')).json();
		const id = accounts.find((a: { username: string }) => a.username === username).id;
		expect((await admin.patch(`/api/admin/accounts/${id}`, { data: { disabled: true } })).status()).toBe(200);
		const refused = await client.get('/ogc/collections', bearer(token));
		expect(refused.status()).toBe(401);
		expect((await refused.json()).description).toMatch(/avstängt/);
		await client.dispose();
	});
});

test.describe('the token page (Konto → Åtkomsttoken för GIS)', () => {
	test.use({ account: 'demo-sdf-lasare' });

	test('a läsare makes a token, sees it once with a copy button and the QGIS steps, and revokes it', async ({ page, context, baseURL }) => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
		await page.setViewportSize({ width: 1920, height: 1080 });
		await page.goto('/atgarder');
		await page.getByRole('button', { name: /Konto:/ }).click();
		await page.getByRole('link', { name: 'Åtkomsttoken för GIS' }).click();
		await expect(page.getByRole('heading', { name: 'Åtkomsttoken för GIS' })).toBeVisible();
		// Empty name: the browser's own check stops it; a name over the limit cannot be typed.
		await page.getByRole('button', { name: 'Skapa token' }).click();
		await expect(page.getByRole('heading', { name: /Din nya token/ })).toHaveCount(0);

		await page.getByLabel('Namn (så att du känner igen den)').fill('QGIS på projektorn');
		await page.getByLabel('Gäller i').selectOption('30');
		await page.getByRole('button', { name: 'Skapa token' }).click();
		await expect(page.getByRole('heading', { name: 'Din nya token ”QGIS på projektorn”' })).toBeVisible();
		const secret = await page.getByRole('textbox', { name: 'Token', exact: true }).inputValue();
		expect(secret).toMatch(/^lk_/);
		await expect(page.getByText(`${baseURL}/ogc`, { exact: true })).toHaveCount(2);
		await expect(page.getByText(/Lager → Lägg till lager/)).toBeVisible();
		await expect(page.getByText(/New OGC API Server/)).toBeVisible();
		await page.getByRole('button', { name: 'Kopiera' }).click();
		await expect(page.getByRole('button', { name: 'Kopierad ✓' })).toBeVisible();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
		await page.screenshot({ path: 'test-results/e2e/token-page-1920.png', fullPage: true });
		const axe = await new AxeBuilder({ page }).analyze();
		// Serious and critical ones, as the other pages' checks (the shared demo banner is a moderate "region" finding).
		expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

		// The token works at once, and the row shows it.
		const client = await (await import('@playwright/test')).request.newContext({ baseURL });
		expect((await client.get('/ogc/collections', bearer(secret))).status()).toBe(200);
		const row = page.getByRole('row', { name: /QGIS på projektorn/ });
		await expect(row.getByRole('cell', { name: 'Gäller' })).toBeVisible();

		// After a reload the secret is gone for good; the list keeps the name.
		await page.reload();
		await expect(page.getByRole('textbox', { name: 'Token', exact: true })).toHaveCount(0);
		expect(await page.content()).not.toContain(secret);
		await page.setViewportSize({ width: 390, height: 844 });
		await page.screenshot({ path: 'test-results/e2e/token-page-390.png', fullPage: true });
		// Nothing wider than the phone: the list scrolls inside its own box.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		// Keyboard: the name field is reached with Tab, and Enter makes a token.
		await page.getByLabel('Namn (så att du känner igen den)').focus();
		await page.keyboard.type('Med tangentbordet');
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { name: 'Din nya token ”Med tangentbordet”' })).toBeVisible();
		await expect(page.getByRole('textbox', { name: 'Token', exact: true })).toBeFocused();

		page.once('dialog', (dialog) => dialog.accept());
		await page.getByRole('row', { name: /QGIS på projektorn/ }).getByRole('button', { name: /Återkalla/ }).click();
		await expect(page.getByRole('row', { name: /QGIS på projektorn/ }).getByRole('cell', { name: 'Återkallad' })).toBeVisible();
		expect((await client.get('/ogc/collections', bearer(secret))).status()).toBe(401);
		await client.dispose();
	});
});
