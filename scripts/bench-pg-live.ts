/**
 * `npx tsx scripts/bench-pg-live.ts` (part of `npm run bench`): the live updates' change bus on
 * PostgreSQL, write → delivery. Two buses on two pools (two instances of the app on one
 * database) and a writer on its own connection. Each of COMMITS changes is one history row
 * written and committed (its trigger adds the change row and NOTIFYs); the time runs from the
 * write being sent to the change being handed to a bus's subscribers: commit, NOTIFY, the bus's
 * read of the rows after its last seq. One write at a time (the next after both buses have the
 * previous), then from WRITERS connections at once, each writing its share back to back (the
 * triggers' advisory lock makes them take turns; a bus reads several changes at once).
 * Writes bench-results/pg-live.json.
 *
 * The server is a throwaway cluster (test/pg/cluster.ts: fsync off), or LAGESKARTA_TEST_DATABASE_URL's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { openPool } from '../src/lib/server/db/pg/connection';
import { migratePostgres } from '../src/lib/server/db/pg/migrate';
import { PgChangeBus } from '../src/lib/server/live/pg-change-bus';
import { startPgServer } from '../test/pg/server';
import { table } from './bench/stats';

const COMMITS = 500;
const WRITERS = 10;

const percentile = (values: readonly number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

async function main() {
	const started = performance.now();
	const server = await startPgServer();
	const url = await server.database();
	const pools = [openPool(url, { max: 2 }), openPool(url, { max: 2 })];
	const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: openPool(url, { max: 1 }) }) });
	await migratePostgres(db);
	await db.destroy();
	const buses = await Promise.all(pools.map((pool) => PgChangeBus.open(pool, url)));
	const writer = new pg.Client({ connectionString: url });
	await writer.connect();
	/** The time each bus handed on each object id. */
	const arrived = buses.map(() => new Map<string, number>());
	const waiting = new Map<string, () => void>();
	buses.forEach((bus, i) =>
		bus.subscribe((changes) => {
			const now = performance.now();
			for (const change of changes) {
				arrived[i]!.set(change.id, now);
				if (arrived.every((m) => m.has(change.id))) waiting.get(change.id)?.();
			}
		})
	);
	const writers = await Promise.all(
		Array.from({ length: WRITERS }, async () => {
			const client = new pg.Client({ connectionString: url });
			await client.connect();
			return client;
		})
	);
	const write = (client: pg.ClientBase, id: string) =>
		client.query(`INSERT INTO report_history (kind, object_id, version, action, at, by, changed) VALUES ('report', $1, 1, 'create', $2, 'bench', '[]')`, [id, new Date().toISOString()]);
	try {
		const results: Record<string, { p50: number; p99: number; max: number }> = {};
		for (const mode of ['one at a time', `${WRITERS} writers at once`] as const) {
			const sent = new Map<string, number>();
			const all: Promise<void>[] = [];
			const one = async (id: string, client: pg.ClientBase) => {
				const done = new Promise<void>((resolve) => waiting.set(id, resolve));
				all.push(done);
				sent.set(id, performance.now());
				await write(client, id);
				return done;
			};
			if (mode === 'one at a time') for (let i = 0; i < COMMITS; i++) await one(`s${i}`, writer);
			else {
				// Each writer on its own connection writes its share back to back, not waiting for the delivery.
				await Promise.all(
					writers.map(async (client, w) => {
						for (let i = w; i < COMMITS; i += WRITERS) await one(`c${i}`, client);
					})
				);
			}
			await Promise.all(all);
			const ms = arrived.flatMap((m) => [...sent].map(([id, at]) => m.get(id)! - at));
			results[mode] = { p50: percentile(ms, 50), p99: percentile(ms, 99), max: Math.max(...ms) };
		}
		console.log(`\nWrite → delivery on two PgChangeBus instances, ${COMMITS} commits each way (ms):\n`);
		console.log(table(['mode', 'p50', 'p99', 'max'], Object.entries(results).map(([mode, r]) => [mode, r.p50.toFixed(2), r.p99.toFixed(2), r.max.toFixed(2)])));
		const dir = join(process.cwd(), 'bench-results');
		mkdirSync(dir, { recursive: true });
		const file = join(dir, 'pg-live.json');
		const cpu = cpus();
		writeFileSync(
			file,
			`${JSON.stringify(
				{
					date: new Date().toISOString(),
					environment: { node: process.version, cpus: cpu.length, model: cpu[0]?.model, postgres: (await writer.query('SELECT version() AS v')).rows[0].v },
					settings: { commits: COMMITS, writers: WRITERS, buses: buses.length },
					latencyMs: results,
					totalSeconds: (performance.now() - started) / 1000
				},
				null,
				'\t'
			)}\n`
		);
		console.log(`Wrote ${file}`);
	} finally {
		await writer.end();
		for (const client of writers) await client.end();
		for (const bus of buses) await bus.closed();
		for (const pool of pools) await pool.end();
		await server.stop();
	}
}

await main();
