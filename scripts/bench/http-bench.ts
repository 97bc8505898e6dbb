/**
 * Part 1: the layer endpoint against the same bytes served as a static file by the same server.
 *
 * adapter-node serves build/client/ through sirv, which lists the folder once at start-up, so the
 * copies must be written before `node build` starts; the caller removes them again.
 */
import autocannon from 'autocannon';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { BUILD_DIR, rawGet, ROOT, withSession, type RawResponse } from './processes';
import { median } from './stats';

/** Under build/client/, so sirv serves it at /__bench/. Staff data: must not outlive the bench. */
export const STATIC_DIR = join(ROOT, BUILD_DIR, 'client/__bench');

export const ENCODINGS = ['identity', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** Compressed with the settings of src/lib/server/http.ts, so both sides send the same bytes. */
export function compressLikeTheApp(body: Buffer): { gzip: Buffer; br: Buffer } {
	return {
		gzip: gzipSync(body, { level: 9 }),
		br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
	};
}

/** Every layer's body as the API sends it uncompressed, by id. */
export async function fetchLayers(appUrl: string): Promise<Map<string, Buffer>> {
	const list = await rawGet(`${appUrl}/api/layers`);
	const { layers } = JSON.parse(list.body.toString()) as { layers: { id: string }[] };
	const bodies = new Map<string, Buffer>();
	for (const { id } of layers) {
		const res = await rawGet(`${appUrl}/api/layers/${id}`);
		if (res.status !== 200) throw new Error(`GET /api/layers/${id} answered ${res.status}`);
		bodies.set(id, res.body);
	}
	return bodies;
}

/** Writes <id>.json with .gz and .br copies (sirv serves those when the client accepts them). */
export function writeStaticCopies(layers: Map<string, Buffer>, ids: readonly string[]): void {
	mkdirSync(STATIC_DIR, { recursive: true });
	for (const id of ids) {
		const body = layers.get(id)!;
		const { gzip, br } = compressLikeTheApp(body);
		writeFileSync(join(STATIC_DIR, `${id}.json`), body);
		writeFileSync(join(STATIC_DIR, `${id}.json.gz`), gzip);
		writeFileSync(join(STATIC_DIR, `${id}.json.br`), br);
	}
}

export function removeStaticCopies(): void {
	rmSync(STATIC_DIR, { recursive: true, force: true });
}

export interface Run {
	rps: number;
	p50: number;
	p99: number;
}
export interface Side extends Run {
	path: string;
	/** Body bytes on the wire (compressed when the encoding is gzip). */
	bytes: number;
	runs: Run[];
}
export interface HttpCase {
	layer: string;
	encoding: Encoding;
	endpoint: Side;
	static: Side;
}

export interface HttpOptions {
	connections: number;
	/** Seconds per measured run. */
	duration: number;
	/** Endpoint and static runs each, alternating. */
	rounds: number;
	/** Seconds of unrecorded load per side first (JIT, the endpoint's compression cache). */
	warmup: number;
}

const headersFor = (encoding: Encoding): Record<string, string> =>
	encoding === 'gzip' ? { 'accept-encoding': 'gzip' } : {};

/** Fails unless both sides answer 200 with the expected encoding and the same content. */
function checkResponse(what: string, res: RawResponse, encoding: Encoding, expected: Buffer): void {
	if (res.status !== 200) throw new Error(`${what}: status ${res.status}`);
	const sent = res.headers['content-encoding'] ?? 'identity';
	if (sent !== encoding) throw new Error(`${what}: content-encoding ${sent}, expected ${encoding}`);
	const body = encoding === 'gzip' ? gunzipSync(res.body) : res.body;
	if (!body.equals(expected)) throw new Error(`${what}: body differs from the layer's bytes`);
}

/** Nearest-rank percentile of unsorted values. */
function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function load(url: string, encoding: Encoding, options: HttpOptions, duration: number): Promise<Run> {
	// autocannon's own latency histogram has 1 ms resolution, too coarse for ~1–3 ms responses;
	// its 'response' event carries the exact time, so percentiles are taken from those.
	const latencies: number[] = [];
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{ url, connections: options.connections, duration, headers: withSession(url, headersFor(encoding)) },
			(err: unknown, res) => (err ? reject(err) : resolve(res))
		);
		// v9 emits (client, status, bytes, ms) while @types says (status, bytes, ms): take the last.
		instance.on('response', (...args: unknown[]) => latencies.push(args.at(-1) as number));
	});
	if (result.errors || result.timeouts || result.non2xx) {
		throw new Error(
			`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`
		);
	}
	return {
		rps: result.requests.total / result.duration,
		p50: percentile(latencies, 50),
		p99: percentile(latencies, 99)
	};
}

const summarise = (path: string, bytes: number, runs: Run[]): Side => ({
	path,
	bytes,
	rps: median(runs.map((r) => r.rps)),
	p50: median(runs.map((r) => r.p50)),
	p99: median(runs.map((r) => r.p99)),
	runs
});

export async function benchLayerEndpoint(
	appUrl: string,
	layers: Map<string, Buffer>,
	ids: readonly string[],
	options: HttpOptions,
	log: (line: string) => void
): Promise<HttpCase[]> {
	const cases: HttpCase[] = [];
	for (const layer of ids) {
		for (const encoding of ENCODINGS) {
			const paths = { endpoint: `/api/layers/${layer}`, static: `/__bench/${layer}.json` };
			const [endpointRes, staticRes] = await Promise.all([
				rawGet(appUrl + paths.endpoint, headersFor(encoding)),
				rawGet(appUrl + paths.static, headersFor(encoding))
			]);
			checkResponse(paths.endpoint, endpointRes, encoding, layers.get(layer)!);
			checkResponse(paths.static, staticRes, encoding, layers.get(layer)!);

			log(`  ${layer} (${encoding}): warm-up, then ${options.rounds} × endpoint/static`);
			await load(appUrl + paths.endpoint, encoding, options, options.warmup);
			await load(appUrl + paths.static, encoding, options, options.warmup);
			const runs = { endpoint: [] as Run[], static: [] as Run[] };
			for (let round = 0; round < options.rounds; round++) {
				runs.endpoint.push(await load(appUrl + paths.endpoint, encoding, options, options.duration));
				runs.static.push(await load(appUrl + paths.static, encoding, options, options.duration));
			}
			cases.push({
				layer,
				encoding,
				endpoint: summarise(paths.endpoint, endpointRes.body.length, runs.endpoint),
				static: summarise(paths.static, staticRes.body.length, runs.static)
			});
		}
	}
	return cases;
}
