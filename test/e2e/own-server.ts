/**
 * A fixture for test files that write: they run against a server of their own with a fresh data
 * directory, started once per worker, so the shared server the read-only files use stays as seeded.
 * The writing files a worker runs share that worker's server (with two workers, two such servers,
 * each file on one of them), so their tests must not assume what another writing test left: read
 * counts before asserting on them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverEnv } from './accounts';
import { test as shared } from './fixtures';

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

async function waitForServer(url: string, child: { exitCode: number | null }) {
	for (let i = 0; i < 200; i++) {
		if (child.exitCode !== null) throw new Error(`the test's own server exited with ${child.exitCode}`);
		try {
			// 401 is an answer too: the server is up (anonymous requests are refused).
			if ((await fetch(url)).status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the test's own server did not answer at ${url}`);
}

/**
 * Starts `node build` on a free port with a fresh data directory (and any extra environment).
 * With `captureLog`, what the server writes (stdout and stderr) is kept for `log()` instead of
 * going to the test's stderr.
 */
export async function startServer(
	extraEnv: Record<string, string> = {},
	{ captureLog = false } = {}
): Promise<{ origin: string; stop: () => void; kill: (signal: NodeJS.Signals) => Promise<void>; log: () => string }> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [process.env.BUILD_DIR ?? 'build'], {
		env: { ...process.env, ...serverEnv(origin, mkdtempSync(join(tmpdir(), 'lageskarta-own-'))), ...extraEnv },
		stdio: captureLog ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit']
	});
	let output = '';
	child.stdout?.on('data', (chunk) => (output += chunk));
	child.stderr?.on('data', (chunk) => (output += chunk));
	try {
		await waitForServer(`${origin}/api/layers`, child);
	} catch (err) {
		child.kill();
		throw err;
	}
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		origin,
		stop: () => child.kill(),
		// A signal of the test's choice (SIGKILL: the instance dies mid-request); resolves when it has exited.
		kill: async (signal) => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			await exited;
		},
		log: () => output
	};
}

/**
 * Starts `node build` with settings it should refuse; resolves with its exit code and what it
 * wrote to stderr once it has stopped by itself (or rejects if it is still up after 30 s).
 */
export async function refusedStart(extraEnv: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [process.env.BUILD_DIR ?? 'build'], {
		env: { ...process.env, ...serverEnv(origin, mkdtempSync(join(tmpdir(), 'lageskarta-own-'))), ...extraEnv },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			child.kill();
			reject(new Error(`the server started with ${JSON.stringify(extraEnv)} instead of refusing: ${stderr}`));
		}, 30_000);
		child.once('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stderr });
		});
	});
}

export const testWithOwnServer = shared.extend<object, { ownServer: string }>({
	ownServer: [
		async ({}, use) => {
			const server = await startServer();
			try {
				await use(server.origin);
			} finally {
				server.stop();
			}
		},
		{ scope: 'worker' }
	],
	baseURL: async ({ ownServer }, use) => use(ownServer)
});
