/**
 * `npx tsx scripts/bench-routing.ts`: planning a 10-stop walk on the walking network (the real
 * OpenStreetMap ways of Järva, geodata/osm/ways.geojson) against the straight-line planner, in the
 * same run. Both order the stops exactly (Held–Karp); the network planner also snaps every stop,
 * finds the 45 shortest paths between them (ngraph.path NBA*) and describes the chosen legs. Also
 * times building the network once (what the server pays at its first walk) and a 30-stop walk
 * (the most a walk may have; ordered by 2-opt, 435 paths). Writes bench-results/routing.json.
 *
 * Stops are seeded (the same every run), drawn in Akalla–Husby–Kista and kept only where they
 * snap to a path, so every leg is routed on the network. Ratios are the point; absolute times
 * depend on the machine.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { prng } from '../src/lib/analysis/testing/synthetic';
import { planWalk, straightRouter, type WalkStop } from '../src/lib/inventory/route';
import { networkRouter } from '../src/lib/routing/network-router';
import { WalkNetwork } from '../src/lib/routing/walk-network';
import { median, table } from './bench/stats';

/** Repeat a case until this much time is spent (at least 5, at most 50 runs), after one warm-up run. */
const MIN_TOTAL_MS = 1000;

function time(run: () => unknown): { ms: number; runs: number } {
	run();
	const times: number[] = [];
	while (times.length < 5 || (times.length < 50 && times.reduce((a, b) => a + b, 0) < MIN_TOTAL_MS)) {
		const start = performance.now();
		run();
		times.push(performance.now() - start);
	}
	return { ms: median(times), runs: times.length };
}

/** `count` seeded stops in Akalla–Husby–Kista that lie within 50 m of a path. */
function stopsOnNetwork(network: WalkNetwork, count: number, seed: number): WalkStop[] {
	const random = prng(seed);
	const stops: WalkStop[] = [];
	while (stops.length < count) {
		const position: [number, number] = [17.905 + random() * 0.045, 59.403 + random() * 0.018];
		if (network.snap(position, 50)) stops.push({ id: `s${stops.length}`, position });
	}
	return stops;
}

function main() {
	const cpu = cpus();
	const machine = `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}`;
	console.log(`Routing bench: ${machine}\n`);
	const ways = JSON.parse(readFileSync(join(process.cwd(), 'geodata/osm/ways.geojson'), 'utf8')) as FeatureCollection;
	const source = { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare' };

	let network!: WalkNetwork;
	const build = time(() => {
		network = WalkNetwork.fromFeatures(ways, source);
	});
	const rows: { case: string; straightMs: number; networkMs: number; ratio: number; lengthRatio: number; approximateLegs: number }[] = [];
	for (const [label, count, seed, avoidSteps] of [
		['10 stops', 10, 12, false],
		['10 stops, undvik trappor', 10, 12, true],
		['30 stops (2-opt)', 30, 30, false]
	] as const) {
		const stops = stopsOnNetwork(network, count, seed);
		const straight = time(() => planWalk(stops, { router: straightRouter() }));
		const routed = time(() => planWalk(stops, { router: networkRouter(network, { avoidSteps }) }));
		const plan = planWalk(stops, { router: networkRouter(network, { avoidSteps }) });
		const straightPlan = planWalk(stops, { router: straightRouter(1) });
		rows.push({
			case: label,
			straightMs: straight.ms,
			networkMs: routed.ms,
			ratio: routed.ms / straight.ms,
			lengthRatio: plan.metres / straightPlan.metres,
			approximateLegs: plan.legs.filter((l) => l.approximate).length
		});
	}
	const ms = (v: number) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(1)} ms`);
	console.log(`Building the network once: ${ms(build.ms)} (${network.nodeCount} nodes, ${network.segmentCount} segments)\n`);
	console.log(
		table(
			['case', 'straight line', 'network', 'ratio', 'walked / straight length', 'approximate legs'],
			rows.map((r) => [r.case, ms(r.straightMs), ms(r.networkMs), `${r.ratio.toFixed(0)}×`, `${r.lengthRatio.toFixed(2)}×`, String(r.approximateLegs)])
		)
	);
	const dir = join(process.cwd(), 'bench-results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'routing.json');
	writeFileSync(
		file,
		`${JSON.stringify({ date: new Date().toISOString(), environment: { node: process.version, cpus: cpu.length, model: cpu[0]?.model }, buildMs: build.ms, nodes: network.nodeCount, segments: network.segmentCount, rows }, null, '\t')}\n`
	);
	console.log(`\nWrote ${file}`);
}

main();
