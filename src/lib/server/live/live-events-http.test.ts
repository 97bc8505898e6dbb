/**
 * A slow subscriber over real HTTP: the stream is piped to a socket by SvelteKit's own
 * `setResponse` (what adapter-node does), and the client stops reading. The socket's buffers fill,
 * SvelteKit stops reading the stream, its queue passes the limit and the subscriber is dropped –
 * the server does not keep buffering. The client then resumes with its Last-Event-ID.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setResponse } from '@sveltejs/kit/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { write } from '../db/database';
import { tempServices } from '../testing/temp-service';
import { SqliteChangeBus } from './change-bus';
import { LiveEvents, parseLastEventId } from './live-events';

let services: Awaited<ReturnType<typeof tempServices>>;
let bus: SqliteChangeBus;
let live: LiveEvents;
let server: Server;
let token: string;

beforeEach(async () => {
	services = await tempServices();
	bus = new SqliteChangeBus(services.db, { pollMs: 0 });
	const { database, accounts, measures } = services;
	live = new LiveEvents(bus, { database, accounts, measures, viewerOf: (t) => accounts.liveViewer(t) }, { maxQueuedBytes: 64 * 1024, maxBacklog: 5_000 });
	const created = await accounts.createAccount({ username: 'lyssnare', displayName: 'Lyssnare', organisationId: 'polis-jarva', role: 'läsare', passwordHash: 'x' });
	token = await accounts.startSession(created.id);
	server = createServer((req, res) => {
		const after = parseLastEventId(req.headers['last-event-id'] as string | undefined);
		// As /api/events does with adapter-node's platform.req: a dropped subscriber's socket is closed.
		void setResponse(res, new Response(live.open(token, after ?? null, { onDrop: () => req.socket.destroy() }), { headers: { 'content-type': 'text/event-stream' } }));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
	live.close();
	bus.close();
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
	services.close();
});

function connect(lastEventId?: number): Promise<IncomingMessage> {
	const { port } = server.address() as AddressInfo;
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path: '/', headers: lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) } }, resolve);
		req.on('error', reject);
		req.end();
	});
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('a subscriber that does not read, over HTTP', () => {
	it('is dropped once its socket and queue are full, and resumes with Last-Event-ID', async () => {
		const slow = await connect();
		// Read the first chunk (retry + ready), then stop reading.
		const first = await new Promise<string>((resolve) => slow.once('data', (chunk: Buffer) => resolve(chunk.toString())));
		const ready = Number(/id: (\d+)\nevent: ready/.exec(first)![1]);
		slow.pause();
		const insert = services.db.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ('otrygga-platser', ?, 1, 'update', '2026-01-01', 'x')");
		let written = 0;
		// Writes in rounds (each within what the change table keeps), the event loop turning between
		// them so the changes are sent, until the server gives the subscriber up.
		while (live.dropped === 0 && written < 400_000) {
			write(services.db, () => {
				for (let i = 0; i < 2_000; i++) insert.run(`f-${written++}`);
			});
			await tick();
			await tick();
		}
		expect(live.dropped).toBe(1);
		expect(live.size).toBe(0);
		// The server closed the connection: the client, reading again, gets what was in flight and then the end.
		const ended = new Promise<void>((resolve) => {
			for (const name of ['end', 'close', 'error', 'aborted']) slow.once(name, () => resolve());
			slow.socket.once('close', () => resolve());
		});
		slow.resume();
		await ended;
		expect(slow.socket.destroyed || slow.complete).toBe(true);
		// Far more was sent than the stream may hold (each event is about 100 bytes): it was not buffered.
		expect(written * 100).toBeGreaterThan(64 * 1024 * 10);

		// Reconnecting from the last event it had: too far behind for a backlog, so a reset.
		const again = await connect(ready);
		const text = await new Promise<string>((resolve) => {
			let got = '';
			again.on('data', (chunk: Buffer) => {
				got += chunk.toString();
				if (got.includes('event: ready')) resolve(got);
			});
		});
		expect(text).toContain('event: reset');
		again.destroy();
	}, 30_000);
});
