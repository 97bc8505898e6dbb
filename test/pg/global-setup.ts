/**
 * Vitest's globalSetup (vite.config.ts): one PostgreSQL server for the whole run instead of one
 * throwaway cluster per test file (each cost ~20 CPU-seconds: initdb and PostGIS in template1).
 *
 * The server (server.ts: a throwaway cluster, or LAGESKARTA_TEST_DATABASE_URL's) lives in Vitest's
 * main process and is started only when a test first asks for a database, so a run without the
 * PostgreSQL files starts none. The test files run in other processes (forks): they ask through a
 * small HTTP endpoint on 127.0.0.1 whose address and random token this setup `provide`s
 * (use-postgres.ts). Each ask makes a new empty database with PostGIS.
 *
 * Cleanup as before: teardown stops the cluster and removes its directory (or drops the databases
 * made on the given server); a crashed run's cluster is stopped by cluster.ts's exit hook in this
 * process; only a killed Vitest (SIGKILL) can leave one behind.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startPgServer, type PgServer } from './server';

declare module 'vitest' {
	export interface ProvidedContext {
		/**
		 * http://127.0.0.1:PORT/TOKEN/: POST …/ready starts the server if not yet started (answers when
		 * it is up), POST …/database makes a database and answers its URL (with a database URL as the
		 * body: a copy of that database, server.ts `template`).
		 */
		pgServer: string;
	}
}

/**
 * Serves databases on a random port and token (see above); the server behind them is started on
 * the first ask, from `env` (server.ts). stop() closes the endpoint and stops that server.
 */
export async function serveDatabases(env: Record<string, string | undefined> = process.env): Promise<{ endpoint: string; stop: () => Promise<void> }> {
	let server: Promise<PgServer> | undefined;
	const token = randomBytes(18).toString('base64url');
	const known = (url: string, action: string) => {
		const wanted = Buffer.from(`/${token}/${action}`);
		const given = Buffer.from(url);
		return given.length === wanted.length && timingSafeEqual(given, wanted);
	};
	const http = createServer((req, res) => {
		const url = req.url ?? '';
		const action = req.method !== 'POST' ? null : (['ready', 'database'] as const).find((name) => known(url, name));
		if (!action) {
			res.writeHead(404).end();
			return;
		}
		server ??= startPgServer(env);
		// The body, when there is one, names a database made here to copy (server.ts: template).
		const body = new Promise<string>((resolve, reject) => {
			let text = '';
			req.setEncoding('utf8');
			req.on('data', (chunk: string) => (text += chunk));
			req.on('end', () => resolve(text));
			req.on('error', reject);
		});
		Promise.all([server, body])
			.then(([s, template]) => (action === 'database' ? s.database(template ? { template } : {}) : ''))
			.then(
				(database) => res.writeHead(200, { 'content-type': 'text/plain' }).end(database),
				// The reason (e.g. which Debian packages to install) goes to the test that asked.
				(err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message)
			);
	});
	// No idle timeout on the server's side: the test files' fetch keeps a connection for the next ask
	// and closes it itself when idle. With Node's 5 s timeout, a connection the server closed just as a
	// fork sent its next ask failed that ask ("fetch failed: other side closed", seen under load in
	// throttle.test.ts's hooks). stop() closes whatever is open.
	http.keepAliveTimeout = 0;
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	return {
		endpoint: `http://127.0.0.1:${port}/${token}/`,
		async stop() {
			http.closeAllConnections();
			await new Promise((resolve) => http.close(resolve));
			const started = await server?.catch(() => undefined);
			await started?.stop();
		}
	};
}

export default async function setup(project: TestProject) {
	const { endpoint, stop } = await serveDatabases();
	project.provide('pgServer', endpoint);
	return stop;
}
