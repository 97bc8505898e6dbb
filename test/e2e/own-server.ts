/**
 * A fixture for test files that write: they run against a server of their own with a fresh data
 * directory, started once per worker, so the shared server the read-only files use stays as seeded.
 * The writing files share that server (one worker), so their tests must not assume what another
 * writing test left: read counts before asserting on them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`the test's own server did not answer at ${url}`);
}

export const testWithOwnServer = shared.extend<object, { ownServer: string }>({
	ownServer: [
		async ({}, use) => {
			const port = await freePort();
			const origin = `http://127.0.0.1:${port}`;
			const child = spawn(process.execPath, ['build'], {
				env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin, LAGESKARTA_DATA_DIR: mkdtempSync(join(tmpdir(), 'lageskarta-own-')), BODY_SIZE_LIMIT: '25M' },
				stdio: ['ignore', 'ignore', 'inherit']
			});
			try {
				await waitForServer(`${origin}/api/layers`, child);
				await use(origin);
			} finally {
				child.kill();
			}
		},
		{ scope: 'worker' }
	],
	baseURL: async ({ ownServer }, use) => use(ownServer)
});

