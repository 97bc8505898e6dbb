/**
 * `npm run bench` (after `npm run build`): measures, each against a baseline in the same run,
 *   1. the layer endpoint against the same bytes as a static file from the same server, and
 *   2. the map page's time to idle against a bare MapLibre page drawing the same map (the same
 *      Protomaps-schema basemap, fonts and layers), over all of Järva and at z16 over Husby C,
 *   3. the embedded basemap archive's size (goal: at most 2 MB for Järva),
 * prints a table with ratios and writes bench-results/bench.json. Ratios, not absolute figures,
 * are the point: the machine (2 cores, software WebGL) makes absolute numbers meaningless.
 *
 * Environment overrides for quick tries: BENCH_DURATION (s per run), BENCH_ROUNDS, BENCH_PAGE_RUNS.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import {
	benchLayerEndpoint,
	fetchLayers,
	removeStaticCopies,
	writeStaticCopies,
	type HttpCase,
	type HttpOptions
} from './bench/http-bench';
import { benchPages, CHROMIUM, type PageResult, type ViewName } from './bench/page-bench';
import { readFileSync } from 'node:fs';
import { bytesToHeader } from 'pmtiles';
import { BUILD_DIR, onExit, ROOT, startApp, type AppServer } from './bench/processes';
import { ratio, table } from './bench/stats';
import { routeJavaScript, type RouteJavaScript } from './bench/route-javascript';

const HTTP: HttpOptions = {
	connections: 10,
	duration: Number(process.env.BENCH_DURATION ?? 3),
	rounds: Number(process.env.BENCH_ROUNDS ?? 3),
	warmup: 1
};
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
/** Always measured: the layer every page load with scenes fetches. The largest layer is added. */
const MAIN_LAYER = 'drogscener-2023';

const log = (line: string) => console.log(line);
const fixed = (n: number, digits = 0) => n.toFixed(digits);

function environment() {
	const cpu = cpus();
	return {
		node: process.version,
		platform: `${process.platform} ${process.arch}`,
		cpuCount: cpu.length,
		cpuModel: cpu[0]?.model ?? 'unknown',
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		// Other work on the machine skews both sides of a ratio less than absolute figures, but shows here.
		loadAverage1m: Number(loadavg()[0]!.toFixed(2))
	};
}

function preflight(): void {
	if (!existsSync(join(ROOT, BUILD_DIR, 'index.js'))) throw new Error('No build/: run `npm run build` first.');
	if (!existsSync(join(ROOT, BUILD_DIR, 'client/basemap/jarva.pmtiles'))) {
		throw new Error('build/client/basemap/jarva.pmtiles is missing: run `npm run geodata`, then build.');
	}
	if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (see STACK.md).`);
}

function printHttp(cases: HttpCase[]): string[] {
	log(`\nLayer endpoint vs static file (${HTTP.connections} connections, ${HTTP.duration} s × ${HTTP.rounds} rounds each, alternating; medians)`);
	const rows = cases.flatMap((c) =>
		(['endpoint', 'static'] as const).map((side) => [
			`${c.layer} ${c.encoding}`,
			side,
			String(c[side].bytes),
			fixed(c[side].rps),
			fixed(c[side].p50, 2),
			fixed(c[side].p99, 2)
		])
	);
	log(table(['layer / encoding', 'served as', 'bytes', 'req/s', 'p50 ms', 'p99 ms'], rows));
	return cases.map(
		(c) =>
			`endpoint/static throughput (${c.layer}, ${c.encoding}; goal ≥ 0.8×): ${ratio(c.endpoint.rps, c.static.rps)}${c.endpoint.rps >= 0.8 * c.static.rps ? '' : '  UNDER THE GOAL'}` +
			`  p50 latency: ${ratio(c.endpoint.p50, c.static.p50)}  p99 latency: ${ratio(c.endpoint.p99, c.static.p99)}`
	);
}

const BASEMAP_GOAL_BYTES = 2_000_000;

/** The embedded archive as built: size against the goal, tiles, zooms. */
function basemapSize() {
	const archive = readFileSync(join(ROOT, BUILD_DIR, 'client/basemap/jarva.pmtiles'));
	const header = bytesToHeader(archive.buffer.slice(archive.byteOffset, archive.byteOffset + 127) as ArrayBuffer);
	return { bytes: archive.length, goalBytes: BASEMAP_GOAL_BYTES, tiles: header.numAddressedTiles, minZoom: header.minZoom, maxZoom: header.maxZoom };
}

function printRouteJavaScript(js: RouteJavaScript): string[] {
	const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
	log(`\nMap route JavaScript, brotli (${js.chunks} chunks): app ${kb(js.appBytes)}, MapLibre ${kb(js.maplibreBytes)}, MapLibre's worker ${kb(js.workerBytes)}`);
	const withWorker = (js.appBytes + js.workerBytes) / (js.maplibreBytes + js.workerBytes);
	return [
		`map route JS/MapLibre's own, brotli, worker on both sides (goal ≤ 1.15×): ${ratio(js.appBytes + js.workerBytes, js.maplibreBytes + js.workerBytes)}${withWorker <= 1.15 ? '' : '  OVER THE GOAL'}` +
			`  (main thread only: ${ratio(js.appBytes, js.maplibreBytes)})`
	];
}

function printBasemap(size: ReturnType<typeof basemapSize>): string[] {
	log(`\nEmbedded basemap archive: ${size.bytes} bytes (${(size.bytes / 1e6).toFixed(2)} MB), ${size.tiles} tiles, z${size.minZoom}–${size.maxZoom}`);
	return [`basemap archive/goal (2 MB): ${ratio(size.bytes, size.goalBytes)}${size.bytes <= size.goalBytes ? '' : '  OVER THE GOAL'}`];
}

function printPages(result: PageResult, view: ViewName): string[] {
	log(`\nMap page time to idle, ${view} (Chromium ${result.chromium}, map ${result.mapSize.join('×')} px, fresh context per load, alternating; medians)`);
	const rows = (['app', 'bare'] as const).map((side) => [
		side === 'app' ? 'app page (all layers, 2021+2023)' : 'bare MapLibre page, same style',
		fixed(result[side].createdMs),
		fixed(result[side].ms),
		result[side].runs.map((r) => fixed(r.idle)).join(' ')
	]);
	log(table(['page', 'map created ms', 'idle ms', 'idle, each run'], rows));
	const rendered = (side: 'app' | 'bare') =>
		Object.entries(result[side].renderedFeatures)
			.map(([source, n]) => `${source} ${n}`)
			.join(', ');
	log(`rendered features, app:  ${rendered('app')}`);
	log(`rendered features, bare: ${rendered('bare')}`);
	return [
		`app/bare time to idle, ${view}: ${ratio(result.app.ms, result.bare.ms)}` +
			`  (map created: ${ratio(result.app.createdMs, result.bare.createdMs)})`
	];
}

async function main(): Promise<void> {
	preflight();
	const env = environment();
	log(`Environment: Node ${env.node}, ${env.platform}, ${env.cpuCount} × ${env.cpuModel}, ${env.memoryGiB} GiB, load average ${env.loadAverage1m}`);

	// A short-lived first server only to read the layers as the API sends them.
	log('Reading the layers from a first server run…');
	const first = await startApp();
	let layers: Map<string, Buffer>;
	try {
		layers = await fetchLayers(first.url);
	} finally {
		await first.stop();
	}
	if (!layers.has(MAIN_LAYER)) throw new Error(`The API has no layer ${MAIN_LAYER}.`);
	const largest = [...layers].sort((a, b) => b[1].length - a[1].length)[0]![0];
	const ids = [...new Set([MAIN_LAYER, largest])];

	// Staff data in build/client/ (public): removed in `finally`, and on any exit as well.
	const forget = onExit(removeStaticCopies);
	writeStaticCopies(layers, ids);
	let app: AppServer | undefined;
	let httpCases: HttpCase[];
	try {
		app = await startApp();
		log(`Part 1: layer endpoint vs static file (${ids.join(', ')})`);
		httpCases = await benchLayerEndpoint(app.url, layers, ids, HTTP, log);
	} catch (err) {
		await app?.stop();
		throw err;
	} finally {
		removeStaticCopies();
		forget();
	}

	const pages = {} as Record<ViewName, PageResult>;
	try {
		for (const view of ['overview', 'husby-z16'] as const) {
			log(`Part 2: map page vs bare MapLibre page, ${view}`);
			pages[view] = await benchPages(app.url, [...layers.keys()], PAGE_RUNS, log, view);
		}
	} finally {
		await app.stop();
	}
	const basemap = basemapSize();
	const javascript = routeJavaScript(ROOT);

	const ratios = [
		...printHttp(httpCases),
		...printPages(pages.overview, 'overview'),
		...printPages(pages['husby-z16'], 'husby-z16'),
		...printBasemap(basemap),
		...printRouteJavaScript(javascript)
	];
	log('\nRatios');
	for (const line of ratios) log(`  ${line}`);

	const dir = join(ROOT, 'bench-results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'bench.json');
	const results = {
		date: new Date().toISOString(),
		environment: env,
		settings: { http: HTTP, pageRuns: PAGE_RUNS },
		layerBytes: Object.fromEntries([...layers].map(([id, body]) => [id, body.length])),
		http: httpCases,
		pages,
		basemap,
		javascript,
		ratios
	};
	writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
	log(`\nWrote ${file}`);
}

main().then(
	() => process.exit(0),
	(err: unknown) => {
		console.error(`\nbench failed: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
);
