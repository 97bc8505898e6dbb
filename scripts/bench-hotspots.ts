/**
 * `npx tsx scripts/bench-hotspots.ts`: Gi* hot spots over a year of weekly reports, the flatbush
 * distance band (what hotspotGrid uses) against the all-pairs band, in the same run. Writes
 * bench-results/hotspots.json.
 *
 * One case is 52 weeks: each week its reports are counted on the 200 m grid, its neighbours are
 * found (a week analysed on its own, as hotspotGrid does per call), then Gi* and the FDR
 * correction. Series:
 *  - the study area grows (1 024 … 65 536 cells) with 100 000 reports over the 52 weeks: the growth
 *    exponent against the number of cells (log–log slope; 1 = linear, 2 = quadratic);
 *  - the reports grow (10 000 … 1 000 000 over the year) on 4 096 cells: against the reports;
 *  - end to end on Järva's real districts (~720 cells): hotspotGrid for each of 52 weeks (WGS84
 *    reports, SWEREF projection, study area) and emergingHotspots over the last 12.
 * Reports are seeded (the same every run): a uniform background plus clusters. A naive run whose
 * estimate (the last naive time scaled by the growth in cell pairs) passes NAIVE_LIMIT_MS is
 * skipped and reported with the estimate. Ratios and slopes are the point; absolute times depend
 * on the machine (2 shared cores here).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { distanceBandNeighbours, type Neighbours } from '../src/lib/analysis/distance-band';
import { emergingHotspots } from '../src/lib/analysis/emerging-hotspots';
import { benjaminiHochberg } from '../src/lib/analysis/fdr';
import { hotspotGrid } from '../src/lib/analysis/hotspot-grid';
import { giStarWithNeighbours } from '../src/lib/analysis/hotspots';
import { addWeeks } from '../src/lib/analysis/iso-week';
import { naiveDistanceBandNeighbours } from '../src/lib/analysis/testing/naive-hotspots';
import { prng } from '../src/lib/analysis/testing/synthetic';
import { toWgs84 } from '../src/lib/geo/import/crs';
import { median, table } from './bench/stats';

const NAIVE_LIMIT_MS = Number(process.env['BENCH_NAIVE_LIMIT_MS'] ?? 20_000);
const WEEKS = 52;
const CELL = 200;
const BAND = CELL * Math.SQRT2;
/** SWEREF 99 TM south-west corner of the synthetic areas (near Järva). */
const ORIGIN: [number, number] = [664_000, 6_584_000];

type XY = [number, number];

/** `total` reports over WEEKS weeks on a square of `side` cells: 80 % uniform, 20 % in 20 clusters. */
function yearOfReports(seed: number, side: number, total: number): XY[][] {
	const random = prng(seed);
	const extent = side * CELL;
	const clusters = Array.from({ length: 20 }, () => [random() * extent, random() * extent] as XY);
	const weeks: XY[][] = Array.from({ length: WEEKS }, () => []);
	for (let i = 0; i < total; i++) {
		const week = weeks[Math.floor(random() * WEEKS)]!;
		if (random() < 0.8) week.push([ORIGIN[0] + random() * extent, ORIGIN[1] + random() * extent]);
		else {
			const [cx, cy] = clusters[Math.floor(random() * clusters.length)]!;
			week.push([ORIGIN[0] + Math.min(extent - 1, Math.max(0, cx + (random() - 0.5) * 300)), ORIGIN[1] + Math.min(extent - 1, Math.max(0, cy + (random() - 0.5) * 300))]);
		}
	}
	return weeks;
}

function centres(side: number): XY[] {
	const list: XY[] = [];
	for (let row = 0; row < side; row++) for (let col = 0; col < side; col++) list.push([ORIGIN[0] + (col + 0.5) * CELL, ORIGIN[1] + (row + 0.5) * CELL]);
	return list;
}

/** The 52 weekly analyses with a given neighbour search; returns hot cells summed over the weeks (a check). */
function year(side: number, weeks: XY[][], search: (points: XY[], band: number) => Neighbours): number {
	const points = centres(side);
	let hot = 0;
	for (const reports of weeks) {
		const counts = new Array<number>(points.length).fill(0);
		for (const [x, y] of reports) counts[Math.floor((y - ORIGIN[1]) / CELL) * side + Math.floor((x - ORIGIN[0]) / CELL)]!++;
		const { z, p } = giStarWithNeighbours(search(points, BAND), counts);
		const q = benjaminiHochberg(p);
		for (let i = 0; i < z.length; i++) if (z[i]! > 0 && q[i]! <= 0.05) hot++;
	}
	return hot;
}

function time<T>(run: () => T, repeat = 3): { ms: number; value: T } {
	let value = run();
	const first = performance.now();
	value = run();
	const once = performance.now() - first;
	if (once > 2_000) return { ms: once, value };
	const times = [once];
	while (times.length < repeat) {
		const start = performance.now();
		value = run();
		times.push(performance.now() - start);
	}
	return { ms: median(times), value };
}

interface Row {
	cells: number;
	reports: number;
	indexedMs: number;
	naiveMs: number | null;
	naiveEstimateMs: number | null;
	ratio: number | null;
	indexedSlope: number | null;
	naiveSlope: number | null;
	/** Both versions found the same hot cells (summed over the weeks). */
	agree: boolean | null;
}

function series(name: string, varies: 'cells' | 'reports', cases: { side: number; reports: number }[]): { name: string; varies: string; rows: Row[] } {
	const rows: Row[] = [];
	let lastNaive: { ms: number; pairs: number } | null = null;
	for (const c of cases) {
		const weeks = yearOfReports(17 + c.side + c.reports, c.side, c.reports);
		const cells = c.side * c.side;
		const indexed = time(() => year(c.side, weeks, distanceBandNeighbours));
		const estimate = lastNaive ? (lastNaive.ms * cells * cells) / lastNaive.pairs : 0;
		let naive: { ms: number; value: number } | null = null;
		if (estimate <= NAIVE_LIMIT_MS) {
			naive = time(() => year(c.side, weeks, naiveDistanceBandNeighbours), 1);
			lastNaive = { ms: naive.ms, pairs: cells * cells };
		}
		const previous = rows.at(-1);
		const x = varies === 'cells' ? cells : c.reports;
		const px = previous ? (varies === 'cells' ? previous.cells : previous.reports) : 0;
		const slope = (a: number | null | undefined, b: number | null) => (previous && a && b ? Math.log(b / a) / Math.log(x / px) : null);
		const row: Row = {
			cells,
			reports: c.reports,
			indexedMs: indexed.ms,
			naiveMs: naive?.ms ?? null,
			naiveEstimateMs: naive ? null : estimate,
			ratio: naive ? naive.ms / indexed.ms : null,
			indexedSlope: slope(previous?.indexedMs, indexed.ms),
			naiveSlope: slope(previous?.naiveMs, naive?.ms ?? null),
			agree: naive ? naive.value === indexed.value : null
		};
		rows.push(row);
		console.log(`  ${name}: ${cellsOf(row).join(' | ')}`);
	}
	return { name, varies, rows };
}

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(v < 10 ? 2 : 0)} ms`);
const num = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');
const cellsOf = (r: Row) => [
	`${num(r.cells)} cells, ${num(r.reports)} reports`,
	ms(r.indexedMs),
	r.naiveMs !== null ? ms(r.naiveMs) : r.naiveEstimateMs !== null ? `skipped (est. ${ms(r.naiveEstimateMs)})` : '–',
	r.ratio !== null ? `${r.ratio.toFixed(0)}×` : '–',
	r.indexedSlope !== null ? r.indexedSlope.toFixed(2) : '–',
	r.naiveSlope !== null ? r.naiveSlope.toFixed(2) : '–',
	r.agree === null ? '–' : r.agree ? 'yes' : 'NO'
];
const HEADER = ['52 weeks', 'flatbush band', 'all-pairs band', 'ratio', 'slope idx', 'slope naive', 'same hot cells'];

/** hotspotGrid per week and emergingHotspots over 12 weeks on Järva's districts (real study area). */
function endToEnd(): Record<string, number> {
	const districts = JSON.parse(readFileSync(join(process.cwd(), 'geodata/layers/stadsdelar.geojson'), 'utf8')) as FeatureCollection<Polygon>;
	const random = prng(99);
	// 100 000 reports over the year inside the districts' box (reports outside the districts are counted apart)
	const box = [665_000, 6_584_000, 675_000, 6_592_000];
	const weeks = Array.from({ length: WEEKS }, (_, t) => ({ week: addWeeks('2024-W01', t), reports: { type: 'FeatureCollection', features: [] as Feature<Point>[] } }));
	for (let i = 0; i < 100_000; i++) {
		const at = toWgs84([box[0]! + random() * (box[2]! - box[0]!), box[1]! + random() * (box[3]! - box[1]!)], 'EPSG:3006');
		weeks[Math.floor(random() * WEEKS)]!.reports.features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: at } });
	}
	let cells = 0;
	const perWeek = time(() => {
		for (const w of weeks) cells = hotspotGrid(w.reports as FeatureCollection<Point>, { studyArea: districts }).properties.cells;
	}, 1);
	const emerging = time(() => emergingHotspots(weeks.slice(-12) as never, { studyArea: districts }), 1);
	return { cells, hotspotGrid52WeeksMs: perWeek.ms, emerging12WeeksMs: emerging.ms };
}

function main() {
	const started = performance.now();
	const cpu = cpus();
	const machine = `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}`;
	console.log(`Hot spot bench: ${machine}; 200 m cells, band ${BAND.toFixed(0)} m; naive skipped above ${ms(NAIVE_LIMIT_MS)} (est.)\n`);

	const all = [
		series('study area grows', 'cells', [32, 64, 128, 256].map((side) => ({ side, reports: 100_000 }))),
		series('reports grow', 'reports', [10_000, 100_000, 1_000_000].map((reports) => ({ side: 64, reports })))
	];
	const jarva = endToEnd();
	for (const s of all) {
		console.log(`\nGi* over ${WEEKS} weeks, ${s.name} (slope against ${s.varies}: 1 = linear, 2 = quadratic)`);
		console.log(table(HEADER, s.rows.map(cellsOf)));
	}
	console.log(
		`\nJärva's districts (${jarva['cells']} cells of 200 m), 100 000 reports over ${WEEKS} weeks: hotspotGrid for every week ` +
			`${ms(jarva['hotspotGrid52WeeksMs']!)} (${ms(jarva['hotspotGrid52WeeksMs']! / WEEKS)} a week), emergingHotspots over 12 weeks ${ms(jarva['emerging12WeeksMs']!)}`
	);

	const dir = join(process.cwd(), 'bench-results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'hotspots.json');
	const results = {
		date: new Date().toISOString(),
		environment: { node: process.version, cpus: cpu.length, model: cpu[0]?.model },
		settings: { weeks: WEEKS, cellSize: CELL, distanceBand: BAND, naiveLimitMs: NAIVE_LIMIT_MS },
		series: all,
		jarva,
		totalSeconds: (performance.now() - started) / 1000
	};
	writeFileSync(file, `${JSON.stringify(results, null, '\t')}\n`);
	console.log(`\nWrote ${file} (${results.totalSeconds.toFixed(0)} s)`);
}

main();
