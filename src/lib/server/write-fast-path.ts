/**
 * Adding and changing a feature (POST /api/layers/{id}/features, PUT …/features/{fid}) answered
 * straight on Node's request when nothing about it is unusual – the edits ten editors make at once
 * (issue 14: edits from 10 writers ≥ 0.5× a bare insert loop). SvelteKit's request and response
 * conversion, its hooks and the body's web streams were most of such a write's time; the decisions
 * here are the same code as the endpoints' (feature-writes.ts: role, layer and object checks,
 * body schema, the change with its audit row in one group-committed `write`; http.ts: JSON body
 * and error answers), and the answer has the endpoint's status, body and headers.
 *
 * What is not plainly such a write falls through to SvelteKit before any byte is read, and the
 * hooks and the endpoint answer as before: no, several or an ended session (401), a bearer token,
 * another Origin (403), a role or layer or object refused (403/404, with its audit row), a body
 * without Content-Length or over the limits, not JSON (415), proxy headers the hook should warn
 * about, ids that need decoding. Once the body is read the answer is given here, errors included
 * (400, 404, 409 as `answer()` maps them; anything else a logged 500, as SvelteKit does).
 *
 * Registered with the layer fast path by fast-paths.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasRole, type Viewer } from './auth/access';
import { errorResponse, JSON_TYPE, parseJsonBody, readFailure } from './http';
import { checkedFeatureWrite, FEATURE_WRITES, type WriteEvent } from './feature-writes';
import { fastViewer, sessionToken } from './layer-fast-path';
import { LayerView } from './layer-view';
import type { Services } from './services';
import { WRITE_MAX_BYTES } from './write-request';

const CREATE_PATH = /^\/api\/layers\/([A-Za-z0-9_-]+)\/features$/;
const UPDATE_PATH = /^\/api\/layers\/([A-Za-z0-9_-]+)\/features\/([A-Za-z0-9_-]+)$/;

/** Headers a proxy adds: the hook warns once when ADDRESS_HEADER is unset (proxy-warning.ts), so such requests go there. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** adapter-node's BODY_SIZE_LIMIT as it reads it ("512K", "25M", a number of bytes; 512K unset). */
export function bodySizeLimit(value = '512K'): number {
	const multiplier = ({ K: 1024, M: 1024 * 1024, G: 1024 * 1024 * 1024 } as Record<string, number>)[value.at(-1)?.toUpperCase() ?? ''] ?? 1;
	return Number(multiplier !== 1 ? value.slice(0, -1) : value) * multiplier;
}

/** The client's address as adapter-node's getClientAddress gives it, or null where that would throw. */
export function clientAddressOf(req: IncomingMessage, env: Record<string, string | undefined>): string | null {
	const header = (env.ADDRESS_HEADER ?? '').toLowerCase();
	if (!header) return req.socket.remoteAddress ?? null;
	const value = req.headers[header];
	if (typeof value !== 'string') return null;
	if (header !== 'x-forwarded-for') return value;
	const depth = Number.parseInt(env.XFF_DEPTH ?? '1', 10);
	const addresses = value.split(',');
	if (!(depth >= 1) || depth > addresses.length) return null;
	return addresses[addresses.length - depth]!.trim();
}

export interface WriteFastPathOptions {
	/** The app's ORIGIN (adapter-node's setting); without it nothing is answered here. */
	origin: string | undefined;
	env?: Record<string, string | undefined>;
}

/**
 * Answers the request (the answer may come later: the body is still to be read) and returns true,
 * or returns false without reading or writing anything (SvelteKit then answers).
 */
export function answerFeatureWrite(services: Services, { origin, env = process.env }: WriteFastPathOptions, req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean> {
	// PostgreSQL: the checks read the layers' copy, made current by a query first: the endpoint answers (layer-fast-path.ts).
	if ((req.method !== 'POST' && req.method !== 'PUT') || !origin || services.database.dialect !== 'sqlite') return false;
	const path = req.url ?? '';
	const created = req.method === 'POST' ? CREATE_PATH.exec(path) : null;
	const updated = req.method === 'PUT' ? UPDATE_PATH.exec(path) : null;
	if (!created && !updated) return false;
	const headers = req.headers;
	const app = new URL(origin);
	if (headers.origin !== app.origin) return false;
	if (headers.authorization !== undefined || headers['transfer-encoding'] !== undefined) return false;
	if (!env.ADDRESS_HEADER && PROXY_HEADERS.some((name) => headers[name] !== undefined)) return false;
	const length = Number(headers['content-length']);
	if (!Number.isInteger(length) || length <= 0 || length > Math.min(WRITE_MAX_BYTES, bodySizeLimit(env.BODY_SIZE_LIMIT))) return false;
	if (!JSON_TYPE.test(headers['content-type'] ?? '')) return false;
	const address = clientAddressOf(req, env);
	if (address === null) return false;
	const token = sessionToken(headers.cookie);
	if (!token) return false;
	return fastViewer(services, token, (viewer) => {
		if (!viewer || !hasRole(viewer, 'redaktör')) return false;
		return startWrite(services, viewer, address, app, created, updated, req, res);
	});
}

function startWrite(services: Services, viewer: Viewer, address: string, app: URL, created: RegExpExecArray | null, updated: RegExpExecArray | null, req: IncomingMessage, res: ServerResponse): boolean {
	const view = new LayerView(services.layers, services.accounts, viewer);
	const event: WriteEvent = { locals: { viewer, token: null }, getClientAddress: () => address };
	const https = app.protocol === 'https:';
	let change: (body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;
	try {
		change = created
			? checkedFeatureWrite(view, event, FEATURE_WRITES.create, { id: created[1]! })
			: checkedFeatureWrite(view, event, FEATURE_WRITES.update, { id: updated![1]!, fid: updated![2]! });
	} catch {
		// Refused or unknown: the endpoint says so, with the same checks (and nothing was read).
		return false;
	}
	run(req, res, https, change).catch((err: unknown) => {
		console.error(`${req.method} ${req.url}:`, err);
		if (!res.headersSent) res.writeHead(500).end();
	});
	return true;
}

/** The body as sent (its length is Content-Length: Node's parser holds it to that). */
function readBody(req: IncomingMessage): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', (err) => reject(readFailure(err, WRITE_MAX_BYTES)));
		req.on('close', () => {
			if (!req.complete) reject(readFailure(new Error('aborted'), WRITE_MAX_BYTES));
		});
	});
}

async function run(
	req: IncomingMessage,
	res: ServerResponse,
	https: boolean,
	change: (body: unknown) => Promise<{ status: number; body: Record<string, unknown> }>
): Promise<void> {
	const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'private, no-store' };
	if (https) headers['strict-transport-security'] = 'max-age=31536000';
	let status: number;
	let bytes: Buffer;
	try {
		const answer = await change(parseJsonBody(await readBody(req)));
		status = answer.status;
		bytes = Buffer.from(JSON.stringify(answer.body));
	} catch (err) {
		const response = errorResponse(err);
		if (response) {
			status = response.status;
			bytes = Buffer.from(await response.arrayBuffer());
		} else {
			// As SvelteKit answers an endpoint's unexpected error.
			console.error(`${req.method} ${req.url}:`, err);
			status = 500;
			bytes = Buffer.from(JSON.stringify({ message: 'Internal Error' }));
		}
	}
	if (res.headersSent || res.destroyed) return;
	headers['content-length'] = String(bytes.byteLength);
	res.writeHead(status, headers);
	res.end(bytes);
}

