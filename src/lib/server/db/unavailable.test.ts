/**
 * A database that cannot answer is a 503 with Retry-After, not a 500: PostgreSQL refusing
 * connections (down), ending a session mid-query (a restart: 57P01), and SQLite locked past its
 * busy timeout. Real servers and files; the errors are the drivers' own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { openKysely } from './pg/connection';
import { answer } from '../http';
import { databaseGone, NotFoundError, UnavailableError } from '../errors';
import { usePostgres } from '../../../../test/pg/use-postgres';

const postgres = usePostgres();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** What answer() makes of a handler that fails with `fail`'s error. */
async function answered(fail: () => Promise<unknown>) {
	const response = await answer(async () => {
		await fail();
		return new Response('ok');
	});
	return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { message: string } };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

describe('a database that cannot answer now', () => {
	it('PostgreSQL refusing connections is a 503 saying nothing was saved and to try again', async () => {
		const db = openKysely(`postgres://nobody:x@127.0.0.1:${await closedPort()}/none`, { connectionTimeoutMillis: 2000 });
		cleanups.push(() => db.destroy());
		const result = await answered(() => sql`SELECT 1`.execute(db));
		expect(result.status).toBe(503);
		expect(result.retryAfter).toBe('5');
		expect(result.body.message).toMatch(/Databasen svarar inte just nu.*Inget sparades.*Försök igen/);
	});

	it('a session PostgreSQL ends mid-query (a restart or an administrator) is a 503', async () => {
		const url = await postgres().database();
		const db = openKysely(url, { max: 1 });
		const admin = openKysely(url, { max: 1 });
		cleanups.push(() => db.destroy(), () => admin.destroy());
		const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db);
		const slow = answered(() => sql`SELECT pg_sleep(30)`.execute(db));
		await new Promise((resolve) => setTimeout(resolve, 200));
		await sql`SELECT pg_terminate_backend(${rows[0]!.pid})`.execute(admin);
		const result = await slow;
		expect(result.status).toBe(503);
		expect(result.body.message).toMatch(/Försök igen/);
	});

	it('SQLite locked by another writer past the busy timeout is a 503', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lageskarta-busy-'));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		const holder = new Database(join(dir, 'db.sqlite'));
		const other = new Database(join(dir, 'db.sqlite'), { timeout: 50 });
		cleanups.push(() => (other.close(), holder.close()));
		holder.pragma('journal_mode = WAL');
		holder.exec('CREATE TABLE t (x)');
		holder.exec('BEGIN IMMEDIATE');
		const result = await answered(async () => other.prepare('INSERT INTO t VALUES (1)').run());
		expect(result.status).toBe(503);
		holder.exec('ROLLBACK');
	});

	it('a text with a NUL, which PostgreSQL cannot store, is a 400 saying what to change; the write is rolled back', async () => {
		const { postgresDatabase } = await import('./app-database');
		const database = await postgresDatabase(await postgres().database(), { poolSize: 2 });
		cleanups.push(() => database.close());
		const write = database.write(async () => {
			await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES ('ny', 'Ny', 'annan', '2026-01-01')`.execute(database.query);
			await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES ('ny2', ${'Namn\u0000med nolltecken'}, 'annan', '2026-01-01')`.execute(database.query);
		});
		const result = await answered(() => write);
		expect(result.status).toBe(400);
		expect(result.body.message).toMatch(/nolltecken \(NUL\).*Ta bort det/);
		const { rows } = await sql<{ id: string }>`SELECT id FROM organisations WHERE id IN ('ny', 'ny2')`.execute(database.query);
		expect(rows).toEqual([]);
	});

	it('tells a gone database from a bug or a refusal: those keep their own answers', async () => {
		expect(databaseGone(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(false);
		expect(databaseGone(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }))).toBe(false);
		expect(databaseGone(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
		expect(databaseGone(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
		expect(databaseGone(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect((await answered(() => Promise.reject(new NotFoundError('Finns inte.')))).status).toBe(404);
		expect((await answered(() => Promise.reject(new UnavailableError()))).status).toBe(503);
		await expect(answer(() => Promise.reject(new TypeError('a bug')))).rejects.toThrow('a bug');
	});
});
