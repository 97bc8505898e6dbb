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
import pg from 'pg';
import { startCluster, type PgCluster } from '../pg/cluster';
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

/** Which database a worker's own server runs on: the project says (playwright.config.ts). */
export type E2eDatabase = 'sqlite' | 'postgres';

/**
 * A fresh PostgreSQL database on a throwaway cluster (test/pg/cluster.ts) for a server of its own;
 * stop() removes the cluster.
 */
export async function freshPostgres(): Promise<{ url: string; cluster: PgCluster }> {
	const cluster = await startCluster();
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	try {
		await admin.query('CREATE DATABASE lageskarta');
	} finally {
		await admin.end();
	}
	return { url: cluster.urlFor('lageskarta'), cluster };
}

export const testWithOwnServer = shared.extend<object, { ownServer: string; database: E2eDatabase }>({
	database: ['sqlite', { option: true, scope: 'worker' }],
	ownServer: [
		async ({ database }, use) => {
			// The 'postgres' project: the same tests against the app on PostgreSQL (its own cluster per worker).
			const postgres = database === 'postgres' ? await freshPostgres() : null;
			try {
				const server = await startServer(postgres ? { LAGESKARTA_DATABASE_URL: postgres.url } : {});
				try {
					await use(server.origin);
				} finally {
					// Stopped before its database, so it does not report the database gone; not waited for long.
					await Promise.race([server.kill('SIGTERM'), new Promise((resolve) => setTimeout(resolve, 5_000))]);
				}
			} finally {
				await postgres?.cluster.stop();
			}
		},
		{ scope: 'worker', timeout: 120_000 }
	],
	baseURL: async ({ ownServer }, use) => use(ownServer)
});
