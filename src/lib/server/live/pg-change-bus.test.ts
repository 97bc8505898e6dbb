/**
 * PgChangeBus on a real PostgreSQL 15 (a throwaway cluster, test/pg/use-postgres.ts): two buses on
 * two pools stand for two instances of the app on one database. Changes are written the way the
 * stores write them: a history row whose trigger adds the change row and NOTIFYs (pg migration 003).
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { usePostgres } from '../../../../test/pg/use-postgres';
import { openKysely, openPool } from '../db/pg/connection';
import { migratePostgres } from '../db/pg/migrate';
import { tempServices } from '../testing/temp-service';
import type { Change } from './change-bus';
import { CHANGES_KEPT } from '../db/migrations/015-changes';
import { LiveEvents } from './live-events';
import { LISTENER_NAME, PgChangeBus, type PgChangeBusOptions } from './pg-change-bus';

const postgres = usePostgres();

let url: string;
let admin: pg.Client;
const pools: pg.Pool[] = [];
const buses: PgChangeBus[] = [];

beforeEach(async () => {
	url = await postgres().database();
	const db = openKysely(url);
	await migratePostgres(db);
	await db.destroy();
	admin = new pg.Client({ connectionString: url });
	await admin.connect();
}, 60_000);
afterEach(async () => {
	for (const bus of buses.splice(0)) await bus.closed();
	for (const pool of pools.splice(0)) await pool.end();
	await admin.end();
});

/** One "instance": its own pool and its bus, with what the bus handed on. */
async function instance(name: string, options: PgChangeBusOptions = {}) {
	const pool = openPool(url, { max: 2 });
	pools.push(pool);
	const bus = await PgChangeBus.open(pool, { connectionString: url, application_name: `${LISTENER_NAME}-${name}` }, { pollMs: 0, ...options });
	buses.push(bus);
	const batches: Change[][] = [];
	bus.subscribe((changes) => batches.push([...changes]));
	return { bus, pool, batches, seqs: () => batches.flat().map((c) => c.seq) };
}

let n = 0;
/** Writes `count` changes (report history rows) in one transaction on `client`; returns nothing. */
async function change(client: pg.Client | pg.PoolClient, count = 1, { rollback = false } = {}) {
	await client.query('BEGIN');
	for (let i = 0; i < count; i++) {
		await client.query(`INSERT INTO report_history (kind, object_id, version, action, at, by, changed) VALUES ('report', $1, 1, 'create', '2026-12-03T06:00:00.000Z', 'test', '[]')`, [
			`r${++n}`
		]);
	}
	await client.query(rollback ? 'ROLLBACK' : 'COMMIT');
}

async function committedSeqs(): Promise<number[]> {
	const { rows } = await admin.query<{ seq: string }>('SELECT seq FROM changes ORDER BY seq');
	return rows.map((r) => Number(r.seq));
}

const listenerPid = async (name: string) =>
	(await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [`${LISTENER_NAME}-${name}`])).rows.map((r) => r.pid);

/** Makes the test's database refuse new connections (those open stay); returns the undo. */
async function refuseConnections(): Promise<() => Promise<void>> {
	const database = new URL(url).pathname.slice(1);
	const server = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
	await server.connect();
	await server.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
	return async () => {
		await server.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
		await server.end();
	};
}

describe('PgChangeBus', { timeout: 30_000 }, () => {
	it('hands every committed change to the buses of both instances, in seq order, once each, as the rows the triggers wrote', async () => {
		const a = await instance('a');
		const b = await instance('b');
		const writer = new pg.Client({ connectionString: url });
		await writer.connect();
		try {
			await change(writer, 3);
			await change(writer, 1);
			await change(writer, 5);
			const seqs = await committedSeqs();
			expect(seqs).toHaveLength(9);
			await vi.waitFor(() => expect(a.seqs()).toEqual(seqs), { timeout: 10_000 });
			await vi.waitFor(() => expect(b.seqs()).toEqual(seqs), { timeout: 10_000 });
			expect(a.batches.flat()[0]).toMatchObject({ kind: 'report', layer: null, parent: null, id: `r${n - 8}`, version: 1, action: 'create', at: '2026-12-03T06:00:00.000Z' });
			// What was handed on is what since() answers (the stream's resume), and latest() is the last of it.
			expect(a.bus.latest()).toBe(seqs.at(-1));
			expect(a.bus.since(seqs[2]!).map((c) => c.seq)).toEqual(seqs.slice(3));
			expect(b.bus.since(0, 2).map((c) => c.seq)).toEqual(seqs.slice(0, 2));
		} finally {
			await writer.end();
		}
	});

	it('delivers nothing of a rolled-back transaction', async () => {
		const a = await instance('a');
		await change(admin, 2, { rollback: true });
		await change(admin, 1);
		const seqs = await committedSeqs();
		expect(seqs).toHaveLength(1);
		await vi.waitFor(() => expect(a.seqs()).toEqual(seqs), { timeout: 10_000 });
		// The rolled-back changes took seqs 1 and 2: the committed one comes after a gap, alone.
		expect(seqs[0]).toBe(3);
		expect(a.batches).toHaveLength(1);
	});

	it('starts with the newest changes already in the table (for resume), without handing them on again', async () => {
		await change(admin, 5);
		const a = await instance('a', { keep: 3 });
		const seqs = await committedSeqs();
		expect(a.bus.latest()).toBe(seqs.at(-1));
		expect(a.bus.oldest()).toBe(seqs[2]);
		expect(a.bus.since(0).map((c) => c.seq)).toEqual(seqs.slice(2));
		await change(admin, 2);
		const after = await committedSeqs();
		await vi.waitFor(() => expect(a.seqs()).toEqual(after.slice(5)), { timeout: 10_000 });
		// The window keeps the newest `keep`.
		expect(a.bus.since(0).map((c) => c.seq)).toEqual(after.slice(4));
		expect(a.bus.oldest()).toBe(after[4]);
	});

	it('more changes at once than the table keeps (an import): subscribers are told to reload, not handed what is left after the hole', async () => {
		const a = await instance('a');
		const gaps: number[] = [];
		a.bus.subscribe(() => undefined, (seq) => gaps.push(seq));
		await change(admin, 2);
		await vi.waitFor(() => expect(a.seqs()).toHaveLength(2), { timeout: 10_000 });
		const before = a.bus.latest();
		// One transaction, CHANGES_KEPT + 10 history rows: the triggers prune the first ten changes before anyone reads.
		await admin.query(
			`INSERT INTO report_history (kind, object_id, version, action, at, by, changed)
			 SELECT 'report', 'bulk' || i, 1, 'create', '2026-12-03T06:00:00.000Z', 'test', '[]' FROM generate_series(1, ${CHANGES_KEPT + 10}) AS i`
		);
		const newest = (await committedSeqs()).at(-1)!;
		await vi.waitFor(() => expect(gaps).toEqual([newest]), { timeout: 20_000 });
		expect(a.seqs()).toHaveLength(2); // nothing of what was left after the hole
		// A browser resuming from before the hole gets a reset (LiveEvents: id below oldest() - 1).
		expect(a.bus.oldest() - 1).toBeGreaterThan(before);
		expect(a.bus.latest()).toBe(newest);
		await change(admin, 1);
		await vi.waitFor(() => expect(a.seqs()).toHaveLength(3), { timeout: 10_000 });
		expect(gaps).toHaveLength(1);
	});

	it('an empty table: latest() 0, oldest() 1, since() nothing', async () => {
		const a = await instance('a');
		expect([a.bus.latest(), a.bus.oldest(), a.bus.since(0)]).toEqual([0, 1, []]);
	});

	it('reconnects when its listening connection is killed, and delivers what was committed while it was down, once', async () => {
		const a = await instance('a', { backoffMs: 20, maxBackoffMs: 200 });
		const b = await instance('b');
		await change(admin, 1);
		await vi.waitFor(() => expect(a.seqs()).toHaveLength(1), { timeout: 10_000 });
		// The database refuses new connections while the changes are written: the bus cannot be
		// listening again before they commit, however fast it retries.
		const allow = await refuseConnections();
		try {
			const [pid] = await listenerPid('a');
			expect(pid).toBeDefined();
			await admin.query('SELECT pg_terminate_backend($1)', [pid]);
			await vi.waitFor(() => expect(a.bus.listening).toBe(false), { timeout: 10_000 });
			await change(admin, 2);
			await change(admin, 1);
			// The other instance's bus never lost its connection: it has them.
			await vi.waitFor(() => expect(b.seqs()).toHaveLength(4), { timeout: 10_000 });
			expect(a.seqs()).toHaveLength(1);
			expect(a.bus.connects).toBe(1);
		} finally {
			await allow();
		}
		const seqs = await committedSeqs();
		await vi.waitFor(() => expect(a.seqs()).toEqual(seqs), { timeout: 10_000 });
		expect(a.bus.connects).toBe(2);
		expect(a.bus.listening).toBe(true);
		expect(await listenerPid('a')).toHaveLength(1);
		// And it listens again: a change after the reconnect arrives by its notification.
		await change(admin, 1);
		const more = await committedSeqs();
		await vi.waitFor(() => expect(a.seqs()).toEqual(more), { timeout: 10_000 });
		// b is notified on its own connection: not necessarily before a.
		await vi.waitFor(() => expect(b.seqs()).toEqual(more), { timeout: 10_000 });
	});

	it('the poll picks up a change whose notification it missed', async () => {
		const a = await instance('a', { pollMs: 50, backoffMs: 60_000 });
		// Its listening connection is gone and will not be back soon: only the poll is left.
		await admin.query('SELECT pg_terminate_backend($1)', [(await listenerPid('a'))[0]]);
		await vi.waitFor(() => expect(a.bus.listening).toBe(false), { timeout: 10_000 });
		await change(admin, 2);
		const seqs = await committedSeqs();
		await vi.waitFor(() => expect(a.seqs()).toEqual(seqs), { timeout: 10_000 });
		expect(a.bus.connects).toBe(1);
	});

	it('close() leaves no connection of its own open, and hands nothing on after it', async () => {
		const a = await instance('a');
		const b = await instance('b');
		expect(await listenerPid('a')).toHaveLength(1);
		expect(await listenerPid('b')).toHaveLength(1);
		await a.bus.closed();
		b.bus.close();
		await change(admin, 1);
		const open = async () =>
			(await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE $1 AND datname = current_database()", [`${LISTENER_NAME}%`])).rows[0]!.n;
		await vi.waitFor(async () => expect(await open()).toBe(0), { timeout: 10_000 });
		// The pools are the callers': ended, the database has only the test's own connection.
		for (const pool of pools.splice(0)) await pool.end();
		await vi.waitFor(
			async () => expect((await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows[0]!.n).toBe(0),
			{ timeout: 10_000 }
		);
		expect(a.seqs()).toEqual([]);
		expect(b.seqs()).toEqual([]);
	});

	it('close() while it is reconnecting stops the retries', async () => {
		const a = await instance('a', { backoffMs: 1, maxBackoffMs: 5 });
		const allow = await refuseConnections();
		try {
			await admin.query('SELECT pg_terminate_backend($1)', [(await listenerPid('a'))[0]]);
			await vi.waitFor(() => expect(a.bus.listening).toBe(false), { timeout: 10_000 });
			await a.bus.closed();
		} finally {
			await allow();
		}
		// Connections are allowed again, but the closed bus makes none.
		await change(admin, 1);
		const b = await instance('b');
		expect(b.bus.latest()).toBe((await committedSeqs()).at(-1));
		expect(await listenerPid('a')).toEqual([]);
		expect(a.bus.connects).toBe(1);
		expect(a.bus.listening).toBe(false);
	});

	it('under the SSE stream: a browser resumes on the other instance from the id the first sent, and a property owner gets no drug scene', async () => {
		// The viewers and the layers' visibility come from a SQLite store, as the stream asks them
		// today; the changes come from PostgreSQL.
		const services = await tempServices();
		try {
			const a = await instance('a');
			const b = await instance('b');
			const sources = { database: services.database, accounts: services.accounts, measures: services.measures, viewerOf: (token: string) => services.accounts.liveViewer(token) };
			const session = async (organisationId: string) =>
				services.accounts.startSession((await services.accounts.createAccount({ username: `u${++n}`, displayName: 'Person', organisationId, role: 'läsare', passwordHash: 'x' })).id);
			const police = await session('polis-jarva');
			const owner = await session('fastighetsagare');
			const feature = (layer: string, id: string) =>
				admin.query(`INSERT INTO feature_history (layer_id, feature_id, version, action, at, by) VALUES ($1, $2, 1, 'create', '2026-12-03T06:00:00.000Z', 'test')`, [layer, id]);
			const liveA = new LiveEvents(a.bus, sources);
			const liveB = new LiveEvents(b.bus, sources);
			try {
				await feature('otrygga-platser', 'f1');
				await vi.waitFor(() => expect(a.seqs()).toHaveLength(1), { timeout: 10_000 });
				// The police's browser had seen f1 on instance A; then A went away and B took over.
				const first = a.bus.latest();
				await feature('drogscener-2023', 'scene');
				await feature('otrygga-platser', 'f2');
				await vi.waitFor(() => expect(b.seqs()).toHaveLength(3), { timeout: 10_000 });
				const text = async (stream: ReadableStream<Uint8Array>) => {
					const reader = stream.getReader();
					let all = '';
					while (!all.includes('event: ready')) all += new TextDecoder().decode((await reader.read()).value);
					await reader.cancel();
					return all;
				};
				const ids = (all: string) => [...all.matchAll(/"id":"(\w+)"/g)].map((m) => m[1]);
				expect(ids(await text(liveB.open(police, first)))).toEqual(['scene', 'f2']);
				expect(ids(await text(liveB.open(owner, first)))).toEqual(['f2']);
				expect(await text(liveB.open(owner, first))).not.toContain('drogscener');
			} finally {
				liveA.close();
				liveB.close();
			}
		} finally {
			services.close();
		}
	});
});
