/**
 * `npx tsx scripts/bench-pg-app.ts` (part of `npm run bench`; needs a build): the app on
 * PostgreSQL against the app on SQLite, and two instances against one, in the same run.
 *
 *   1. The layer endpoint (GET /api/layers/<id> with a session, 10 connections): the app on
 *      PostgreSQL vs the app on SQLite. On PostgreSQL each request first asks the database whether
 *      a layer or an account changed on another instance; on SQLite (one process) it need not.
 *   2. 20 clients on one instance vs the same 20 split over two instances on one PostgreSQL
 *      database: reads (the layer endpoint) and writes (new features), each in its own run.
 *
 * Alternating rounds, medians; the ratios are the result (this 2-core machine runs the database,
 * the instances and the load generator at once, so two instances share the same two cores).
 * Writes bench-results/pg-app.json. The server is a throwaway cluster (test/pg/cluster.ts),
 * or LAGESKARTA_TEST_DATABASE_URL's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startPgServer } from '../test/pg/server';
import { ROOT, startApp, withSession, type AppServer } from './bench/processes';
import { median, ratio, table } from './bench/stats';

const LAYER = 'otrygga-platser';
const DURATION = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Run {
	rps: number;
	p50: number;
	p99: number;
}

const feature = JSON.stringify({
	feature: {
		type: 'Feature',
		properties: { name: 'Mätplats (exempel)', source: 'bench', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
		geometry: { type: 'Point', coordinates: [17.93, 59.41] }
	}
});

/** `connections` clients on each of `urls` at once, for DURATION s; the summed throughput. */
async function load(urls: readonly string[], connections: number, kind: 'read' | 'write', duration = DURATION): Promise<Run> {
	const results = await Promise.all(
		urls.map(
			(base) =>
				new Promise<autocannon.Result>((resolve, reject) => {
					const url = `${base}/api/layers/${LAYER}${kind === 'write' ? '/features' : ''}`;
					autocannon(
						kind === 'read'
							? { url, connections, duration, headers: withSession(url) }
							: { url, connections, duration, method: 'POST', body: feature, headers: withSession(url, { 'content-type': 'application/json', origin: base }) },
						(err: unknown, result) => (err ? reject(err) : resolve(result))
					);
				})
		)
	);
	for (const [i, result] of results.entries()) {
		if (result.errors || result.timeouts || result.non2xx) throw new Error(`${urls[i]} (${kind}): ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`);
	}
	return {
		rps: results.reduce((sum, r) => sum + r.requests.total / r.duration, 0),
		p50: median(results.map((r) => r.latency.p50)),
		p99: Math.max(...results.map((r) => r.latency.p99))
	};
}

/** Each side warmed, then ROUNDS alternating runs; medians. */
async function compare<K extends string>(sides: Record<K, () => Promise<Run>>, warm: Record<K, () => Promise<Run>>): Promise<Record<K, Run>> {
	const names = Object.keys(sides) as K[];
	for (const name of names) await warm[name]();
	const runs = new Map<K, Run[]>(names.map((name) => [name, []]));
	for (let round = 0; round < ROUNDS; round++) for (const name of names) runs.get(name)!.push(await sides[name]());
	const result = {} as Record<K, Run>;
	for (const [name, list] of runs) result[name] = { rps: median(list.map((r) => r.rps)), p50: median(list.map((r) => r.p50)), p99: median(list.map((r) => r.p99)) };
	return result;
}

async function main() {
	const server = await startPgServer();
	const url = await server.database();
	const apps: AppServer[] = [];
	try {
		const sqlite = await startApp();
		apps.push(sqlite);
		// One after the other: the first migrates and seeds the database, the second finds it done.
		const pgA = await startApp(undefined, { LAGESKARTA_DATABASE_URL: url });
		apps.push(pgA);
		const pgB = await startApp(undefined, { LAGESKARTA_DATABASE_URL: url });
		apps.push(pgB);

		console.log(`Part 1: the layer endpoint (${LAYER}), 10 connections, PostgreSQL vs SQLite`);
		const endpoint = await compare(
			{ sqlite: () => load([sqlite.url], 10, 'read'), postgres: () => load([pgA.url], 10, 'read') },
			{ sqlite: () => load([sqlite.url], 10, 'read', 1), postgres: () => load([pgA.url], 10, 'read', 1) }
		);
		console.log('Part 2: 20 clients, one instance vs two on one PostgreSQL database (reads, then writes)');
		const reads = await compare(
			{ one: () => load([pgA.url], 20, 'read'), two: () => load([pgA.url, pgB.url], 10, 'read') },
			{ one: () => load([pgA.url], 20, 'read', 1), two: () => load([pgA.url, pgB.url], 10, 'read', 1) }
		);
		const writes = await compare(
			{ one: () => load([pgA.url], 20, 'write'), two: () => load([pgA.url, pgB.url], 10, 'write') },
			{ one: () => load([pgA.url], 20, 'write', 1), two: () => load([pgA.url, pgB.url], 10, 'write', 1) }
		);

		const row = (what: string, run: Run) => [what, run.rps.toFixed(0), run.p50.toFixed(1), run.p99.toFixed(1)];
		console.log(
			table(
				['', 'req/s', 'p50 ms', 'p99 ms'],
				[
					row('layer endpoint, SQLite', endpoint.sqlite),
					row('layer endpoint, PostgreSQL', endpoint.postgres),
					row('reads, 20 clients, one instance', reads.one),
					row('reads, 20 clients, two instances', reads.two),
					row('writes, 20 clients, one instance', writes.one),
					row('writes, 20 clients, two instances', writes.two)
				]
			)
		);
		const ratios = {
			'layer endpoint PostgreSQL/SQLite (throughput)': ratio(endpoint.postgres.rps, endpoint.sqlite.rps),
			'reads two instances/one (throughput)': ratio(reads.two.rps, reads.one.rps),
			'writes two instances/one (throughput)': ratio(writes.two.rps, writes.one.rps)
		};
		for (const [what, value] of Object.entries(ratios)) console.log(`  ${what}: ${value}`);
		mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
		writeFileSync(join(ROOT, 'bench-results/pg-app.json'), JSON.stringify({ endpoint, reads, writes, ratios, duration: DURATION, rounds: ROUNDS }, null, 2));
	} finally {
		for (const app of apps) await app.stop();
		await server.stop();
	}
}

await main();
