/**
 * The walking network as a LegRouter for planWalk: stops snapped to the nearest path within
 * `snapMetres`, legs walked along the network (plus the straight bit from each stop to its path),
 * and a straight line × detour factor, labelled approximate, for a leg the network cannot serve.
 */
import type { LonLat } from '../inventory/fields';
import { straightLeg, type LegRouter, type RoutedLeg } from '../inventory/route';
import { inferredOf, streetsOf, warningsOf } from './leg-description';
import type { PathStep, Snap, WalkNetwork } from './walk-network';

export interface NetworkRouterOptions {
	/** Leave steps out: walks with wheelchairs or prams. */
	avoidSteps?: boolean;
	/** A stop farther than this from every path is off the network (default 150 m). */
	snapMetres?: number;
	/** For approximate legs (default 1.3). */
	detourFactor?: number;
}

const total = (steps: readonly PathStep[]) => steps.reduce((sum, s) => sum + s.metres, 0);

/** The walked line: stop, onto the path, along it, off it, stop; without repeated points. */
function lineOf(from: LonLat, to: LonLat, a: Snap, b: Snap, steps: readonly PathStep[]): LonLat[] {
	const points: LonLat[] = [from, a.point, ...steps.map((s) => s.to), b.point, to];
	return points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
}

/**
 * @example
 * planWalk(stops, { router: networkRouter(network, { avoidSteps: true }) });
 */
export function networkRouter(network: WalkNetwork, options: NetworkRouterOptions = {}): LegRouter {
	const { avoidSteps = false, snapMetres = 150, detourFactor = 1.3 } = options;
	return {
		source: network.source,
		route(points) {
			const snaps = points.map((p) => network.snap(p, snapMetres, { avoidSteps }));
			const onNetwork = snaps.flatMap((snap, i) => (snap ? [i] : []));
			const found = network.paths(onNetwork.map((i) => snaps[i]!), { avoidSteps });
			const slot = new Map(onNetwork.map((i, k) => [i, k]));
			const pathBetween = (i: number, j: number) => {
				const [a, b] = [slot.get(i), slot.get(j)];
				return a === undefined || b === undefined ? null : found[a]![b]!;
			};
			const metres = points.map((_, i) =>
				points.map((_, j) => {
					if (i === j) return 0;
					const path = pathBetween(i, j);
					return path ? snaps[i]!.offset + total(path) + snaps[j]!.offset : straightLeg(points[i]!, points[j]!, detourFactor, 'no-path').metres;
				})
			);
			const leg = (i: number, j: number): RoutedLeg => {
				const [from, to] = [points[i]!, points[j]!];
				const [a, b] = [snaps[i], snaps[j]];
				if (!a || !b) return straightLeg(from, to, detourFactor, 'off-network');
				const path = pathBetween(i, j);
				if (!path) return straightLeg(from, to, detourFactor, avoidSteps && hasPathWithSteps(network, from, to, snapMetres) ? 'no-step-free-path' : 'no-path');
				const inferred = inferredOf(path);
				return {
					metres: metres[i]![j]!,
					approximate: false,
					fallback: null,
					streets: streetsOf(path),
					warnings: warningsOf(path),
					coordinates: lineOf(from, to, a, b, path),
					...(inferred && { inferred })
				};
			};
			return { metres, leg };
		}
	};
}

/** Whether two points are joined when steps are allowed: says why a step-free leg failed. */
function hasPathWithSteps(network: WalkNetwork, from: LonLat, to: LonLat, snapMetres: number): boolean {
	const [a, b] = [network.snap(from, snapMetres), network.snap(to, snapMetres)];
	return Boolean(a && b && network.paths([a, b])[0]![1]);
}
