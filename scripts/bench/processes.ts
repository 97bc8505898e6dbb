/**
 * Child processes and clean-up for the bench: the app server (`node build`) on 127.0.0.1, and a
 * registry of things to undo however the bench ends (error, Ctrl-C), so no server is left running
 * and no staff data is left in a public folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The build to measure: BUILD_DIR as in svelte.config.js (side-by-side builds). */
export const BUILD_DIR = process.env.BUILD_DIR ?? 'build';

const children = new Set<ChildProcess>();
const cleanups = new Set<() => void>();

/** Runs `fn` (synchronously) when the process exits, unless the returned function is called first. */
export function onExit(fn: () => void): () => void {
	cleanups.add(fn);
	return () => cleanups.delete(fn);
}

process.on('exit', () => {
	for (const child of children) child.kill('SIGKILL');
	for (const fn of cleanups) {
		try {
			fn();
		} catch (err) {
			console.error('clean-up failed:', err);
		}
	}
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	// process.exit runs the 'exit' handler above; without this a signal would skip it.
	process.on(signal, () => {
		console.error(`\n${signal}: stopping the bench`);
		process.exit(130);
	});
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	await new Promise((r) => server.close(r));
	return port;
}

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: Buffer;
}

/** GET without any decoding (fetch would gunzip), so compressed bodies can be compared as sent. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
	return new Promise((resolvePromise, reject) => {
		const req = request(url, { headers: withSession(url, headers), agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end();
	});
}

export interface AppServer {
	url: string;
	stop(): Promise<void>;
}

/** The bench logs in as the demo admin: every /api request needs a session since issue 5. */
const BENCH_PASSWORD = 'bench-lösenord-för-demokonton';
const sessions = new Map<string, string>();

/** The session cookie (`name=value`) of the app server at this URL's origin, if the bench started it. */
export function sessionCookieFor(url: string): string | undefined {
	return sessions.get(new URL(url).origin);
}

/** `headers` plus the session cookie for the app's origin. */
export function withSession(url: string, headers: Record<string, string> = {}): Record<string, string> {
	const cookie = sessionCookieFor(url);
	return cookie ? { ...headers, cookie } : headers;
}

async function logIn(url: string): Promise<void> {
	const res = await fetch(`${url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: url },
		body: JSON.stringify({ username: 'demo-admin', password: BENCH_PASSWORD })
	});
	const cookie = res.headers.get('set-cookie')?.split(';')[0];
	if (!res.ok || !cookie) throw new Error(`bench login failed: ${res.status} ${await res.text()}`);
	sessions.set(url, cookie);
}

/** Starts `node build` on a free 127.0.0.1 port and waits until the layer API answers. */
export async function startApp(dataDir?: string, extraEnv: Record<string, string> = {}): Promise<AppServer> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [BUILD_DIR], {
		cwd: ROOT,
		// A fresh store per server, seeded like a first start; never the user's ./data.
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			BODY_SIZE_LIMIT: '25M',
			LAGESKARTA_DEMO: '1',
			LAGESKARTA_DEMO_PASSWORD: BENCH_PASSWORD,
			LAGESKARTA_DATA_DIR: dataDir ?? mkdtempSync(resolve(tmpdir(), 'lageskarta-bench-')),
			// LAGESKARTA_DATABASE_URL: the app on PostgreSQL (bench-pg-app.ts)
			...extraEnv
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	children.add(child);
	let output = '';
	child.stdout!.on('data', (d) => (output += d));
	child.stderr!.on('data', (d) => (output += d));
	let stopping = false;
	const exited = new Promise<void>((r) =>
		child.once('exit', (code, signal) => {
			if (!stopping) console.error(`node build exited unexpectedly (${code ?? signal}):\n${output}`);
			r();
		})
	);

	const stop = async () => {
		stopping = true;
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			// adapter-node waits for open connections on SIGTERM; a bench server need not.
			const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
			await exited;
			clearTimeout(timer);
		}
		children.delete(child);
	};

	// A first start seeds the demo (on PostgreSQL under load: several seconds).
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`node build exited (${child.exitCode}):\n${output}`);
		try {
			const res = await rawGet(`${url}/basemap/jarva.pmtiles`, { range: 'bytes=0-15' });
			if (res.status < 300) {
				await logIn(url);
				return { url, stop };
			}
			await stop();
			throw new Error(`GET /api/layers answered ${res.status}: ${res.body.toString().slice(0, 500)}`);
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw err;
		}
		await sleep(100);
	}
	await stop();
	throw new Error(`node build did not answer within 60 s:\n${output}`);
}
