/**
 * npm run bench (live updates, issue 15): 200 live subscribers of `GET /api/events` (streams of
 * sessions of all nine demo accounts: district, police and property owners, each role), and a
 * police editor writing N features one after the other, alternating an insecure place (every
 * subscriber sees it) and a drug scene (property owners must not). Measured in the same run:
 *   - the write's own HTTP round trip (POST → 201): the baseline;
 *   - write → event: from sending the POST to a subscriber's stream delivering the event, for
 *     every subscriber that may see it; p50 and p99, in ms and as ratios to the baseline;
 *   - leaks: drug-scene events that reached a property owner's stream (must be 0).
 * Then the same on PostgreSQL with two instances: written on one, the subscribers on the other.
 * Results in bench-results/live.json and live-postgres.json. BENCH_LIVE_WRITES (default 60), BENCH_LIVE_SUBSCRIBERS (200).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startPgServer } from '../test/pg/server';
import { ROOT, startApp, type AppServer } from './bench/processes';
import { ratio, table } from './bench/stats';

const WRITES = Number(process.env.BENCH_LIVE_WRITES ?? 60);
const SUBSCRIBERS = Number(process.env.BENCH_LIVE_SUBSCRIBERS ?? 200);
const PASSWORD = 'bench-lösenord-för-demokonton';
const ACCOUNTS = ['demo-admin', 'demo-sdf-redaktor', 'demo-sdf-lasare', 'demo-polis-admin', 'demo-polis-redaktor', 'demo-polis-lasare', 'demo-fastighet-admin', 'demo-fastighet-redaktor', 'demo-fastighet-lasare'];

const percentile = (values: readonly number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
const ms = (n: number) => n.toFixed(1);

async function logIn(url: string, username: string): Promise<string> {
	const res = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ username, password: PASSWORD }) });
	const cookie = res.headers.get('set-cookie')?.split(';')[0];
	if (!res.ok || !cookie) throw new Error(`login as ${username} failed: ${res.status}`);
	return cookie;
}

interface Subscriber {
	username: string;
	seesScenes: boolean;
	/** feature id → when its event arrived */
	arrived: Map<string, number>;
	leaks: number;
	response: IncomingMessage;
}

function subscribe(url: string, username: string, cookie: string): Promise<Subscriber> {
	return new Promise((resolve, reject) => {
		const req = request(`${url}/api/events`, { headers: { cookie }, agent: false }, (response) => {
			if (response.statusCode !== 200) return reject(new Error(`stream for ${username}: ${response.statusCode}`));
			const subscriber: Subscriber = { username, seesScenes: !username.includes('fastighet'), arrived: new Map(), leaks: 0, response };
			let buffer = '';
			let ready = false;
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				const now = performance.now();
				buffer += chunk;
				let end: number;
				while ((end = buffer.indexOf('\n\n')) >= 0) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					if (block.includes('event: ready') && !ready) {
						ready = true;
						resolve(subscriber);
					}
					const data = block.split('\n').find((l) => l.startsWith('data: '));
					if (!block.includes('event: feature') || !data) continue;
					const event = JSON.parse(data.slice(6)) as { layer: string; id: string };
					subscriber.arrived.set(event.id, now);
					if (event.layer.startsWith('drogscener') && !subscriber.seesScenes) subscriber.leaks++;
				}
			});
		});
		req.on('error', reject);
		req.end();
	});
}

const place = (i: number) => ({
	type: 'Feature',
	properties: { name: `Bench-plats ${i}`, source: 'bench', precision: 'approximate', precisionMeters: 50, example: true, category: 'garage', district: 'Husby' },
	geometry: { type: 'Point', coordinates: [17.9 + (i % 50) * 0.001, 59.4 + Math.floor(i / 50) * 0.001] }
});
const scene = (i: number) => {
	const [lon, lat] = [17.9 + (i % 50) * 0.001, 59.39 + Math.floor(i / 50) * 0.001];
	return {
		type: 'Feature',
		properties: { name: `Bench-scen ${i}`, source: 'bench', precision: 'approximate', precisionMeters: 50, example: true, year: 2023, district: 'Husby', drawing: 'outline' },
		geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.0005, lat], [lon + 0.0005, lat + 0.0003], [lon, lat + 0.0003], [lon, lat]]] }
	};
};

/**
 * One measurement: the writer on `writeTo`, the subscribers on `listenOn` (the same app on SQLite;
 * two instances on one PostgreSQL database: every event crosses from one instance to the other).
 */
async function measure(label: string, writeTo: AppServer, listenOn: AppServer) {
	const app = listenOn;
	{
		const cookies = new Map<string, string>();
		for (const username of ACCOUNTS) cookies.set(username, await logIn(app.url, username));
		const writer = writeTo === listenOn ? cookies.get('demo-polis-redaktor')! : await logIn(writeTo.url, 'demo-polis-redaktor');
		const write = async (i: number) => {
			const isScene = i % 2 === 1;
			const layer = isScene ? 'drogscener-2023' : 'otrygga-platser';
			const sent = performance.now();
			const res = await fetch(`${writeTo.url}/api/layers/${layer}/features`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: writeTo.url, cookie: writer },
				body: JSON.stringify({ feature: isScene ? scene(i) : place(i) })
			});
			const body = (await res.json()) as { feature?: { properties: { id: string } }; message?: string };
			const answered = performance.now();
			if (res.status !== 201 || !body.feature) throw new Error(`write ${i}: ${res.status} ${body.message}`);
			return { isScene, sent, roundTrip: answered - sent, id: body.feature.properties.id };
		};
		// The same writes with nobody listening: what the fan-out costs the writer.
		const quiet: number[] = [];
		for (let i = 0; i < WRITES; i++) quiet.push((await write(WRITES + i)).roundTrip);
		const subscribers: Subscriber[] = [];
		for (let i = 0; i < SUBSCRIBERS; i++) {
			const username = ACCOUNTS[i % ACCOUNTS.length]!;
			subscribers.push(await subscribe(app.url, username, cookies.get(username)!));
		}
		const roundTrips: number[] = [];
		const latencies: number[] = [];
		let missing = 0;
		for (let i = 0; i < WRITES; i++) {
			const { isScene, sent, roundTrip, id } = await write(i);
			roundTrips.push(roundTrip);
			const expected = subscribers.filter((s) => !isScene || s.seesScenes);
			// Wait (bounded) until every subscriber that may see it has it.
			const deadline = performance.now() + 5_000;
			while (expected.some((s) => !s.arrived.has(id)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
			for (const s of expected) {
				const at = s.arrived.get(id);
				if (at === undefined) missing++;
				else latencies.push(at - sent);
			}
		}
		const leaks = subscribers.reduce((n, s) => n + s.leaks, 0);
		for (const s of subscribers) s.response.destroy();

		const rtt = { p50: percentile(roundTrips, 50), p99: percentile(roundTrips, 99) };
		const live = { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
		console.log(`\n${label} – live updates: ${SUBSCRIBERS} subscribers (${ACCOUNTS.length} accounts, 3 organisations), ${WRITES} writes (half drug scenes), ${latencies.length} deliveries\n`);
		console.log(
			table(
				['', 'p50 ms', 'p99 ms', 'p50 ratio', 'p99 ratio'],
				[
					['write round trip, nobody listening', ms(percentile(quiet, 50)), ms(percentile(quiet, 99)), ratio(percentile(quiet, 50), rtt.p50), ratio(percentile(quiet, 99), rtt.p99)],
					['write round trip (baseline)', ms(rtt.p50), ms(rtt.p99), '1.00×', '1.00×'],
					['write → event at subscriber', ms(live.p50), ms(live.p99), ratio(live.p50, rtt.p50), ratio(live.p99, rtt.p99)]
				]
			)
		);
		console.log(`\nMissing deliveries: ${missing}; drug-scene events at property owners: ${leaks}.`);
		mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
		writeFileSync(
			join(ROOT, `bench-results/live${writeTo === listenOn ? '' : '-postgres'}.json`),
			JSON.stringify({ label, subscribers: SUBSCRIBERS, writes: WRITES, deliveries: latencies.length, roundTripNobodyListeningMs: { p50: percentile(quiet, 50), p99: percentile(quiet, 99) }, roundTripMs: rtt, writeToEventMs: live, ratio: { p50: live.p50 / rtt.p50, p99: live.p99 / rtt.p99 }, missing, leaks }, null, 2)
		);
		if (missing > 0 || leaks > 0) process.exitCode = 1;
	}
}

async function main() {
	const app = await startApp();
	try {
		await measure('SQLite, one process', app, app);
	} finally {
		await app.stop();
	}
	// PostgreSQL: written on one instance, listened to on another (LISTEN/NOTIFY between them).
	const server = await startPgServer();
	const url = await server.database();
	const apps: AppServer[] = [];
	try {
		apps.push(await startApp(undefined, { LAGESKARTA_DATABASE_URL: url }));
		apps.push(await startApp(undefined, { LAGESKARTA_DATABASE_URL: url }));
		await measure('PostgreSQL, written on instance A, subscribers on instance B', apps[0]!, apps[1]!);
	} finally {
		for (const app of apps) await app.stop();
		await server.stop();
	}
}

await main();
