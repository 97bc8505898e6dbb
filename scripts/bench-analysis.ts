/**
 * `npx tsx scripts/bench-analysis.ts`: the spatial joins of src/lib/analysis on a synthetic scale
 * series, each indexed function against the obvious Turf N×M version in the same run. Prints a
 * table (ms, naive/indexed ratio, growth as the log–log slope between sizes) and writes
 * bench-results/analysis.json.
 *
 * Data is seeded (same numbers every run) and spread at constant density, so more scenes means a
 * larger city, not a more crowded one. A naive run whose estimate (its last measured time scaled
 * by the growth in pairs) passes NAIVE_LIMIT_MS is skipped and reported with the estimate.
 * Ratios and slopes are the point; absolute times depend on the machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { compareScenes } from '../src/lib/analysis/compare-scenes';
import { districtSummary } from '../src/lib/analysis/district-summary';
import { placesNearScenes } from '../src/lib/analysis/places-near-scenes';
import { naiveCompareScenes, naivePlacesNearScenes } from '../src/lib/analysis/testing/naive';
import { evolveScenes, syntheticDistricts, syntheticPlaces, syntheticScenes } from '../src/lib/analysis/testing/synthetic';
import { median, table } from './bench/stats';

const NAIVE_LIMIT_MS = Number(process.env['BENCH_NAIVE_LIMIT_MS'] ?? 10_000);
/** Repeat a case until this much time is spent (at most 5 runs), after one warm-up run. */
const MIN_TOTAL_MS = 300;

interface Size {
	scenes: number;
	places?: number;
}

interface Row {
	size: Size;
	/** What the naive version must examine: places × scenes, or scenes × scenes. */
	pairs: number;
	indexedMs: number;
	naiveMs: number | null;
	/** Set when the naive run was skipped: its estimated time. */
	naiveEstimateMs: number | null;
	/** naive / indexed, when both ran. */
	ratio: number | null;
	/** Log–log slope of the indexed time against the varied size, from the previous row. */
	indexedSlope: number | null;
	naiveSlope: number | null;
	/** Share of results where both versions agree (nearest scene, or status). */
	agreement: number | null;
}

interface Series {
	name: string;
	varies: keyof Size;
	rows: Row[];
}

/**
 * Wall time (ms) of `run`: one cold run, and if that took under a second, the median of up to
 * five more until MIN_TOTAL_MS is spent. Over a second, one run is precise enough and spares
 * the budget.
 */
function time<T>(run: () => T): { ms: number; value: T } {
	let start = performance.now();
	let value = run();
	const cold = performance.now() - start;
	if (cold > 1000) return { ms: cold, value };
	const times: number[] = [];
	while (times.length < 5 && (times.length === 0 || times.reduce((sum, t) => sum + t, 0) < MIN_TOTAL_MS)) {
		start = performance.now();
		value = run();
		times.push(performance.now() - start);
	}
	return { ms: median(times), value };
}

interface Case {
	size: Size;
	pairs: number;
	indexed: () => unknown;
	naive?: () => unknown;
	agreement?: (indexed: unknown, naive: unknown) => number;
}

function runSeries(name: string, varies: keyof Size, cases: Case[]): Series {
	const rows: Row[] = [];
	let lastNaive: { ms: number; pairs: number } | null = null;
	for (const c of cases) {
		const indexed = time(c.indexed);
		let naiveMs: number | null = null;
		let naiveEstimateMs: number | null = null;
		let agreement: number | null = null;
		if (c.naive) {
			const estimate = lastNaive ? (lastNaive.ms * c.pairs) / lastNaive.pairs : 0;
			if (estimate > NAIVE_LIMIT_MS) {
				naiveEstimateMs = estimate;
			} else {
				const naive = time(c.naive);
				naiveMs = naive.ms;
				lastNaive = { ms: naive.ms, pairs: c.pairs };
				agreement = c.agreement ? c.agreement(indexed.value, naive.value) : null;
			}
		}
		const previous = rows.at(-1);
		const slope = (a: number | null | undefined, b: number | null) =>
			previous && a && b ? Math.log(b / a) / Math.log(c.size[varies]! / previous.size[varies]!) : null;
		rows.push({
			size: c.size,
			pairs: c.pairs,
			indexedMs: indexed.ms,
			naiveMs,
			naiveEstimateMs,
			ratio: naiveMs === null ? null : naiveMs / indexed.ms,
			indexedSlope: slope(previous?.indexedMs, indexed.ms),
			naiveSlope: slope(previous?.naiveMs, naiveMs),
			agreement
		});
		print(name, rows.at(-1)!);
	}
	return { name, varies, rows };
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
const num = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
const sizeText = (s: Size) => `${num(s.scenes)} scenes${s.places === undefined ? '' : `, ${num(s.places)} places`}`;
const cells = (r: Row) => [
	sizeText(r.size),
	ms(r.indexedMs),
	r.naiveMs !== null ? ms(r.naiveMs) : r.naiveEstimateMs !== null ? `skipped (est. ${ms(r.naiveEstimateMs)})` : '–',
	r.ratio !== null ? `${r.ratio.toFixed(0)}×` : '–',
	r.indexedSlope !== null ? r.indexedSlope.toFixed(2) : '–',
	r.naiveSlope !== null ? r.naiveSlope.toFixed(2) : '–',
	r.agreement !== null ? `${(r.agreement * 100).toFixed(2)} %` : '–'
];
const HEADER = ['size', 'indexed', 'naive Turf N×M', 'ratio', 'slope idx', 'slope naive', 'agree'];
const print = (name: string, r: Row) => console.log(`  ${name}: ${cells(r).join(' | ')}`);

// --- the cases ---------------------------------------------------------------------------

const scenesCache = new Map<number, FeatureCollection<Polygon>>();
const scenes = (n: number) => {
	if (!scenesCache.has(n)) scenesCache.set(n, evolveScenes(syntheticScenes(n, 1000 + n), 2000 + n));
	return scenesCache.get(n)!;
};
const earlier = (n: number) => syntheticScenes(n, 1000 + n);

function nearestAgreement(indexed: unknown, naive: unknown): number {
	const a = (indexed as ReturnType<typeof placesNearScenes>).places;
	const b = naive as ReturnType<typeof naivePlacesNearScenes>;
	return a.filter((p, i) => p.nearest?.id === b[i]!.nearest).length / a.length;
}

function statusAgreement(indexed: unknown, naive: unknown): number {
	const a = (indexed as ReturnType<typeof compareScenes>).scenes;
	const b = (naive as ReturnType<typeof naiveCompareScenes>).status;
	return a.filter((s) => b.get(s.id) === s.status).length / a.length;
}

function placesCase(sceneCount: number, placeCount: number): Case {
	const s = scenes(sceneCount);
	const p: FeatureCollection<Point> = syntheticPlaces(placeCount, sceneCount, 3000 + placeCount);
	return {
		size: { scenes: s.features.length, places: placeCount },
		pairs: s.features.length * placeCount,
		indexed: () => placesNearScenes(p, s),
		naive: () => naivePlacesNearScenes(p, s),
		agreement: nearestAgreement
	};
}

function compareCase(n: number): Case {
	const a = earlier(n);
	const b = scenes(n);
	return {
		size: { scenes: n },
		pairs: a.features.length * b.features.length,
		indexed: () => compareScenes(a, b),
		naive: () => naiveCompareScenes(a, b),
		agreement: statusAgreement
	};
}

function districtCase(n: number): Case {
	const s = scenes(n);
	const p = syntheticPlaces(10_000, n, 4000 + n);
	const d = syntheticDistricts(5, n);
	return { size: { scenes: n, places: 10_000 }, pairs: n * 25, indexed: () => districtSummary(d, s, p) };
}

function main() {
	const started = performance.now();
	const cpu = cpus();
	const machine = `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}`;
	console.log(`Analysis bench: ${machine}; naive skipped above ${ms(NAIVE_LIMIT_MS)} (est.)\n`);

	const series: Series[] = [];
	// the smallest sizes are there so the naive version has two points for a slope before its cap
	series.push(runSeries('placesNearScenes, places grow', 'places', [100, 1_000, 10_000, 100_000].map((n) => placesCase(100, n))));
	series.push(runSeries('placesNearScenes, scenes grow', 'scenes', [10, 100, 1_000, 10_000].map((n) => placesCase(n, 1_000))));
	series.push(runSeries('compareScenes, scenes per year grow', 'scenes', [10, 100, 1_000, 10_000].map(compareCase)));
	// Turf's buffer and union (polyclip, exact arithmetic) dominate districtSummary, indexed or not:
	// 1 000 scenes take ~12 s, 10 000 would take the whole budget; no naive run, it would measure
	// the same unions plus N×M point-in-polygon tests
	series.push(runSeries('districtSummary (25 districts), scenes grow', 'scenes', [10, 100, 1_000].map(districtCase)));

	for (const s of series) {
		console.log(`\n${s.name} (slope against ${s.varies}: 1 = linear, 2 = quadratic)`);
		console.log(table(HEADER, s.rows.map(cells)));
	}

	const dir = join(process.cwd(), 'bench-results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'analysis.json');
	const results = {
		date: new Date().toISOString(),
		environment: { node: process.version, cpus: cpu.length, model: cpu[0]?.model },
		settings: { naiveLimitMs: NAIVE_LIMIT_MS, minTotalMs: MIN_TOTAL_MS },
		series,
		totalSeconds: (performance.now() - started) / 1000
	};
	writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
	console.log(`\nWrote ${file} (${results.totalSeconds.toFixed(0)} s)`);
}

main();
