/**
 * Seeded stop pairs for measuring how directly the network routes: the unit tests and
 * scripts/bench-routing.ts use the same ones, so the figure in the docs is the one tested.
 */
import { prng } from '../../analysis/testing/synthetic';
import type { LonLat } from '../../inventory/fields';
import { haversineMetres } from '../../inventory/route';
import { networkRouter } from '../network-router';
import type { WalkNetwork } from '../walk-network';

/** Akalla, Husby, Kista and Rinkeby: [west, south, east, north]. */
export const AKALLA_TO_RINKEBY: readonly [number, number, number, number] = [17.905, 59.383, 17.965, 59.421];

export interface StopPairOptions {
	count: number;
	seed: number;
	box?: readonly [number, number, number, number];
	/** Straight-line length of a pair, as between two stops of a walk (default 150–1 200 m). */
	minMetres?: number;
	maxMetres?: number;
}

/**
 * `count` pairs of stops on the paths of `network` in `box`: random points within 50 m of a path,
 * moved onto it (so the ratio measures the network, not the walk from a stop to its path), their
 * straight distance within the limits.
 *
 * @example
 * const pairs = stopPairs(network, { count: 100, seed: 7 });
 */
export function stopPairs(network: WalkNetwork, options: StopPairOptions): [LonLat, LonLat][] {
	const { count, seed, box = AKALLA_TO_RINKEBY, minMetres = 150, maxMetres = 1200 } = options;
	const random = prng(seed);
	const point = (): LonLat => [box[0] + random() * (box[2] - box[0]), box[1] + random() * (box[3] - box[1])];
	const pairs: [LonLat, LonLat][] = [];
	while (pairs.length < count) {
		const [a, b] = [point(), point()];
		const straight = haversineMetres(a, b);
		if (straight < minMetres || straight > maxMetres) continue;
		const [onA, onB] = [network.snap(a, 50), network.snap(b, 50)];
		if (onA && onB && haversineMetres(onA.point, onB.point) >= minMetres) pairs.push([onA.point, onB.point]);
	}
	return pairs;
}

export interface Directness {
	/** Mean of walked ÷ straight over the pairs walked on the network. */
	mean: number;
	median: number;
	/** The 90th percentile: the long detours. */
	p90: number;
	/** Pairs the network could not join (a straight-line estimate instead). */
	noPath: number;
	/** Pairs whose route walks at least one inferred connector. */
	withConnectors: number;
}

/** How directly `network` walks the pairs: walked metres ÷ straight metres, stop to stop. */
export function directness(network: WalkNetwork, pairs: readonly [LonLat, LonLat][]): Directness {
	const router = networkRouter(network);
	const ratios: number[] = [];
	let [noPath, withConnectors] = [0, 0];
	for (const [a, b] of pairs) {
		const leg = router.route([a, b]).leg(0, 1);
		if (leg.approximate) {
			noPath++;
			continue;
		}
		if (leg.inferred) withConnectors++;
		ratios.push(leg.metres / haversineMetres(a, b));
	}
	ratios.sort((x, y) => x - y);
	const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))] ?? NaN;
	return { mean: ratios.reduce((s, r) => s + r, 0) / ratios.length, median: at(0.5), p90: at(0.9), noPath, withConnectors };
}
