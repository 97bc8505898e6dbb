/**
 * npm run bench (part 3): the store under write load, each against a baseline taken in the same run.
 *  1. Single-edit latency with 10 concurrent writers (POST a feature through the real server) against
 *     a bare better-sqlite3 insert loop with the same pragmas (WAL, synchronous=FULL) (five rounds
 *     each, alternating, medians), and against reading one feature through the same server with the
 *     same concurrency.
 *  2. Importing 10 000 features into the store (one transaction, with versions and history) against
 *     a bare INSERT loop of the same rows in one transaction (seven rounds, medians).
 *  4. Group commit: creates with their audit rows asked for ten at a time (as ten editors saving at
 *     once), through writeSoon (one COMMIT for the ten) against each in its own write (ten COMMITs).
 *  3. A change with its audit row in one transaction (as every endpoint writes since issue 14)
 *     against the same change with the audit row in a transaction of its own after it (as before):
 *     the write throughput before and after, in the same run.
 * Results in bench-results/store.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { AuditLog } from '../src/lib/server/auth/audit-log';
import { openDatabase, writeNow } from '../src/lib/server/db/database';
import { sqliteDatabase } from '../src/lib/server/db/app-database';
import { FeatureStore, type FeatureInput } from '../src/lib/server/db/feature-store';
import { ROOT, startApp, withSession } from './bench/processes';
import { median, ratio, table } from './bench/stats';

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const CONNECTIONS = 10;
const IMPORT_SIZE = 10_000;
const WRITE_ROUNDS = 5;

const place = (i: number) => ({
	type: 'Feature',
	properties: { name: `Bänk ${i}`, source: 'bench', precision: 'approximate', precisionMeters: 100, example: true, category: 'parking', district: 'Husby' },
	geometry: { type: 'Point', coordinates: [17.9 + (i % 1000) * 1e-5, 59.4 + Math.floor(i / 1000) * 1e-5] }
});

interface Load {
	requestsPerSecond: number;
	p50: number;
	p99: number;
	errors: number;
}

async function load(url: string, options: Partial<autocannon.Options>): Promise<Load> {
	const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
	return {
		requestsPerSecond: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors + result.non2xx
	};
}

/** Of an odd number of rounds, the one with the median throughput (its latencies with it), and every round's throughput. */
function medianRound<T>(rounds: readonly T[], perSecond: (round: T) => number): T & { rounds: number[] } {
	const middle = median(rounds.map(perSecond));
	return { ...rounds.find((r) => perSecond(r) === middle)!, rounds: rounds.map((r) => Math.round(perSecond(r))) };
}

/** Per-insert latency of a bare loop: one row, one autocommit transaction, fsync'd. */
function bareInsertLatency(count: number): { p50: number; p99: number; perSecond: number } {
	const dir = mkdtempSync(join(tmpdir(), 'lageskarta-bare-'));
	const db = new Database(join(dir, 'bare.sqlite'));
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, geometry TEXT, properties TEXT)');
	const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
	const times: number[] = [];
	const start = performance.now();
	for (let i = 0; i < count; i++) {
		const t0 = performance.now();
		const f = place(i);
		insert.run(`b-${i}`, JSON.stringify(f.geometry), JSON.stringify(f.properties));
		times.push(performance.now() - t0);
	}
	const elapsed = performance.now() - start;
	db.close();
	rmSync(dir, { recursive: true, force: true });
	times.sort((a, b) => a - b);
	return { p50: times[Math.floor(count / 2)]!, p99: times[Math.floor(count * 0.99)]!, perSecond: (count / elapsed) * 1000 };
}

/**
 * Seven rounds, the median of each: the bare loop's time follows the disk's fsync, which swings
 * from one round to the next on a shared machine. The order alternates, so neither side always
 * runs after the other's garbage.
 */
async function importTimes(): Promise<{ store: number; bare: number; storeRuns: number[]; bareRuns: number[] }> {
	const inputs: FeatureInput[] = Array.from({ length: IMPORT_SIZE }, (_, i) => {
		const f = place(i);
		return { geometry: f.geometry as FeatureInput['geometry'], properties: { ...f.properties, id: `imp-${i}` } };
	});
	const storeRuns: number[] = [];
	const bareRuns: number[] = [];
	for (let round = 0; round < 7; round++) {
		const dir = mkdtempSync(join(tmpdir(), 'lageskarta-import-'));
		const db = openDatabase(dir);
		const store = new FeatureStore(sqliteDatabase(db));
		await store.createLayer({ id: 'b', title: 'b', titleEn: 'b', kind: 'insecure-place', year: null, geometry: 'Point', source: 'b', precision: 'b', approximate: true, editable: true }, 'bench', 'sdf-jarva');
		const raw = new Database(join(dir, 'bare.sqlite'));
		raw.pragma('journal_mode = WAL');
		raw.pragma('synchronous = FULL');
		raw.exec('CREATE TABLE t (id TEXT PRIMARY KEY, geometry TEXT, properties TEXT)');
		const insert = raw.prepare('INSERT INTO t VALUES (?, ?, ?)');
		const bareImport = () => {
			const t0 = performance.now();
			raw.transaction(() => {
				for (const f of inputs) insert.run(f.properties.id, JSON.stringify(f.geometry), JSON.stringify(f.properties));
			}).immediate();
			bareRuns.push(performance.now() - t0);
		};
		if (round % 2 === 1) bareImport();
		const t0 = performance.now();
		await store.importFeatures('b', inputs, { replace: false }, 'bench');
		storeRuns.push(performance.now() - t0);
		if (round % 2 === 0) bareImport();
		raw.close();
		db.close();
		rmSync(dir, { recursive: true, force: true });
	}
	return { store: median(storeRuns), bare: median(bareRuns), storeRuns, bareRuns };
}

/** Creates per second through the store, with the audit row inside the change's transaction or after it. */
async function auditedWrites(count: number): Promise<{ together: number; apart: number }> {
	const rates = { together: [] as number[], apart: [] as number[] };
	for (let round = 0; round < 3; round++) {
		for (const mode of ['together', 'apart'] as const) {
			const dir = mkdtempSync(join(tmpdir(), 'lageskarta-audit-'));
			const db = openDatabase(dir);
			const database = sqliteDatabase(db);
			const store = new FeatureStore(database);
			const audit = new AuditLog(database);
			await store.createLayer({ id: 'b', title: 'b', titleEn: 'b', kind: 'insecure-place', year: null, geometry: 'Point', source: 'b', precision: 'b', approximate: true, editable: true }, 'bench', 'sdf-jarva');
			const t0 = performance.now();
			for (let i = 0; i < count; i++) {
				const f = place(i);
				const input = { geometry: f.geometry as FeatureInput['geometry'], properties: { ...f.properties, id: `w-${i}` } };
				const record = () => audit.record({ action: 'feature-create', who: { username: 'bench' }, target: `b/w-${i}` });
				if (mode === 'together') {
					await database.write(async () => {
						await store.create('b', input, 'bench');
						await record();
					});
				} else {
					await store.create('b', input, 'bench');
					await database.write(record);
				}
			}
			rates[mode].push((count / (performance.now() - t0)) * 1000);
			db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}
	return { together: median(rates.together), apart: median(rates.apart) };
}

/** Creates (with audit rows) per second, ten asked for at once: grouped into one commit, or one commit each. */
async function groupedWrites(count: number): Promise<{ grouped: number; single: number; perCommit: number }> {
	const rates = { grouped: [] as number[], single: [] as number[] };
	let commits = 0;
	for (let round = 0; round < 3; round++) {
		for (const mode of ['grouped', 'single'] as const) {
			const dir = mkdtempSync(join(tmpdir(), 'lageskarta-group-'));
			const db = openDatabase(dir);
			const database = sqliteDatabase(db);
			const store = new FeatureStore(database);
			const audit = new AuditLog(database);
			await store.createLayer({ id: 'b', title: 'b', titleEn: 'b', kind: 'insecure-place', year: null, geometry: 'Point', source: 'b', precision: 'b', approximate: true, editable: true }, 'bench', 'sdf-jarva');
			const create = (i: number) => async () => {
				const f = place(i);
				await store.create('b', { geometry: f.geometry as FeatureInput['geometry'], properties: { ...f.properties, id: `g-${i}` } }, 'bench');
				void audit.record({ action: 'feature-create', who: { username: 'bench' }, target: `b/g-${i}` });
			};
			const t0 = performance.now();
			for (let i = 0; i < count; i += 10) {
				const ten = Array.from({ length: 10 }, (_, k) => create(i + k));
				if (mode === 'grouped') {
					await Promise.all(ten.map((work) => database.write(work)));
					commits++;
				} else for (const work of ten) await writeNow(db, work);
			}
			rates[mode].push((count / (performance.now() - t0)) * 1000);
			db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}
	return { grouped: median(rates.grouped), single: median(rates.single), perCommit: (count * 3) / commits };
}

const app = await startApp();
try {
	const createUrl = `${app.url}/api/layers/otrygga-platser/features`;
	const body = JSON.stringify({ feature: place(1) });
	const headers = withSession(app.url, { 'content-type': 'application/json', origin: app.url });
	const created = await (await fetch(createUrl, { method: 'POST', headers, body })).json();
	const readUrl = `${createUrl}/${created.feature.properties.id}`;

	// Five rounds of each, in alternating order, medians: the bare loop follows the shared disk's
	// fsync and the server the shared CPU, each swinging by half within minutes; one run of each made
	// the ratio swing with it, and with three one slow round of either side still set the median.
	const writeRounds: Load[] = [];
	const bareRounds: ReturnType<typeof bareInsertLatency>[] = [];
	for (let round = 0; round < WRITE_ROUNDS; round++) {
		if (round % 2 === 1) bareRounds.push(bareInsertLatency(2000));
		writeRounds.push(await load(createUrl, { method: 'POST', headers, body }));
		if (round % 2 === 0) bareRounds.push(bareInsertLatency(2000));
	}
	const writes = { ...medianRound(writeRounds, (r) => r.requestsPerSecond), errors: writeRounds.reduce((sum, r) => sum + r.errors, 0) };
	const bare = medianRound(bareRounds, (r) => r.perSecond);
	const reads = await load(readUrl, { headers: withSession(app.url) });
	const imports = await importTimes();
	const audited = await auditedWrites(1000);
	const grouped = await groupedWrites(1000);

	const rows = [
		['POST feature (10 writers)', writes.requestsPerSecond.toFixed(0), writes.p50.toFixed(2), writes.p99.toFixed(2), String(writes.errors)],
		['GET feature (10 readers)', reads.requestsPerSecond.toFixed(0), reads.p50.toFixed(2), reads.p99.toFixed(2), String(reads.errors)],
		['bare INSERT loop (1 writer)', bare.perSecond.toFixed(0), bare.p50.toFixed(2), bare.p99.toFixed(2), '0']
	];
	console.log('\nStore: single edits under 10 concurrent writers');
	console.log(table(['case', 'per s', 'p50 ms', 'p99 ms', 'errors'], rows));
	console.log(`edit/bare-insert throughput: ${ratio(writes.requestsPerSecond, bare.perSecond)} (medians of ${WRITE_ROUNDS} rounds each: POST ${writes.rounds.join(', ')}/s; bare ${bare.rounds.join(', ')}/s); edit/read throughput: ${ratio(writes.requestsPerSecond, reads.requestsPerSecond)}`);
	console.log(`\nImport of ${IMPORT_SIZE} features: store ${imports.store.toFixed(0)} ms, bare INSERT ${imports.bare.toFixed(0)} ms → ${ratio(imports.store, imports.bare)}`);
	console.log(
		`\nA change with its audit row (1 writer, 1000 creates): in one transaction ${audited.together.toFixed(0)}/s, audit row in its own transaction after (before issue 14) ${audited.apart.toFixed(0)}/s → ${ratio(audited.together, audited.apart)}`
	);
	console.log(
		`Group commit (10 changes asked for at once, 1000 creates with audit rows): one COMMIT per ten ${grouped.grouped.toFixed(0)}/s, one COMMIT each ${grouped.single.toFixed(0)}/s → ${ratio(grouped.grouped, grouped.single)}`
	);
	mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench-results/store.json'), JSON.stringify({ writes, reads, bare, imports, audited, grouped, connections: CONNECTIONS, duration: DURATION }, null, 2));
	if (writes.errors > 0) process.exitCode = 1;
} finally {
	await app.stop();
}
