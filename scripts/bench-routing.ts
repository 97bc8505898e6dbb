/**
 * `npx tsx scripts/bench-routing.ts`: planning a 10-stop walk on the walking network (the real
 * OpenStreetMap ways of Järva, geodata/osm/ways.geojson, with its gaps repaired as the app does)
 * against the straight-line planner, in the same run. Both order the stops exactly (Held–Karp);
 * the network planner also snaps every stop, finds the 45 shortest paths between them
 * (ngraph.path NBA*) and describes the chosen legs. Also times building the network once (what the
 * server pays at its first walk), with and without the repair, and a 30-stop walk (the most a walk
 * may have; ordered by 2-opt, 435 paths). Writes bench-results/routing.json.
 *
 * The repair's effect, the network taken as it is against the repaired one: connected pieces, dead
 * ends, walked ÷ straight for 200 seeded stop pairs in Akalla–Rinkeby (src/lib/routing/testing/
 * stop-pairs.ts, the same the unit test checks), the walks' lengths, and the 4-stop Husby walk of
 * test/e2e/inventory-plan.e2e.ts.
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
import { osmRepair } from '../src/lib/routing/network-repair';
import { directness, stopPairs } from '../src/lib/routing/testing/stop-pairs';
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

/**
 * The walk test/e2e/inventory-plan.e2e.ts plans in Husby, as the server stored its stops: three
 * tapped on the map and one added at the centre of the phone's map of Husby.
 */
const HUSBY_E2E_WALK: WalkStop[] = [
	{ id: 'a', position: [17.92546, 59.409809] },
	{ id: 'b', position: [17.930112, 59.41183] },
	{ id: 'c', position: [17.922056, 59.408134] },
	{ id: 'centre', position: [17.92285, 59.405202] }
];

function main() {
	const cpu = cpus();
	const machine = `node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}`;
	console.log(`Routing bench: ${machine}\n`);
	const ways = JSON.parse(readFileSync(join(process.cwd(), 'geodata/osm/ways.geojson'), 'utf8')) as FeatureCollection;
	const source = { name: 'OpenStreetMap', attribution: '© OpenStreetMap-bidragsgivare' };

	const water = JSON.parse(readFileSync(join(process.cwd(), 'geodata/stockholm/water.geojson'), 'utf8')) as FeatureCollection;

	let network!: WalkNetwork;
	let unrepaired!: WalkNetwork;
	const buildUnrepaired = time(() => {
		unrepaired = WalkNetwork.fromFeatures(ways, source);
	});
	const build = time(() => {
		network = WalkNetwork.fromFeatures(ways, source, { repairGaps: osmRepair(water) });
	});
	const rows: { case: string; straightMs: number; networkMs: number; ratio: number; lengthRatio: number; unrepairedLengthRatio: number; approximateLegs: number }[] = [];
	for (const [label, count, seed, avoidSteps] of [
		['10 stops', 10, 12, false],
		['10 stops, undvik trappor', 10, 12, true],
		['30 stops (2-opt)', 30, 30, false]
	] as const) {
		// Drawn on the network as it is, so the stops are those of the bench before the repair.
		const stops = stopsOnNetwork(unrepaired, count, seed);
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
			unrepairedLengthRatio: planWalk(stops, { router: networkRouter(unrepaired, { avoidSteps }) }).metres / straightPlan.metres,
			approximateLegs: plan.legs.filter((l) => l.approximate).length
		});
	}

	const pairs = stopPairs(network, { count: 200, seed: 12 });
	const repair = {
		connectivity: { unrepaired: unrepaired.connectivity(), repaired: network.connectivity() },
		counts: network.repair,
		stopPairs: { count: pairs.length, unrepaired: directness(unrepaired, pairs), repaired: directness(network, pairs) },
		husbyE2eWalk: {
			straightMetres: planWalk(HUSBY_E2E_WALK, { router: straightRouter(1) }).metres,
			unrepairedMetres: planWalk(HUSBY_E2E_WALK, { router: networkRouter(unrepaired) }).metres,
			repairedMetres: planWalk(HUSBY_E2E_WALK, { router: networkRouter(network) }).metres
		}
	};
	const ms = (v: number) => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(1)} ms`);
	console.log(
		`Building the network once: ${ms(build.ms)} with the gap repair, ${ms(buildUnrepaired.ms)} without (${(build.ms / buildUnrepaired.ms).toFixed(1)}×); ` +
			`${network.nodeCount} nodes, ${network.segmentCount} segments\n`
	);
	console.log(
		table(
			['case', 'straight line', 'network', 'ratio', 'walked / straight length', 'unrepaired network', 'approximate legs'],
			rows.map((r) => [r.case, ms(r.straightMs), ms(r.networkMs), `${r.ratio.toFixed(0)}×`, `${r.lengthRatio.toFixed(2)}×`, `${r.unrepairedLengthRatio.toFixed(2)}×`, String(r.approximateLegs)])
		)
	);
	const { unrepaired: c0, repaired: c1 } = repair.connectivity;
	const { unrepaired: d0, repaired: d1 } = repair.stopPairs;
	const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
	const x = (v: number) => `${v.toFixed(2)}×`;
	console.log(`\nThe gap repair (${repair.counts!.deadEnds} dead ends: ${repair.counts!.joined} joined, ${repair.counts!.reached} reached by another's connector, ${repair.counts!.nothingNear} with nothing in reach, ${repair.counts!.nearAlready} near already, ${repair.counts!.refused} refused; ${repair.counts!.crossings} connectors go on across the street they ran into):\n`);
	console.log(
		table(
			['', 'as it is', 'repaired'],
			[
				['connected pieces', String(c0.components), String(c1.components)],
				['largest piece, share of nodes', pct(c0.largestShare), pct(c1.largestShare)],
				['five largest pieces (nodes)', c0.largestPieces.join(', '), c1.largestPieces.join(', ')],
				['dead ends', String(c0.deadEnds), String(c1.deadEnds)],
				['connectors (total length)', '0', `${c1.connectors} (${(c1.connectorMetres / 1000).toFixed(1)} km)`],
				[`${pairs.length} stop pairs: mean walked / straight`, x(d0.mean), x(d1.mean)],
				['median', x(d0.median), x(d1.median)],
				['90th percentile', x(d0.p90), x(d1.p90)],
				['pairs with no path', String(d0.noPath), String(d1.noPath)],
				['pairs walking a connector', String(d0.withConnectors), String(d1.withConnectors)],
				[
					`e2e Husby walk, 4 stops (straight ${Math.round(repair.husbyE2eWalk.straightMetres)} m)`,
					`${Math.round(repair.husbyE2eWalk.unrepairedMetres)} m`,
					`${Math.round(repair.husbyE2eWalk.repairedMetres)} m`
				]
			]
		)
	);
	const dir = join(process.cwd(), 'bench-results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, 'routing.json');
	writeFileSync(
		file,
		`${JSON.stringify({ date: new Date().toISOString(), environment: { node: process.version, cpus: cpu.length, model: cpu[0]?.model }, buildMs: build.ms, buildUnrepairedMs: buildUnrepaired.ms, nodes: network.nodeCount, segments: network.segmentCount, rows, repair }, null, '\t')}\n`
	);
	console.log(`\nWrote ${file}`);
}

main();
