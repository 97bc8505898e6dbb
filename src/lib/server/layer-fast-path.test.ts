import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from './auth/session-cookie';
import { cachedResponse } from './http';
import { answerLayerRead, LAYER_CONTENT_TYPE, sessionToken } from './layer-fast-path';
import { tempServices } from './testing/temp-service';
import { answerFeatureWrite } from './write-fast-path';
import { postgresDatabase } from './db/app-database';
import { LayerView } from './layer-view';
import { createServices } from './services';
import { usePostgres } from '../../../test/pg/use-postgres';

/**
 * The layer read answered before SvelteKit (layer-fast-path.ts), on a real Node server and a real
 * SQLite store. What it does not answer reaches the stand-in for SvelteKit here: status 599.
 */
const FELL_THROUGH = 599;

let services: Awaited<ReturnType<typeof tempServices>>;
let server: Server;
let base: string;
let origin: string | undefined;
/** How the fast path answered each request: at once ('true'/'false') or after asking ('promise'). */
let answers: string[] = [];

beforeEach(async () => {
	services = await tempServices();
	origin = 'http://127.0.0.1';
	server = createServer((req, res) => {
		// The fast path answers at once, or with a promise when it first asks for the session (server/index.js waits for it).
		const result = answerLayerRead(services, origin, req, res);
		answers.push(result instanceof Promise ? 'promise' : String(result));
		Promise.resolve(result).then(
			(answered) => {
				if (answered) return;
				res.writeHead(FELL_THROUGH);
				res.end();
			},
			(error: unknown) => res.destroy(error as Error)
		);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
	await new Promise((resolve) => server.close(resolve));
	services.close();
});

interface Raw {
	status: number;
	headers: IncomingHttpHeaders;
	body: Buffer;
}
/** A GET as sent (no decompression, unlike fetch). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
	return new Promise((resolve, reject) => {
		const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
		});
		req.on('error', reject);
		req.end();
	});
}

/** A session of a new läsare (or redaktör) of `organisation`, as its cookie header. */
async function sessionOf(organisation: string, role: 'läsare' | 'redaktör' = 'läsare'): Promise<{ cookie: string; token: string }> {
	const account = await services.accounts.createAccount({ username: `${organisation}-${role}-${Math.random().toString(36).slice(2, 8)}`, displayName: 'Test', organisationId: organisation, role, passwordHash: 'not-used-here' });
	const token = await services.accounts.startSession(account.id);
	return { cookie: `${SESSION_COOKIE}=${token}`, token };
}

const scene2023 = () => ({
	type: 'Feature',
	properties: { name: 'Testplats', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, year: 2023, district: 'Husby', drawing: 'outline' },
	geometry: { type: 'Polygon', coordinates: [[[17.93, 59.41], [17.94, 59.41], [17.94, 59.415], [17.93, 59.41]]] }
});

describe('a layer read answered before SvelteKit', () => {
	it('is the endpoint’s answer: the same bytes, ETag and headers in every encoding, and a 304 for the ETag', async () => {
		const { cookie } = await sessionOf('fastighetsagare');
		const layer = services.layers.get('stadsdelar');
		for (const encoding of ['identity', 'gzip', 'br']) {
			const headers: Record<string, string> = encoding === 'identity' ? {} : { 'accept-encoding': encoding };
			const fast = await get('/api/layers/stadsdelar', { cookie, ...headers });
			const endpoint = cachedResponse(new Request(`${base}/api/layers/stadsdelar`, { headers }), layer.json, layer.etag, LAYER_CONTENT_TYPE);
			expect(fast.status).toBe(200);
			expect(fast.body.equals(Buffer.from(await endpoint.arrayBuffer())), encoding).toBe(true);
			for (const [name, value] of endpoint.headers) expect(fast.headers[name], name).toBe(value);
		}
		const again = await get('/api/layers/stadsdelar', { cookie, 'if-none-match': layer.etag });
		expect(again.status).toBe(304);
		expect(again.body.length).toBe(0);
		expect(again.headers.etag).toBe(layer.etag);
		// A strong validator of the bytes: the same body under another name would have the same tag.
		expect(layer.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
	});

	it('on SQLite answers a session checked within the second at once, and asks the database for one it has not seen', async () => {
		const { cookie } = await sessionOf('polis-jarva');
		await services.accounts.fresh();
		answers = [];
		expect((await get('/api/layers/stadsdelar', { cookie })).status).toBe(200);
		expect((await get('/api/layers/omradesklassning', { cookie })).status).toBe(200);
		expect(answers).toEqual(['promise', 'true']);
	});

	it('after an edit serves the new body with a new ETag, and the old ETag gets the new body, not a 304', async () => {
		const { cookie, token } = await sessionOf('polis-jarva');
		services.bulkReads.first(token, 'drogscener-2023', 'geojson');
		const before = await get('/api/layers/drogscener-2023', { cookie });
		expect(before.status).toBe(200);
		const count = (body: Buffer) => (JSON.parse(body.toString()) as { features: unknown[] }).features.length;
		await services.layers.createFeature('drogscener-2023', scene2023(), 'test');
		const after = await get('/api/layers/drogscener-2023', { cookie, 'if-none-match': before.headers.etag! });
		expect(after.status).toBe(200);
		expect(after.headers.etag).not.toBe(before.headers.etag);
		expect(count(after.body)).toBe(count(before.body) + 1);
		expect(after.body.toString()).toBe(services.layers.get('drogscener-2023').json);
		// The compressed bytes are made anew too (kept per ETag).
		const gzip = await get('/api/layers/drogscener-2023', { cookie, 'accept-encoding': 'gzip' });
		expect(gzip.headers.etag).toBe(after.headers.etag);
	});

	it('never gives a layer to an organisation that does not see it: it leaves that to SvelteKit (404), also right after the layer was hidden', async () => {
		const owner = await sessionOf('fastighetsagare');
		const police = await sessionOf('polis-jarva');
		services.bulkReads.first(owner.token, 'drogscener-2023', 'geojson');
		services.bulkReads.first(police.token, 'drogscener-2023', 'geojson');
		expect((await get('/api/layers/drogscener-2023', { cookie: police.cookie })).status).toBe(200);
		// The same layer, just served to the police, is not the property owner's to read.
		expect((await get('/api/layers/drogscener-2023', { cookie: owner.cookie })).status).toBe(FELL_THROUGH);
		const district = await sessionOf('sdf-jarva');
		services.bulkReads.first(district.token, 'drogscener-2023', 'geojson');
		expect((await get('/api/layers/drogscener-2023', { cookie: district.cookie })).status).toBe(200);
		await services.accounts.setVisibility('drogscener-2023', ['polis-jarva']);
		expect((await get('/api/layers/drogscener-2023', { cookie: district.cookie })).status).toBe(FELL_THROUGH);
		expect((await get('/api/layers/drogscener-2023', { cookie: police.cookie })).status).toBe(200);
	});

	it('leaves the first read of a sensitive layer in a session to the endpoint, which logs it; later reads are answered and log nothing', async () => {
		const { cookie, token } = await sessionOf('polis-jarva');
		const rows = async () => (await services.audit.query({ limit: 1000 })).entries.length;
		expect((await get('/api/layers/drogscener-2023', { cookie })).status).toBe(FELL_THROUGH);
		expect((await get('/api/layers/drogscener-2023', { cookie })).status).toBe(FELL_THROUGH);
		// What the endpoint does (guard.ts auditBulkRead): the session's read is logged, once.
		expect(services.bulkReads.first(token, 'drogscener-2023', 'geojson')).toBe(true);
		const logged = await rows();
		expect((await get('/api/layers/drogscener-2023', { cookie })).status).toBe(200);
		expect(await rows()).toBe(logged);
		// A layer every partner sees is not logged at all: answered from the first read.
		expect((await get('/api/layers/stadsdelar', { cookie })).status).toBe(200);
	});

	it('leaves everything unusual to SvelteKit: no, an unknown or an ended session, a token, HEAD, a body, another path, an unknown layer, no ORIGIN', async () => {
		const { cookie, token } = await sessionOf('sdf-jarva');
		const status = async (path: string, headers: Record<string, string> = {}, method = 'GET') => (await get(path, headers, method)).status;
		expect(await status('/api/layers/stadsdelar', { cookie })).toBe(200);
		expect(await status('/api/layers/stadsdelar')).toBe(FELL_THROUGH);
		expect(await status('/api/layers/stadsdelar', { cookie: `${SESSION_COOKIE}=not-a-session` })).toBe(FELL_THROUGH);
		expect(await status('/api/layers/stadsdelar', { cookie, authorization: 'Bearer lk_something' })).toBe(FELL_THROUGH);
		expect(await status('/api/layers/stadsdelar', { cookie }, 'HEAD')).toBe(FELL_THROUGH);
		expect(await status('/api/layers/stadsdelar', { cookie, 'content-length': '2' }, 'GET')).toBe(FELL_THROUGH);
		expect(await status('/api/layers/stadsdelar/', { cookie })).toBe(FELL_THROUGH);
		expect(await status('/api/layers/stadsdelar/export', { cookie })).toBe(FELL_THROUGH);
		expect(await status('/api/layers/st%61dsdelar', { cookie })).toBe(FELL_THROUGH);
		expect(await status('/api/layers/finns-inte', { cookie })).toBe(FELL_THROUGH);
		expect(await status('/api/layers', { cookie })).toBe(FELL_THROUGH);
		origin = undefined;
		expect(await status('/api/layers/stadsdelar', { cookie })).toBe(FELL_THROUGH);
		origin = 'http://127.0.0.1';
		// Logged out: the session's cached check is forgotten with it.
		await services.accounts.endSession(token);
		expect(await status('/api/layers/stadsdelar', { cookie })).toBe(FELL_THROUGH);
	});

	it('hands an ended session on as it is, so the hook can still say why it ended (idle, disabled)', async () => {
		const { cookie, token } = await sessionOf('polis-jarva');
		services.db.prepare('UPDATE sessions SET last_seen_ms = 0').run();
		expect((await get('/api/layers/stadsdelar', { cookie })).status).toBe(FELL_THROUGH);
		expect(await services.accounts.checkSession(token)).toEqual({ ok: false, reason: 'idle' });
	});

	it('says Strict-Transport-Security over HTTPS, as the hook does', async () => {
		const { cookie } = await sessionOf('sdf-jarva');
		expect((await get('/api/layers/stadsdelar', { cookie })).headers['strict-transport-security']).toBeUndefined();
		origin = 'https://lageskartan.example';
		expect((await get('/api/layers/stadsdelar', { cookie })).headers['strict-transport-security']).toBe('max-age=31536000');
	});
});

describe('the session cookie as read there', () => {
	it('is the one value of the cookie, unquoted and decoded; none, an empty or two values leave it to SvelteKit', () => {
		expect(sessionToken(`a=1; ${SESSION_COOKIE}=abc; b=2`)).toBe('abc');
		expect(sessionToken(`${SESSION_COOKIE}="abc"`)).toBe('abc');
		expect(sessionToken(`${SESSION_COOKIE}=a%2Bb`)).toBe('a+b');
		expect(sessionToken(undefined)).toBeNull();
		expect(sessionToken('other=1')).toBeNull();
		expect(sessionToken(`${SESSION_COOKIE}=`)).toBeNull();
		expect(sessionToken(`${SESSION_COOKIE}=%E0%A4%A`)).toBeNull();
		expect(sessionToken(`${SESSION_COOKIE}=a; ${SESSION_COOKIE}=b`)).toBeNull();
	});
});

describe('on PostgreSQL', () => {
	const postgres = usePostgres();

	it('a read is answered after the layers are made current (another instance wrote: never stale); a write, and a database that does not answer, go to SvelteKit', async () => {
		const url = await postgres().database();
		// Two instances on one database, each with its services as the app builds them.
		const one = await createServices(await postgresDatabase(url, { poolSize: 2 }), {});
		const two = await createServices(await postgresDatabase(url, { poolSize: 2 }), {});
		const pgServer = createServer((req, res) => {
			void Promise.resolve(answerLayerRead(one, origin, req, res)).then((answered) => {
				if (answered) return;
				if (answerFeatureWrite(one, { origin }, req, res)) return;
				res.writeHead(FELL_THROUGH);
				res.end();
			});
		});
		await new Promise<void>((resolve) => pgServer.listen(0, '127.0.0.1', resolve));
		let closed = false;
		try {
			const account = await one.accounts.createAccount({ username: 'sdf-redaktor-pg', displayName: 'Test', organisationId: 'sdf-jarva', role: 'redaktör', passwordHash: 'not-used-here' });
			const cookie = `${SESSION_COOKIE}=${await one.accounts.startSession(account.id)}`;
			const at = `http://127.0.0.1:${(pgServer.address() as AddressInfo).port}`;
			const first = await fetch(`${at}/api/layers/otrygga-platser`, { headers: { cookie } });
			expect(first.status).toBe(200);
			const before = (await first.json()) as { features: unknown[] };
			// The other instance writes; the very next read on this one has it.
			const view = new LayerView(two.layers, two.accounts, two.accounts.viewer((await two.accounts.account(account.id))!));
			const made = await two.database.write(() => view.createFeature('otrygga-platser', { type: 'Feature', properties: { name: 'Skrivet på den andra', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' }, geometry: { type: 'Point', coordinates: [17.93, 59.41] } }));
			const after = await fetch(`${at}/api/layers/otrygga-platser`, { headers: { cookie, 'if-none-match': first.headers.get('etag')! } });
			expect(after.status).toBe(200);
			const features = ((await after.json()) as { features: { properties: { id: string } }[] }).features;
			expect(features).toHaveLength(before.features.length + 1);
			expect(features.some((f) => f.properties.id === made.properties.id)).toBe(true);
			// Writes: the endpoint answers (its checks read the copy made current by the hook).
			const body = JSON.stringify({ feature: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [17.93, 59.41] } } });
			const write = await fetch(`${at}/api/layers/otrygga-platser/features`, { method: 'POST', headers: { cookie, origin: origin!, 'content-type': 'application/json' }, body });
			expect(write.status).toBe(FELL_THROUGH);
			// The database gone: not answered here (SvelteKit answers it, 503), never half an answer.
			await one.database.close();
			closed = true;
			await two.database.write(() => view.createFeature('otrygga-platser', { type: 'Feature', properties: { name: 'Medan den första inte når databasen', source: 'test', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' }, geometry: { type: 'Point', coordinates: [17.931, 59.41] } }));
			expect((await fetch(`${at}/api/layers/otrygga-platser`, { headers: { cookie } })).status).toBe(FELL_THROUGH);
		} finally {
			await new Promise((resolve) => pgServer.close(resolve));
			if (!closed) await one.database.close();
			await two.database.close();
		}
	}, 60_000);
});
