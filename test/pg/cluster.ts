/**
 * A throwaway PostgreSQL 15 + PostGIS cluster for tests, CI and the PostGIS benchmark: initdb in
 * a fresh temporary directory, pg_ctl start on 127.0.0.1 on a free port (its socket in the same
 * directory), `CREATE EXTENSION postgis` in template1 (so every database made on it has PostGIS),
 * and stop(), which stops the server and removes the directory.
 *
 * The server refuses to run as root: when we are root (CI, this machine) the directory is given
 * to the `postgres` user (made by Debian's postgresql-common) and initdb, pg_ctl and the server
 * run as that user. Otherwise they run as whoever we are. Password authentication (scram) with a
 * random password, so another local user cannot connect to it while it runs.
 *
 * Programs from LAGESKARTA_PG_BIN, default /usr/lib/postgresql/15/bin (Debian's postgresql-15;
 * PostGIS is postgresql-15-postgis-3: `npm test` installs both when it runs as root).
 *
 * Durability is switched off (fsync, synchronous_commit, full_page_writes): the cluster lives
 * for one test run. A cluster a crashed run left is stopped by the process's exit hook; only a
 * killed test process (SIGKILL) can leave one behind.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const PG_PACKAGES = 'postgresql-15 postgresql-15-postgis-3';

export interface PgCluster {
	/** postgres://postgres:…@127.0.0.1:PORT/postgres: the superuser on the maintenance database. */
	url: string;
	port: number;
	dir: string;
	/** A URL for `database` on this cluster (the same user and password). */
	urlFor(database: string): string;
	/**
	 * Stops the server (fast shutdown: open sessions are ended) and keeps its directory, for a test
	 * of what the app does while its database is down; `resume()` starts it again on the same port.
	 */
	halt(): Promise<void>;
	resume(): Promise<void>;
	/**
	 * Stops the server (fast shutdown) and removes its directory. Safe to call twice. With
	 * `{ removeLater: true }` the directory is renamed and removed by a detached `rm -rf` that outlives
	 * the caller: a test run's cluster holds tens of thousands of files (every database is ~400), and
	 * removing them one by one held Vitest's exit 10–100 s after the last test (docs/testing.md "Tid").
	 */
	stop(options?: { removeLater?: boolean }): Promise<void>;
}

export function pgBinDir(env: Record<string, string | undefined> = process.env): string {
	return env.LAGESKARTA_PG_BIN || '/usr/lib/postgresql/15/bin';
}

/** The uid and gid of the `postgres` user, from /etc/passwd. */
function postgresUser(): { uid: number; gid: number } {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error(`Användaren postgres saknas (den kommer med Debians paket ${PG_PACKAGES}; PostgreSQL vägrar köra som root).`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * Removes `dir` in a detached `rm -rf` (the caller need not wait), after renaming it so its name is
 * free at once and a half-removed directory is recognisable (…-removing). Falls back to removing it
 * here when either fails.
 */
function removeLater(dir: string): void {
	const doomed = `${dir}-removing`;
	try {
		renameSync(dir, doomed);
		const rm = spawn('rm', ['-rf', doomed], { detached: true, stdio: 'ignore' });
		rm.on('error', () => rmSync(doomed, { recursive: true, force: true }));
		rm.unref();
	} catch {
		rmSync(existsSync(doomed) ? doomed : dir, { recursive: true, force: true });
	}
}

const running = new Set<() => void>();
let exitHook = false;

/** Starts a cluster; throws with the Debian packages to install when PostgreSQL or PostGIS is missing. */
export async function startCluster(options: { binDir?: string; postgis?: boolean } = {}): Promise<PgCluster> {
	const bin = options.binDir ?? pgBinDir();
	for (const program of ['initdb', 'pg_ctl', 'postgres']) {
		if (!existsSync(join(bin, program))) {
			throw new Error(`PostgreSQL 15 saknas: ${join(bin, program)} finns inte. Installera Debians paket ${PG_PACKAGES} (sudo apt-get install ${PG_PACKAGES}; \`npm test\` gör det själv som root), eller sätt LAGESKARTA_TEST_DATABASE_URL till en PostgreSQL-server med PostGIS.`);
		}
	}
	const root = process.getuid?.() === 0;
	const user = root ? postgresUser() : null;
	// As root, in /tmp: the postgres user must reach the directory (TMPDIR may be under /root).
	const dir = mkdtempSync(join(root && existsSync('/tmp') ? '/tmp' : tmpdir(), 'lageskarta-pg-'));
	const data = join(dir, 'data');
	const password = randomBytes(18).toString('base64url');
	writeFileSync(join(dir, 'pwfile'), password + '\n', { mode: 0o600 });
	if (user) {
		chownSync(dir, user.uid, user.gid);
		chownSync(join(dir, 'pwfile'), user.uid, user.gid);
	}
	const as = { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C.UTF-8', TZ: 'UTC' }, ...(user ?? {}) };
	const pgCtl = (...args: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...args], as);

	let started = false;
	const stopNow = () => {
		// The exit hook: synchronous, the process is ending.
		if (started) {
			try {
				const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
				if (pid > 0) process.kill(pid, 'SIGQUIT'); // immediate shutdown
			} catch {
				/* already stopped */
			}
		}
		rmSync(dir, { recursive: true, force: true });
	};
	running.add(stopNow);
	if (!exitHook) {
		exitHook = true;
		process.once('exit', () => running.forEach((stop) => stop()));
	}

	try {
		await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`, '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions'], as);
		let port = 0;
		const settings = () => [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=50', '-c shared_buffers=32MB'].join(' ');
		const start = () => pgCtl('-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings(), 'start');
		for (let attempt = 1; ; attempt++) {
			port = await freePort();
			try {
				await start();
				started = true;
				break;
			} catch (err) {
				// Another process took the port between freePort and the server's bind: try another.
				const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
				if (attempt < 3 && /could not bind|Address already in use/.test(log)) continue;
				throw new Error(`PostgreSQL startade inte: ${(err as Error).message}\n${log.slice(-2000)}`);
			}
		}
		const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
		if (options.postgis !== false) {
			const client = new pg.Client({ connectionString: urlFor('template1') });
			await client.connect();
			try {
				await client.query('CREATE EXTENSION postgis');
			} catch (err) {
				throw new Error(`PostGIS saknas i PostgreSQL 15 (${(err as Error).message}). Installera Debians paket postgresql-15-postgis-3 (sudo apt-get install ${PG_PACKAGES}).`);
			} finally {
				await client.end();
			}
		}
		let stopped = false;
		return {
			url: urlFor('postgres'),
			port,
			dir,
			urlFor,
			async halt() {
				await pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
				started = false;
			},
			async resume() {
				await start();
				started = true;
			},
			async stop(options = {}) {
				if (stopped) return;
				stopped = true;
				running.delete(stopNow);
				try {
					if (started) await pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
				} finally {
					if (options.removeLater) removeLater(dir);
					else rmSync(dir, { recursive: true, force: true });
				}
			}
		};
	} catch (err) {
		running.delete(stopNow);
		if (started) await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
		rmSync(dir, { recursive: true, force: true });
		throw err;
	}
}
