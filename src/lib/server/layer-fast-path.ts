/**
 * GET /api/layers/{id}, the read every map page makes for every layer, answered straight on Node's
 * request when nothing about it is unusual: a session cookie whose session is valid, a layer the
 * session's organisation sees, and no audit row due. It is the same answer the endpoint gives
 * (the layer's JSON kept per revision by LayerService, its strong ETag, 304, compression kept per
 * ETag in http.ts) without SvelteKit's request and response conversion, which cost half the
 * throughput of a static file (issue 14: ≥ 0.8× a static file of the same bytes).
 *
 * Everything else falls through to SvelteKit, where hooks.server.ts and the endpoint answer as
 * before: no or an ended session (401, cookie cleared), a bearer token, a hidden or unknown layer
 * (404 with the layers the viewer sees), the first bulk read of a sensitive layer in a session (the
 * endpoint writes the audit row), HEAD, a body, a trailing slash, an id that needs decoding.
 * The decisions are the same code as the endpoint's: AccountStore.sessionViewer, LayerView,
 * BulkReadLog, http.ts. The body is the layer's whole, and who may see a layer is decided per
 * request before any byte goes out, so one organisation's answer is never another's.
 *
 * server/index.js calls it before adapter-node's handler; fast-paths.ts registers it at start.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Viewer } from './auth/access';
import { SESSION_COOKIE } from './auth/session-cookie';
import { encodedBody, keptBodyHeaders, matchesEtag, negotiateEncoding } from './http';
import { LayerView } from './layer-view';
import type { Services } from './services';

/** Where server/index.js looks for it (the entry runs unbundled beside the build: a global is the bridge). */
export const FAST_PATH = Symbol.for('lageskartan.fast-path');

/** true: answered; false: SvelteKit answers; a promise of either when the session had to be asked for first. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * The viewer of a session for a fast path: at once from the sessions checked in the last second
 * when the accounts' caches need no asking (SQLite), else after AccountStore.fresh() and the
 * session check (PostgreSQL, or a session not seen for a second). `then` gets null for no viewer.
 */
export function fastViewer<T>(services: Services, token: string, then: (viewer: Viewer | null) => T): T | Promise<T> {
	const { accounts } = services;
	const known = accounts.freshWithoutAsking ? accounts.recentViewer(token) : undefined;
	if (known) return then(known.viewer);
	// An ended session is handed on as it is: the hook ends it and says why (idle, absolute, disabled).
	return accounts
		.fresh()
		.then(() => accounts.sessionViewer(token, { keepEnded: true }))
		.then(({ viewer }) => then(viewer));
}

export const LAYER_CONTENT_TYPE = 'application/geo+json; charset=utf-8';

/** `/api/layers/{id}` with an id as the catalogue writes them (nothing to decode); a query is ignored, as by the endpoint. */
const LAYER_PATH = /^\/api\/layers\/([A-Za-z0-9_-]+)(?:\?.*)?$/;

/** The one value of the session cookie, or null (none, several, or not decodable: SvelteKit decides). */
export function sessionToken(cookieHeader: string | undefined): string | null {
	if (!cookieHeader) return null;
	let found: string | null = null;
	for (const part of cookieHeader.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
		if (found !== null) return null;
		let value = part.slice(eq + 1).trim();
		if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
		try {
			found = decodeURIComponent(value);
		} catch {
			return null;
		}
	}
	return found || null;
}

/**
 * Answers the request and returns true, or returns false without touching `res` (SvelteKit then
 * answers). `origin` is the app's ORIGIN (adapter-node's setting): without it the answer's
 * headers could differ from SvelteKit's (Strict-Transport-Security), so nothing is answered here.
 */
export function answerLayerRead(services: Services, origin: string | undefined, req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
	if (req.method !== 'GET' || !origin) return false;
	const match = LAYER_PATH.exec(req.url ?? '');
	if (!match) return false;
	const headers = req.headers;
	if (headers.authorization !== undefined || headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0) return false;
	const token = sessionToken(headers.cookie);
	if (!token) return false;
	const id = match[1]!;
	const serve = () => fastViewer(services, token, (viewer) => viewer !== null && serveLayer(services, origin, viewer, token, id, req, res));
	if (services.database.dialect === 'sqlite') return serve(); // the copy is always current: this process's writes keep it so
	// PostgreSQL: the layers' copy made current first (another instance may have written), as the
	// hook does. Whatever fails here (the database not answering) is left to SvelteKit, which
	// answers it as every request's (503).
	return services.layers
		.fresh()
		.then(serve)
		.catch(() => false);
}

function serveLayer(services: Services, origin: string, viewer: Viewer, token: string, id: string, req: IncomingMessage, res: ServerResponse): boolean {
	const headers = req.headers;
	const view = new LayerView(services.layers, services.accounts, viewer);
	if (!view.sees(id)) return false;
	const layer = view.served(id);
	// A read to log: the endpoint logs it (guard.ts auditBulkRead), with the client's address as configured.
	if (layer.visibleTo !== null && !services.bulkReads.seen(token, id, 'geojson')) return false;

	const answer = keptBodyHeaders(layer.etag, LAYER_CONTENT_TYPE);
	if (new URL(origin).protocol === 'https:') answer['strict-transport-security'] = 'max-age=31536000';
	const ifNoneMatch = headers['if-none-match'];
	if (matchesEtag(typeof ifNoneMatch === 'string' ? ifNoneMatch : null, layer.etag)) {
		res.writeHead(304, answer);
		res.end();
		return true;
	}
	const acceptEncoding = headers['accept-encoding'];
	const encoding = negotiateEncoding(typeof acceptEncoding === 'string' ? acceptEncoding : null);
	const bytes = encodedBody(layer.json, layer.etag, encoding);
	if (encoding !== 'identity') answer['content-encoding'] = encoding;
	answer['content-length'] = String(bytes.byteLength);
	res.writeHead(200, answer);
	res.end(bytes);
	return true;
}

