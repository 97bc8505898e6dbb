import { mkdtempSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The writes go through guard.ts, whose services are the process's: a fresh store for this file.
process.env.LAGESKARTA_DATA_DIR = mkdtempSync(join(tmpdir(), 'lageskarta-write-fast-path-'));
const { SESSION_COOKIE } = await import('./auth/session-cookie');
const { services, startServices } = await import('./services');
const { answerFeatureWrite, bodySizeLimit, clientAddressOf } = await import('./write-fast-path');
const { featureWrite, FEATURE_WRITES } = await import('./feature-writes');
const { answer } = await import('./http');

/**
 * Adding and changing a feature answered before SvelteKit (write-fast-path.ts), on a real Node
 * server and a real SQLite store; its answers are compared with the endpoint's code (feature-writes.ts
 * through `answer`, as +server.ts runs it). What it does not answer reaches the stand-in for
 * SvelteKit here: status 599, with nothing read, written or logged.
 */
const FELL_THROUGH = 599;
const ORIGIN = 'http://127.0.0.1';

let server: Server;
let base: string;
let env: Record<string, string | undefined> = {};
let origin: string | undefined = ORIGIN;

beforeAll(async () => {
	await startServices();
	server = createServer((req, res) => {
		// The fast path answers at once, or with a promise when it first asks for the session (server/index.js waits for it).
		Promise.resolve(answerFeatureWrite(services(), { origin, env }, req, res)).then(
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
afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	services().db!.close();
});

interface Raw {
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}
/** A request as sent: Origin of the app, JSON, a Content-Length, unless told otherwise. */
function send(method: string, path: string, body: string | null, headers: Record<string, string | undefined> = {}): Promise<Raw> {
	const all: Record<string, string> = { origin: ORIGIN, 'content-type': 'application/json' };
	if (body !== null) all['content-length'] = String(Buffer.byteLength(body));
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) delete all[name];
		else all[name] = value;
	}
	return new Promise((resolve, reject) => {
		const req = request(`${base}${path}`, { method, headers: all, agent: false }, (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
		});
		req.on('error', reject);
		if (body !== null) req.write(body);
		req.end();
	});
}

async function sessionOf(organisation: string, role: 'läsare' | 'redaktör' = 'redaktör') {
	const account = await services().accounts.createAccount({ username: `${organisation}-${role}-${Math.random().toString(36).slice(2, 8)}`, displayName: 'Test', organisationId: organisation, role, passwordHash: 'not-used-here' });
	const token = await services().accounts.startSession(account.id);
	return { cookie: `${SESSION_COOKIE}=${token}`, token, username: account.username };
}

const place = (name = 'Bänken vid torget') => ({
	type: 'Feature',
	properties: { name, source: 'test', precision: 'approximate', precisionMeters: 100, example: true, category: 'parking', district: 'Husby' },
	geometry: { type: 'Point', coordinates: [17.9, 59.41] }
});

/** The endpoint's answer to the same request, as +server.ts runs it (SvelteKit's part left out). */
async function endpoint(method: 'POST' | 'PUT', path: string, body: string, cookie: string): Promise<{ status: number; body: unknown }> {
	const token = cookie.slice(SESSION_COOKIE.length + 1);
	const { viewer } = await services().accounts.sessionViewer(token);
	const url = new URL(path, ORIGIN);
	const event = {
		locals: { viewer, token: null },
		getClientAddress: () => '127.0.0.1',
		url,
		request: new Request(url, { method, headers: { 'content-type': 'application/json' }, body })
	};
	const [, , , id, , fid] = url.pathname.split('/');
	const response = await answer(() => (method === 'POST' ? featureWrite(event, FEATURE_WRITES.create, { id: id! }) : featureWrite(event, FEATURE_WRITES.update, { id: id!, fid: fid! })));
	return { status: response.status, body: await response.json() };
}

const auditRows = async (action: string) => (await services().audit.query({ limit: 1000 })).entries.filter((e) => e.action === action);

describe('a feature write answered before SvelteKit', () => {
	it('adds a feature with its history and audit row, answering as the endpoint does', async () => {
		const { cookie, username } = await sessionOf('sdf-jarva');
		const body = JSON.stringify({ feature: place() });
		const fast = await send('POST', '/api/layers/otrygga-platser/features', body, { cookie });
		expect(fast.status).toBe(201);
		expect(fast.headers['content-type']).toBe('application/json');
		expect(fast.headers['cache-control']).toBe('private, no-store');
		expect(fast.headers['strict-transport-security']).toBeUndefined();
		const { feature } = JSON.parse(fast.body);
		expect(feature).toMatchObject({ type: 'Feature', version: 1, updatedBy: `Test (${username})`, properties: { name: 'Bänken vid torget' } });
		expect(services().layers.store.feature('otrygga-platser', feature.properties.id)).toMatchObject({ version: 1 });
		expect((await services().layers.store.history('otrygga-platser', feature.properties.id)).map((h) => h.action)).toEqual(['create']);
		const [row] = (await auditRows('feature-create')).filter((e) => e.target === `otrygga-platser/${feature.properties.id}`);
		expect(row).toMatchObject({ username, ip: '127.0.0.1', outcome: 'ok' });

		const slow = await endpoint('POST', '/api/layers/otrygga-platser/features', body, cookie);
		expect(slow.status).toBe(fast.status);
		expect(Object.keys(slow.body as object)).toEqual(['feature']);
	});

	it('changes a feature at its version, and a stale version is the endpoint’s 409 with the feature as it is now', async () => {
		const { cookie } = await sessionOf('sdf-jarva');
		const created = JSON.parse((await send('POST', '/api/layers/otrygga-platser/features', JSON.stringify({ feature: place() }), { cookie })).body).feature;
		const path = `/api/layers/otrygga-platser/features/${created.properties.id}`;
		const changed = await send('PUT', path, JSON.stringify({ feature: place('Flyttad bänk'), baseVersion: 1 }), { cookie });
		expect(changed.status).toBe(200);
		expect(JSON.parse(changed.body).feature).toMatchObject({ version: 2, properties: { name: 'Flyttad bänk', id: created.properties.id } });
		expect((await auditRows('feature-update')).filter((e) => e.target === `otrygga-platser/${created.properties.id}`)).toHaveLength(1);

		const stale = JSON.stringify({ feature: place('Min version'), baseVersion: 1 });
		const fast = await send('PUT', path, stale, { cookie });
		const slow = await endpoint('PUT', path, stale, cookie);
		expect(fast.status).toBe(409);
		expect(JSON.parse(fast.body)).toEqual(slow.body);
		expect(JSON.parse(fast.body)).toMatchObject({ baseVersion: 1, current: { version: 2 } });
		expect(services().layers.store.feature('otrygga-platser', created.properties.id)).toMatchObject({ version: 2 });
	});

	it('answers a bad body with the endpoint’s 400, naming what is wrong, and stores nothing', async () => {
		const { cookie } = await sessionOf('sdf-jarva');
		const before = services().layers.store.features('otrygga-platser').length;
		const audited = (await auditRows('feature-create')).length;
		for (const body of ['{"feature": ', '{"feature": NaN}', '[]', JSON.stringify({ feature: { type: 'Feature' } }), JSON.stringify({ feature: { ...place(), properties: { name: 'x' } } })]) {
			const fast = await send('POST', '/api/layers/otrygga-platser/features', body, { cookie });
			const slow = await endpoint('POST', '/api/layers/otrygga-platser/features', body, cookie);
			expect(fast.status, body).toBe(400);
			expect(JSON.parse(fast.body), body).toEqual(slow.body);
		}
		const missing = await send('PUT', '/api/layers/otrygga-platser/features/finns-inte', JSON.stringify({ feature: place() }), { cookie });
		expect(missing.status).toBe(400);
		expect(JSON.parse(missing.body)).toMatchObject({ param: 'baseVersion' });
		const unknown = await send('PUT', '/api/layers/otrygga-platser/features/finns-inte', JSON.stringify({ feature: place(), baseVersion: 1 }), { cookie });
		expect(unknown.status).toBe(404);
		expect(services().layers.store.features('otrygga-platser').length).toBe(before);
		expect((await auditRows('feature-create')).length).toBe(audited);
	});

	it('leaves everything unusual to SvelteKit, reading and writing nothing', async () => {
		const editor = await sessionOf('sdf-jarva');
		const reader = await sessionOf('sdf-jarva', 'läsare');
		const property = await sessionOf('fastighetsagare');
		const body = JSON.stringify({ feature: place() });
		const path = '/api/layers/otrygga-platser/features';
		const before = services().layers.store.features('otrygga-platser').length;
		const rows = (await services().audit.query({ limit: 1000 })).entries.length;
		const status = async (method: string, to: string, headers: Record<string, string | undefined>, text: string | null = body) => (await send(method, to, text, headers)).status;
		const { cookie } = editor;
		expect(await status('POST', path, {})).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie: `${SESSION_COOKIE}=not-a-session` })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie: reader.cookie })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, origin: 'http://evil.example' })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, origin: undefined })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, authorization: 'Bearer lk_something' })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, 'content-type': 'text/plain' })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, 'content-type': undefined })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, 'content-length': undefined, 'transfer-encoding': 'chunked' })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie, 'x-forwarded-for': '10.0.0.9' })).toBe(FELL_THROUGH);
		expect(await status('POST', `${path}?x=1`, { cookie })).toBe(FELL_THROUGH);
		expect(await status('POST', `${path}/`, { cookie })).toBe(FELL_THROUGH);
		expect(await status('POST', '/api/layers/otrygga%2Dplatser/features', { cookie })).toBe(FELL_THROUGH);
		expect(await status('POST', '/api/layers/finns-inte/features', { cookie })).toBe(FELL_THROUGH);
		// Hidden from the property owner's organisation: the endpoint's 404, not a 400 for the body.
		expect(await status('POST', '/api/layers/drogscener-2023/features', { cookie: property.cookie })).toBe(FELL_THROUGH);
		expect(await status('DELETE', `${path}/x`, { cookie })).toBe(FELL_THROUGH);
		expect(await status('PATCH', `${path}/x`, { cookie })).toBe(FELL_THROUGH);
		expect(await status('POST', path, { cookie }, '')).toBe(FELL_THROUGH);
		// Over adapter-node's BODY_SIZE_LIMIT (512K unset): its 413.
		const large = JSON.stringify({ feature: place('x'.repeat(600_000)) });
		expect(await status('POST', path, { cookie }, large)).toBe(FELL_THROUGH);
		env = { BODY_SIZE_LIMIT: '25M' };
		expect(await status('POST', path, { cookie, 'x-forwarded-for': '10.0.0.9' })).toBe(FELL_THROUGH);
		origin = undefined;
		expect(await status('POST', path, { cookie })).toBe(FELL_THROUGH);
		origin = ORIGIN;
		env = {};
		await services().accounts.endSession(editor.token);
		expect(await status('POST', path, { cookie })).toBe(FELL_THROUGH);
		expect(services().layers.store.features('otrygga-platser').length).toBe(before);
		expect((await services().audit.query({ limit: 1000 })).entries.length).toBe(rows);
	});

	it('leaves a change of another organisation’s object, in a layer one only contributes to, to the endpoint (403)', async () => {
		const police = await sessionOf('polis-jarva');
		const created = JSON.parse((await send('POST', '/api/layers/otrygga-platser/features', JSON.stringify({ feature: place() }), { cookie: police.cookie })).body).feature;
		const district = await sessionOf('sdf-jarva');
		const view = (await import('./layer-view')).LayerView;
		const v = new view(services().layers, services().accounts, (await services().accounts.sessionViewer(district.token)).viewer!);
		let refused = false;
		try {
			v.writableObject('otrygga-platser', created.properties.id);
		} catch {
			refused = true;
		}
		const status = (await send('PUT', `/api/layers/otrygga-platser/features/${created.properties.id}`, JSON.stringify({ feature: place(), baseVersion: 1 }), { cookie: district.cookie })).status;
		// The same decision as LayerView's: answered when it allows, left to the endpoint when it refuses.
		expect(status).toBe(refused ? FELL_THROUGH : 200);
	});

	it('says Strict-Transport-Security over HTTPS and names the client as adapter-node does (ADDRESS_HEADER, XFF_DEPTH)', async () => {
		const { cookie, username } = await sessionOf('sdf-jarva');
		origin = 'https://lageskartan.example';
		env = { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1', BODY_SIZE_LIMIT: '25M' };
		const answered = await send('POST', '/api/layers/otrygga-platser/features', JSON.stringify({ feature: place() }), { cookie, origin: 'https://lageskartan.example', 'x-forwarded-for': '192.0.2.7, 10.0.0.1' });
		origin = ORIGIN;
		env = {};
		expect(answered.status).toBe(201);
		expect(answered.headers['strict-transport-security']).toBe('max-age=31536000');
		const id = JSON.parse(answered.body).feature.properties.id;
		expect((await auditRows('feature-create')).find((e) => e.target === `otrygga-platser/${id}`)).toMatchObject({ username, ip: '10.0.0.1' });
	});
});

describe('what the fast path reads as adapter-node does', () => {
	it('BODY_SIZE_LIMIT in bytes, K, M or G (512K unset)', () => {
		expect(bodySizeLimit()).toBe(512 * 1024);
		expect(bodySizeLimit('25M')).toBe(25 * 1024 * 1024);
		expect(bodySizeLimit('1000')).toBe(1000);
		expect(bodySizeLimit('Infinity')).toBe(Infinity);
	});

	it('the client address: the socket’s, or ADDRESS_HEADER’s (XFF_DEPTH from the right); null where adapter-node would throw', () => {
		const req = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '127.0.0.9' } }) as never;
		expect(clientAddressOf(req({}), {})).toBe('127.0.0.9');
		expect(clientAddressOf(req({ 'x-real-ip': '192.0.2.1' }), { ADDRESS_HEADER: 'X-Real-IP' })).toBe('192.0.2.1');
		expect(clientAddressOf(req({ 'x-forwarded-for': 'a, b, c' }), { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' })).toBe('b');
		expect(clientAddressOf(req({}), { ADDRESS_HEADER: 'x-real-ip' })).toBeNull();
		expect(clientAddressOf(req({ 'x-forwarded-for': 'a' }), { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' })).toBeNull();
	});
});
