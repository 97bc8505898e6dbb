/**
 * npm run bench (OGC API – Features): the service a GIS client reads, against the app's own layer
 * endpoint in the same run.
 *  1. The same features (the insecure places) as `GET /ogc/collections/{id}/items` against
 *     `GET /api/layers/{id}` (whole layer, precomputed JSON with ETag), both with a session, 10
 *     connections; and the items endpoint with a personal access token (what QGIS sends), which
 *     also writes an audit row per request.
 *  2. 10 000 features paged by 1 000 (a GIS client's first load of a big layer): the ten pages
 *     followed by their next links, one after the other, in CRS84 and in EPSG:3006; against the whole
 *     layer from /api/layers/{id} once.
 * Results in bench-results/ogc.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/lib/server/db/database';
import { sqliteDatabase } from '../src/lib/server/db/app-database';
import { FeatureStore, type FeatureInput } from '../src/lib/server/db/feature-store';
import { ROOT, startApp, withSession } from './bench/processes';
import { median, ratio, table } from './bench/stats';

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const CONNECTIONS = 10;
const BIG = 10_000;
const PAGE = 1_000;
const SWEREF = 'http://www.opengis.net/def/crs/EPSG/0/3006';

interface Load {
	requestsPerSecond: number;
	p50: number;
	p99: number;
	errors: number;
}

async function load(url: string, headers: Record<string, string>): Promise<Load> {
	const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
	return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** A store seeded like a first start (by the app itself), plus a layer of 10 000 points (all partners see it). */
async function storeWithBigLayer(): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'lageskarta-bench-ogc-'));
	await (await startApp(dir)).stop();
	const db = openDatabase(dir);
	const store = new FeatureStore(sqliteDatabase(db));
	await store.createLayer({ id: 'bench-10000', title: 'Bench 10 000', titleEn: 'Bench', kind: 'insecure-place', year: 2023, geometry: 'Point', source: 'bench', precision: 'bench', approximate: true, editable: true }, 'bench', 'sdf-jarva');
	const inputs: FeatureInput[] = Array.from({ length: BIG }, (_, i) => ({
		geometry: { type: 'Point', coordinates: [17.85 + (i % 100) * 0.0012, 59.37 + Math.floor(i / 100) * 0.0007] },
		properties: { id: `b-${i}`, name: `Punkt ${i}`, source: 'bench', precision: 'approximate', precisionMeters: 100, example: true, category: 'parking', district: 'Husby' }
	}));
	await store.importFeatures('bench-10000', inputs, { replace: false }, 'bench');
	db.close();
	return dir;
}

/** Follows the next links from `first` to the end; the time (ms) and how many features came. */
async function pageThrough(first: string, headers: Record<string, string>): Promise<{ ms: number; features: number; pages: number }> {
	const t0 = performance.now();
	let next: string | undefined = first;
	let features = 0;
	let pages = 0;
	while (next) {
		const response: Response = await fetch(next, { headers });
		if (!response.ok) throw new Error(`${next}: ${response.status} ${await response.text()}`);
		const page = (await response.json()) as { features: unknown[]; links: { rel: string; href: string }[] };
		features += page.features.length;
		pages++;
		next = page.links.find((l) => l.rel === 'next')?.href;
	}
	return { ms: performance.now() - t0, features, pages };
}

async function timed(url: string, headers: Record<string, string>): Promise<number> {
	const t0 = performance.now();
	const response = await fetch(url, { headers });
	await response.arrayBuffer();
	if (!response.ok) throw new Error(`${url}: ${response.status}`);
	return performance.now() - t0;
}

const app = await startApp(await storeWithBigLayer());
try {
	const session = withSession(app.url);
	const made = await fetch(`${app.url}/api/tokens`, { method: 'POST', headers: withSession(app.url, { 'content-type': 'application/json', origin: app.url }), body: JSON.stringify({ name: 'bench' }) });
	const { token } = (await made.json()) as { token: string };
	const bearer = { authorization: `Bearer ${token}` };

	const layerUrl = `${app.url}/api/layers/otrygga-platser`;
	const itemsUrl = `${app.url}/ogc/collections/otrygga-platser/items?limit=1000`;
	// Warm both (first parse of the layer, first prepared features) before measuring.
	await timed(layerUrl, session);
	await timed(itemsUrl, session);
	const layer = await load(layerUrl, session);
	const items = await load(itemsUrl, session);
	const itemsToken = await load(itemsUrl, bearer);
	console.log('\nOGC API – Features: the insecure places (26 features), 10 connections');
	console.log(
		table(
			['case', 'per s', 'p50 ms', 'p99 ms', 'errors'],
			[
				['GET /api/layers/otrygga-platser (session)', layer.requestsPerSecond.toFixed(0), layer.p50.toFixed(2), layer.p99.toFixed(2), String(layer.errors)],
				['GET /ogc/…/items?limit=1000 (session)', items.requestsPerSecond.toFixed(0), items.p50.toFixed(2), items.p99.toFixed(2), String(items.errors)],
				['GET /ogc/…/items?limit=1000 (token, audited)', itemsToken.requestsPerSecond.toFixed(0), itemsToken.p50.toFixed(2), itemsToken.p99.toFixed(2), String(itemsToken.errors)]
			]
		)
	);
	console.log(`items/layer throughput: ${ratio(items.requestsPerSecond, layer.requestsPerSecond)}; with a token (audit row per request): ${ratio(itemsToken.requestsPerSecond, layer.requestsPerSecond)}`);

	// 10 000 features paged by 1 000: the first run prepares the layer (once per revision), then three measured runs each.
	const first = `${app.url}/ogc/collections/bench-10000/items?limit=${PAGE}`;
	await pageThrough(first, bearer);
	const runs = { crs84: [] as number[], sweref: [] as number[], whole: [] as number[] };
	let pages = 0;
	for (let round = 0; round < 3; round++) {
		const crs84 = await pageThrough(first, bearer);
		if (crs84.features !== BIG) throw new Error(`paged ${crs84.features} features, expected ${BIG}`);
		pages = crs84.pages;
		runs.crs84.push(crs84.ms);
		runs.sweref.push((await pageThrough(`${first}&crs=${encodeURIComponent(SWEREF)}`, bearer)).ms);
		runs.whole.push(await timed(`${app.url}/api/layers/bench-10000`, session));
	}
	const paged = { crs84: median(runs.crs84), sweref: median(runs.sweref), whole: median(runs.whole), pages };
	console.log(`\n${BIG} features paged by ${PAGE} (${pages} requests, token): CRS84 ${paged.crs84.toFixed(0)} ms, EPSG:3006 ${paged.sweref.toFixed(0)} ms; the whole layer from /api/layers in one request ${paged.whole.toFixed(0)} ms → paged/whole ${ratio(paged.crs84, paged.whole)}`);

	mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
	writeFileSync(join(ROOT, 'bench-results/ogc.json'), JSON.stringify({ layer, items, itemsToken, paged, connections: CONNECTIONS, duration: DURATION }, null, 2));
	if (layer.errors + items.errors + itemsToken.errors > 0) process.exitCode = 1;
} finally {
	await app.stop();
}
