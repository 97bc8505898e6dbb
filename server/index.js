/**
 * The server `node build` starts (copied over adapter-node's own build/index.js by the adapter in
 * svelte.config.js; see adapter-node's "Custom server"). It is adapter-node's request handler with
 * the security headers set first: adapter-node serves static/ and the built assets before any
 * SvelteKit hook runs, so without this the basemap and the scripts went out without nosniff,
 * frame or resource-policy headers. A header a response sets itself still wins. Layer reads and
 * feature writes go first to a fast path (below).
 *
 * Reads what adapter-node's entry reads: HOST, PORT, SOCKET_PATH, KEEP_ALIVE_TIMEOUT,
 * HEADERS_TIMEOUT, SHUTDOWN_TIMEOUT (ORIGIN, BODY_SIZE_LIMIT, ADDRESS_HEADER and XFF_DEPTH are the
 * handler's). Not systemd socket activation (LISTEN_FDS) or IDLE_TIMEOUT: this app does not use them.
 */
import http from 'node:http';
import process from 'node:process';
import { env, timeout_env } from './env.js';
import { handler } from './handler.js';
import { SECURITY_HEADERS } from './security-headers.js';

const path = env('SOCKET_PATH', false);
const host = env('HOST', '0.0.0.0');
const port = env('PORT', !path && '3000');
const shutdownTimeout = Number.parseInt(env('SHUTDOWN_TIMEOUT', '30'), 10);

/**
 * GET /api/layers/{id}, and POST/PUT of a feature, with nothing unusual about them, answered without
 * SvelteKit's request and response conversion (src/lib/server/layer-fast-path.ts and
 * write-fast-path.ts, registered by hooks.server.ts at start through fast-paths.ts).
 * It returns false for anything else, and SvelteKit answers; so does a throw, before any byte. A
 * promise of either when it first had to ask the database for the session (PostgreSQL, or a session
 * not seen for a second).
 * @type {(req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>}
 */
function fastPath(req, res) {
	const answer = /** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for('lageskartan.fast-path')];
	if (typeof answer !== 'function') return false;
	try {
		return answer(req, res);
	} catch (err) {
		if (res.headersSent) throw err;
		console.error('fast path:', err);
		return false;
	}
}

/** SvelteKit answers. @type {(req: http.IncomingMessage, res: http.ServerResponse) => void} */
function sveltekit(req, res) {
	handler(req, res, () => {
		// adapter-node's handler answers everything itself; this is only its fallthrough.
		res.statusCode = 404;
		res.end();
	});
}

const server = http.createServer((req, res) => {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	const answered = fastPath(req, res);
	if (answered === true) return;
	if (answered === false) return sveltekit(req, res);
	answered.then(
		(done) => {
			if (!done) sveltekit(req, res);
		},
		(err) => {
			console.error('fast path:', err);
			if (res.headersSent) res.destroy();
			else sveltekit(req, res);
		}
	);
});

const keepAliveTimeout = timeout_env('KEEP_ALIVE_TIMEOUT');
if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout * 1000;
const headersTimeout = timeout_env('HEADERS_TIMEOUT');
if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

server.listen({ path, host, port }, () => {
	console.log(`Listening on ${path || `http://${host}:${port}`}`);
});

/** @type {NodeJS.Timeout | undefined} */
let shutdownTimer;

/**
 * As adapter-node does it: stop taking connections, let running requests finish (at most
 * SHUTDOWN_TIMEOUT seconds), then tell the app (`sveltekit:shutdown`).
 * @param {'SIGINT' | 'SIGTERM'} reason
 */
function shutdown(reason) {
	if (shutdownTimer) return;
	server.closeIdleConnections();
	server.close((error) => {
		if (error) return;
		clearTimeout(shutdownTimer);
		// @ts-expect-error SvelteKit's own event, not in Node's types
		process.emit('sveltekit:shutdown', reason);
	});
	shutdownTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
}

server.on('request', (req) => {
	// During a shutdown a keep-alive connection is closed as soon as its request is done.
	req.on('close', () => {
		if (shutdownTimer) server.closeIdleConnections();
	});
});

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

export { host, path, port, server };
