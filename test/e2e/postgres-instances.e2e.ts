/**
 * Several instances on one PostgreSQL + PostGIS database (issue 15): two `node build` processes
 * with LAGESKARTA_DATABASE_URL on a throwaway cluster (test/pg/cluster.ts), driven over real HTTP.
 * A write on one is never answered stale by the other (layers, sessions, visibility), a change on
 * one reaches a live stream on the other within a second, the database restarting under load is a
 * 503 while it is down and nothing acknowledged is lost, and neither is anything acknowledged by an
 * instance killed mid-request.
 *
 * API only (no pages): what is checked is the servers and the database between them.
 */
import { request as playwrightRequest, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { LAYERS } from '../../src/lib/layers/catalog';
import type { PgCluster } from '../pg/cluster';
import { login } from './accounts';
import { expect, test as base } from './fixtures';
import { freshPostgres, startServer } from './own-server';

type Instance = Awaited<ReturnType<typeof startServer>>;

interface Deployment {
	cluster: PgCluster;
	url: string;
	a: Instance;
	b: Instance;
	/** A request context logged in as `username` on `instance`. */
	as(instance: Instance, username: string): Promise<APIRequestContext>;
	/** One query on the database, as the superuser. */
	query<T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
}

const test = base.extend<object, { deployment: Deployment }>({
	deployment: [
		async ({}, use) => {
			const { cluster, url } = await freshPostgres();
			const env = { LAGESKARTA_DATABASE_URL: url };
			// One after the other: the first migrates and seeds, the second finds it done.
			const a = await startServer(env, { captureLog: true });
			const b = await startServer(env, { captureLog: true });
			const contexts: APIRequestContext[] = [];
			const pool = new pg.Pool({ connectionString: url, max: 2 });
			// The restart test ends the pool's idle connections too: the pool drops them.
			pool.on('error', () => undefined);
			try {
				await use({
					cluster,
					url,
					a,
					b,
					async as(instance, username) {
						const context = await playwrightRequest.newContext({ baseURL: instance.origin, extraHTTPHeaders: { origin: instance.origin } });
						contexts.push(context);
						await login(context, instance.origin, username);
						return context;
					},
					query: async (text, values) => (await pool.query(text, values)).rows
				});
			} finally {
				await Promise.all(contexts.map((c) => c.dispose()));
				await pool.end();
				a.stop();
				b.stop();
				await cluster.stop();
			}
		},
		{ scope: 'worker', timeout: 120_000 }
	]
});

// The fixtures' default page is not used: no browser opens here.
test.use({ account: null });

const LAYER = 'otrygga-platser';
let counter = 0;
const place = (name: string) => ({
	type: 'Feature',
	properties: { name, source: 'e2e-test', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
	geometry: { type: 'Point', coordinates: [17.93 + counter * 1e-5, 59.41] }
});
const json = (data: unknown) => ({ data: Buffer.from(JSON.stringify(data)), headers: { 'content-type': 'application/json' } });

async function createPlace(request: APIRequestContext, name = `Plats ${Date.now()}-${counter++}`) {
	const response = await request.post(`/api/layers/${LAYER}/features`, json({ feature: place(name) }));
	expect(response.status(), await response.text()).toBe(201);
	return (await response.json()).feature as { properties: { id: string; name: string }; version: number };
}

test.describe.serial('two instances on one PostgreSQL database', () => {
	test('both instances run on PostgreSQL, seeded once', async ({ deployment }) => {
		const layers = await deployment.query<{ n: string }>('SELECT count(*) AS n FROM layers');
		expect(Number(layers[0]!.n)).toBe(LAYERS.length);
		// Seeded once, though two instances started on the database.
		const seeded = await deployment.query<{ n: string; layers: string }>("SELECT count(*) AS n, count(DISTINCT layer_id) AS layers FROM feature_history WHERE action = 'seed' AND version = 1");
		const perLayer = await deployment.query<{ n: string }>("SELECT count(*) AS n FROM features WHERE version = 1 AND updated_by LIKE 'Lägeskartan%'");
		expect(Number(seeded[0]!.n)).toBe(Number(perLayer[0]!.n));
		// A feature's geometry is PostGIS's too (the GiST index answers spatial queries on it).
		const inJarva = await deployment.query<{ n: string }>('SELECT count(*) AS n FROM features WHERE ST_Intersects(geom, ST_MakeEnvelope(17.8, 59.35, 18.0, 59.45, 4326))');
		expect(Number(inJarva[0]!.n)).toBeGreaterThan(0);
		for (const instance of [deployment.a, deployment.b]) expect(instance.log()).not.toMatch(/SQLite|lageskartan\.sqlite/);
	});

	test('a write on one instance is never answered stale by the other', async ({ deployment }) => {
		const [onA, onB] = [await deployment.as(deployment.a, 'demo-sdf-redaktor'), await deployment.as(deployment.b, 'demo-sdf-redaktor')];
		const before = await onB.get(`/api/layers/${LAYER}`);
		const etag = before.headers()['etag']!;
		const created = await createPlace(onA, 'Garage skrivet på instans A');
		// The very next read on B, with no wait: the new feature and a new ETag.
		const after = await onB.get(`/api/layers/${LAYER}`, { headers: { 'if-none-match': etag } });
		expect(after.status()).toBe(200);
		expect(after.headers()['etag']).not.toBe(etag);
		expect((await after.json()).features.some((f: { properties: { id: string } }) => f.properties.id === created.properties.id)).toBe(true);
		// Ten changes alternating between the instances, each read back at once on the other.
		let version = created.version;
		const url = `/api/layers/${LAYER}/features/${created.properties.id}`;
		for (let i = 0; i < 10; i++) {
			const [writer, reader] = i % 2 === 0 ? [onA, onB] : [onB, onA];
			const put = await writer.put(url, json({ feature: place(`Ändring ${i}`), baseVersion: version }));
			expect(put.status(), await put.text()).toBe(200);
			version = (await put.json()).feature.version;
			const read = await reader.get(url);
			expect(await read.json()).toMatchObject({ feature: { version, properties: { name: `Ändring ${i}` } } });
		}
		// A stale version on the other instance is a 409 carrying the current one.
		const stale = await onB.put(url, json({ feature: place('För sent'), baseVersion: version - 1 }));
		expect(stale.status()).toBe(409);
		expect((await stale.json()).current.version).toBe(version);
		const history = await (await onA.get(`${url}/history`)).json();
		expect(history.history).toHaveLength(version);
	});

	test('a session lives in the database: logged in on one, out on both', async ({ deployment }) => {
		const onA = await deployment.as(deployment.a, 'demo-polis-lasare');
		const cookie = (await onA.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const onB = await playwrightRequest.newContext({ baseURL: deployment.b.origin, extraHTTPHeaders: { cookie, origin: deployment.b.origin } });
		try {
			expect((await onB.get('/api/session')).status()).toBe(200);
			expect((await onA.delete('/api/session')).status()).toBeLessThan(300);
			// The next request to the other instance, at once: the session has ended there too.
			expect((await onB.get(`/api/layers/${LAYER}`)).status()).toBe(401);
		} finally {
			await onB.dispose();
		}
	});

	test('a visibility change on one instance holds on the next request to the other', async ({ deployment }) => {
		const police = await deployment.as(deployment.a, 'demo-polis-admin');
		const owner = await deployment.as(deployment.b, 'demo-fastighet-lasare');
		expect((await owner.get('/api/layers/drogscener-2023')).status()).toBe(404);
		const shown = await police.put('/api/layers/drogscener-2023/visibility', json({ visibleTo: ['polis-jarva', 'sdf-jarva', 'fastighetsagare'] }));
		expect(shown.status(), await shown.text()).toBe(200);
		expect((await owner.get('/api/layers/drogscener-2023')).status()).toBe(200);
		const hidden = await police.put('/api/layers/drogscener-2023/visibility', json({ visibleTo: ['polis-jarva', 'sdf-jarva'] }));
		expect(hidden.status(), await hidden.text()).toBe(200);
		expect((await owner.get('/api/layers/drogscener-2023')).status()).toBe(404);
	});

	test('a change on one instance reaches a live stream on the other within a second', async ({ deployment }) => {
		const writer = await deployment.as(deployment.a, 'demo-sdf-redaktor');
		const watcher = await deployment.as(deployment.b, 'demo-sdf-lasare');
		const cookie = (await watcher.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
		const controller = new AbortController();
		const response = await fetch(`${deployment.b.origin}/api/events`, { headers: { cookie }, signal: controller.signal });
		expect(response.status).toBe(200);
		const reader = response.body!.getReader();
		const decoder = new TextDecoder();
		let text = '';
		const until = async (pattern: RegExp, ms: number) => {
			const deadline = Date.now() + ms;
			while (!pattern.test(text)) {
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`not in the stream within ${ms} ms: ${pattern}; got ${text.slice(-500)}`);
				const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
				if (chunk && !chunk.done) text += decoder.decode(chunk.value, { stream: true });
			}
		};
		try {
			await until(/event: ready/, 10_000);
			const started = Date.now();
			const created = await createPlace(writer, 'Plats som syns live på den andra instansen');
			await until(new RegExp(created.properties.id), 1_000);
			test.info().annotations.push({ type: 'latency', description: `write on A → event on B: ${Date.now() - started} ms (including the write's own answer)` });
		} finally {
			controller.abort();
		}
	});

	test('the database restarts under load: 503 while it is down, back by itself, nothing acknowledged lost', async ({ deployment }) => {
		test.setTimeout(120_000);
		const writers = [await deployment.as(deployment.a, 'demo-sdf-redaktor'), await deployment.as(deployment.b, 'demo-sdf-redaktor')];
		const acknowledged: string[] = [];
		const unavailable: { status: number; message: string; retryAfter: string | undefined }[] = [];
		const otherwise: string[] = [];
		let running = true;
		const load = writers.map(async (request, w) => {
			for (let i = 0; running; i++) {
				const name = `Last ${w}-${i}-${Date.now()}`;
				const response = await request.post(`/api/layers/${LAYER}/features`, json({ feature: place(name) })).catch((err: Error) => err);
				if (response instanceof Error) otherwise.push(response.message);
				else if (response.status() === 201) acknowledged.push((await response.json()).feature.properties.id);
				else if (response.status() === 503) {
					unavailable.push({ status: 503, message: (await response.json()).message, retryAfter: response.headers()['retry-after'] });
					await new Promise((r) => setTimeout(r, 100));
				} else otherwise.push(`${response.status()} ${await response.text()}`);
			}
		});
		await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(10);
		await deployment.cluster.halt();
		await expect.poll(() => unavailable.length, { timeout: 20_000 }).toBeGreaterThan(2);
		// A page asked for meanwhile: the same words as a short HTML page, not JSON and not a 500.
		const page = await writers[1]!.get('/');
		expect(page.status()).toBe(503);
		expect(page.headers()['content-type']).toContain('text/html');
		expect(page.headers()['retry-after']).toBe('5');
		expect(await page.text()).toMatch(/<p>Databasen svarar inte just nu.*Försök igen/s);
		await deployment.cluster.resume();
		const countAtResume = acknowledged.length;
		// Back by itself (no instance restarted): writes are acknowledged again on both.
		await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(countAtResume + 10);
		running = false;
		await Promise.all(load);
		expect(otherwise, 'no answer other than 201 or 503').toEqual([]);
		expect(unavailable[0]!.message).toMatch(/Databasen svarar inte just nu.*Försök igen/s);
		expect(unavailable[0]!.retryAfter).toBe('5');
		// Every acknowledged write is in the database, with its history row.
		const stored = await deployment.query<{ id: string; history: string }>(
			'SELECT f.id, (SELECT count(*) FROM feature_history h WHERE h.layer_id = f.layer_id AND h.feature_id = f.id) AS history FROM features f WHERE f.layer_id = $1 AND f.id = ANY($2)',
			[LAYER, acknowledged]
		);
		expect(stored).toHaveLength(acknowledged.length);
		expect(stored.every((row) => Number(row.history) === 1)).toBe(true);
	});

	test('an instance killed mid-request loses nothing it acknowledged, and leaves nothing half-written', async ({ deployment }) => {
		test.setTimeout(120_000);
		const doomed = await startServer({ LAGESKARTA_DATABASE_URL: deployment.url }, { captureLog: true });
		const writer = await deployment.as(doomed, 'demo-sdf-redaktor');
		const acknowledged: string[] = [];
		const names: string[] = [];
		let failed = 0;
		const load = Array.from({ length: 4 }, async (_, w) => {
			for (let i = 0; failed === 0; i++) {
				const name = `Dödad ${w}-${i}-${Date.now()}`;
				names.push(name);
				const response = await writer.post(`/api/layers/${LAYER}/features`, json({ feature: place(name) })).catch(() => null);
				if (response?.status() === 201) acknowledged.push((await response.json()).feature.properties.id);
				else failed++;
			}
		});
		await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(20);
		await doomed.kill('SIGKILL');
		await Promise.all(load);
		expect(failed).toBeGreaterThan(0);
		const stored = await deployment.query<{ id: string; name: string; version: number; history: string }>(
			"SELECT f.id, f.properties::json->>'name' AS name, f.version, (SELECT count(*) FROM feature_history h WHERE h.layer_id = f.layer_id AND h.feature_id = f.id) AS history FROM features f WHERE f.layer_id = $1 AND f.properties::json->>'name' = ANY($2)",
			[LAYER, names]
		);
		const ids = new Set(stored.map((row) => row.id));
		for (const id of acknowledged) expect(ids.has(id), `acknowledged ${id} is stored`).toBe(true);
		// A write the instance never answered is all there or not at all: never a feature without its history.
		expect(stored.every((row) => Number(row.history) === row.version)).toBe(true);
		// The other instances answer on as before.
		const onB = await deployment.as(deployment.b, 'demo-sdf-lasare');
		expect((await onB.get(`/api/layers/${LAYER}`)).status()).toBe(200);
	});
});
