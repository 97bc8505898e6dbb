/**
 * Resident memory of the server while oversized chunked uploads arrive: four parallel 24 MB
 * photo uploads with no Content-Length (the limit is 5 MB), to show that the size is enforced
 * while the body streams in. Prints the server's RSS before, its peak during, and the time.
 *
 *   npm run build && npx tsx scripts/bench-uploads.ts            # the build in ./build
 *   BUILD_DIR=/tmp/other-build npx tsx scripts/bench-uploads.ts  # another build, for a before/after
 *
 * Traffic goes to 127.0.0.1 only; the script stops its server when done.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const UPLOADS = 4;
const BYTES = 24 * 1024 * 1024;
const PASSWORD = 'bench-lösenord-för-demokonton';

const freePort = () =>
	new Promise<number>((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});

/** Resident set size of a process in MB, from /proc (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function chunkedUpload(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('error', reject);
		const piece = Buffer.alloc(64 * 1024, 0x61);
		let written = 0;
		const write = () => {
			while (written < BYTES) {
				written += piece.length;
				if (!req.write(piece)) return req.once('drain', write);
			}
			req.end();
		};
		write();
	});
}

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, [process.env.BUILD_DIR ?? 'build'], {
	env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin, BODY_SIZE_LIMIT: '25M', LAGESKARTA_DEMO: '1', LAGESKARTA_DEMO_PASSWORD: PASSWORD, LAGESKARTA_DATA_DIR: mkdtempSync(join(tmpdir(), 'lageskarta-uploads-')) },
	stdio: 'ignore'
});
try {
	let session: Response | undefined;
	for (let i = 0; i < 200 && !session?.ok; i++) {
		await new Promise((r) => setTimeout(r, 100));
		session = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin }, body: JSON.stringify({ username: 'demo-sdf-redaktor', password: PASSWORD }) }).catch(() => undefined);
	}
	const cookie = session!.headers.get('set-cookie')!.split(';')[0]!;
	const headers = { cookie, origin, 'content-type': 'application/json' };
	const measure = await fetch(`${origin}/api/measures`, { method: 'POST', headers, body: JSON.stringify({ title: 'Mätning', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30', status: 'föreslagen' }) });
	const { measure: created } = (await measure.json()) as { measure: { id: string } };

	const before = rssMb(server.pid!);
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid!))), 10);
	const started = performance.now();
	const statuses = await Promise.all(
		Array.from({ length: UPLOADS }, () => chunkedUpload(`${origin}/api/measures/${created.id}/photos`, { ...headers, 'content-type': 'multipart/form-data; boundary=x' }))
	);
	const ms = performance.now() - started;
	clearInterval(sampler);
	console.log(`${UPLOADS} parallel chunked uploads of ${BYTES / 1048576} MB → ${statuses.join(', ')} in ${ms.toFixed(0)} ms`);
	console.log(`server RSS: ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at peak (+${(peak - before).toFixed(0)} MB)`);
} finally {
	server.kill('SIGKILL');
}
