import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startCluster } from './cluster';
import { serveDatabases } from './global-setup';
import { startPgServer } from './server';

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
const accepts = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = connect(port, '127.0.0.1');
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});

/** Whether the process runs (a zombie waiting for init to reap it has stopped). */
const alive = (pid: number) => {
	try {
		return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] !== 'Z';
	} catch {
		return false;
	}
};

describe('the throwaway PostgreSQL cluster', () => {
	it('starts PostgreSQL 15 with PostGIS on 127.0.0.1, and asks for its password, and stop() leaves no server and no directory', async () => {
		const cluster = await startCluster();
		const pid = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
		try {
			expect(cluster.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${cluster.port}/postgres$`));
			const client = new pg.Client(cluster.urlFor('postgres'));
			await client.connect();
			await client.query('CREATE DATABASE probe');
			await client.end();
			const probe = new pg.Client(cluster.urlFor('probe'));
			await probe.connect();
			const { rows } = await probe.query("SELECT current_setting('server_version_num')::int AS version, postgis_lib_version() AS postgis, ST_AsText(ST_GeomFromGeoJSON('{\"type\":\"Point\",\"coordinates\":[17.9,59.4]}')) AS point");
			await probe.end();
			expect(rows[0].version).toBeGreaterThanOrEqual(150000);
			expect(rows[0].version).toBeLessThan(160000);
			expect(rows[0].postgis).toMatch(/^3\./);
			expect(rows[0].point).toBe('POINT(17.9 59.4)');
			expect(alive(pid)).toBe(true);
			// LAGESKARTA_TEST_DATABASE_URL: the tests use that server, make their databases there and drop them.
			const given = await startPgServer({ LAGESKARTA_TEST_DATABASE_URL: cluster.url });
			expect(given.cluster).toBeNull();
			const made = new pg.Client(await given.database());
			await made.connect();
			expect((await made.query('SELECT postgis_lib_version() AS v')).rows[0].v).toMatch(/^3\./);
			await made.end();
			await given.stop();
			const admin = new pg.Client(cluster.url);
			await admin.connect();
			expect((await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'lageskarta_test_%'")).rows).toEqual([]);
			await admin.end();
			// The run's one server (global-setup.ts, here on the given server): a database for whoever
			// knows the endpoint's token, and stop() drops them and closes the endpoint.
			const served = await serveDatabases({ LAGESKARTA_TEST_DATABASE_URL: cluster.url });
			const post = (url: string) => fetch(url, { method: 'POST' });
			expect((await post(served.endpoint.replace(/[^/]+\/$/, 'fel/') + 'database')).status).toBe(404);
			expect((await fetch(served.endpoint + 'database')).status).toBe(404);
			expect((await post(served.endpoint + 'ready')).status).toBe(200);
			const first = await (await post(served.endpoint + 'database')).text();
			const second = await (await post(served.endpoint + 'database')).text();
			expect(first).not.toBe(second);
			const servedDb = new pg.Client(first);
			await servedDb.connect();
			expect((await servedDb.query('SELECT postgis_lib_version() AS v')).rows[0].v).toMatch(/^3\./);
			await servedDb.end();
			await served.stop();
			await expect(post(served.endpoint + 'database')).rejects.toThrow();
			const admin2 = new pg.Client(cluster.url);
			await admin2.connect();
			expect((await admin2.query("SELECT datname FROM pg_database WHERE datname LIKE 'lageskarta_test_%'")).rows).toEqual([]);
			await admin2.end();
			// Password authentication: a wrong password is refused (another local user cannot get in).
			const wrong = new pg.Client(cluster.url.replace(/:[^:@/]+@/, ':fel@'));
			await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
		} finally {
			await cluster.stop();
		}
		expect(existsSync(cluster.dir)).toBe(false);
		expect(await accepts(cluster.port)).toBe(false);
		expect(alive(pid)).toBe(false);
		await cluster.stop(); // a second stop is harmless
	}, 60_000);

	it('stop({ removeLater: true }) stops the server at once and leaves the directory to a detached rm -rf (the end of a Vitest run)', async () => {
		const cluster = await startCluster({ postgis: false });
		const pid = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
		await cluster.stop({ removeLater: true });
		expect(alive(pid)).toBe(false);
		expect(await accepts(cluster.port)).toBe(false);
		// Renamed before stop() returns, so the name is free; the rm that outlives the caller removes the rest.
		expect(existsSync(cluster.dir)).toBe(false);
		await expect.poll(() => existsSync(`${cluster.dir}-removing`), { timeout: 30_000 }).toBe(false);
	}, 60_000);

	it('names the Debian packages when PostgreSQL is missing', async () => {
		await expect(startCluster({ binDir: '/nonexistent/postgresql/15/bin' })).rejects.toThrow(/initdb finns inte\. Installera Debians paket postgresql-15 postgresql-15-postgis-3/);
	});

	it("passes the server's reason to the test file that asked for a database", async () => {
		const served = await serveDatabases({ LAGESKARTA_TEST_DATABASE_URL: 'postgres://postgres:x@127.0.0.1:1/postgres' });
		try {
			const res = await fetch(served.endpoint + 'database', { method: 'POST' });
			expect(res.status).toBe(500);
			expect(await res.text()).toMatch(/ECONNREFUSED/);
		} finally {
			await served.stop();
		}
	});
});
