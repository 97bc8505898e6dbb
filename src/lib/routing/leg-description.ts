/**
 * What a path along the network says to a group walking it: the streets in order with their
 * lengths ("Sibeliusgången 240 m, sedan Borgågatan 120 m") and the warnings a safety walk cares
 * about (unlit paths, steps, tunnels and underpasses), from the ways' OSM tags. Pure.
 */
import type { InferredLinks, LegWarning, StreetPiece } from '../inventory/route';
import type { LonLat } from '../inventory/fields';
import type { PathStep, WayInfo } from './walk-network';

/** A piece shorter than this between two others (a crossing, a kerb ramp) is folded into the one before. */
const SHORT_PIECE_METRES = 20;

/**
 * What to call a way: its name, or what it is when unnamed. Paths of any kind are "gångväg" (a
 * group on foot does not care whether OSM says footway, path or cycleway), roads "gata".
 *
 * @example
 * streetName({ name: null, highway: 'footway', … }); // 'gångväg'
 */
export function streetName(way: Pick<WayInfo, 'name' | 'highway'>): string {
	if (way.name) return way.name;
	if (way.highway === 'steps') return 'trappa';
	if (['residential', 'living_street', 'service', 'unclassified', 'tertiary', 'tertiary_link', 'secondary', 'secondary_link', 'road'].includes(way.highway)) return 'gata';
	return 'gångväg';
}

/** The streets of a path in walking order, neighbours with the same name joined, short pieces folded away. */
export function streetsOf(steps: readonly PathStep[]): StreetPiece[] {
	const pieces: StreetPiece[] = [];
	for (const step of steps) {
		const name = streetName(step.way);
		const last = pieces.at(-1);
		if (last?.name === name) last.metres += step.metres;
		else pieces.push({ name, metres: step.metres });
	}
	// Fold short middle pieces into the piece before, then join equal neighbours again.
	const folded: StreetPiece[] = [];
	pieces.forEach((piece, i) => {
		const last = folded.at(-1);
		const middle = i > 0 && i < pieces.length - 1;
		if (last && middle && piece.metres < SHORT_PIECE_METRES) last.metres += piece.metres;
		else if (last?.name === piece.name) last.metres += piece.metres;
		else folded.push({ ...piece });
	});
	return folded;
}

/** The middle of a run of steps, where a warning is marked on the map. */
function middleOf(run: readonly PathStep[]): LonLat {
	const total = run.reduce((sum, s) => sum + s.metres, 0);
	let walked = 0;
	for (const step of run) {
		if (walked + step.metres >= total / 2) {
			const t = step.metres === 0 ? 0 : (total / 2 - walked) / step.metres;
			return [
				Number((step.from[0] + t * (step.to[0] - step.from[0])).toFixed(6)),
				Number((step.from[1] + t * (step.to[1] - step.from[1])).toFixed(6))
			];
		}
		walked += step.metres;
	}
	return run[0]!.from;
}

/** Consecutive steps for which `belongs` holds, each run with the way it started on. */
function runs(steps: readonly PathStep[], belongs: (way: WayInfo) => boolean): PathStep[][] {
	const found: PathStep[][] = [];
	let current: PathStep[] | null = null;
	for (const step of steps) {
		if (!belongs(step.way)) {
			current = null;
			continue;
		}
		// A new way id starts a new run only for steps: two flights are two warnings.
		if (!current || (step.way.steps && current.at(-1)!.way.id !== step.way.id)) {
			current = [];
			found.push(current);
		}
		current.push(step);
	}
	return found;
}

/**
 * The warnings of a path, in walking order: unlit stretches (`lit=no`; untagged is unknown, not
 * unlit), each flight of steps with its step count when OSM has one, and every tunnel, underpass
 * or covered passage.
 */
export function warningsOf(steps: readonly PathStep[]): LegWarning[] {
	const metres = (run: PathStep[]) => run.reduce((sum, s) => sum + s.metres, 0);
	const first = (run: PathStep[]) => steps.indexOf(run[0]!);
	const found: { order: number; warning: LegWarning }[] = [];
	for (const run of runs(steps, (w) => w.unlit)) {
		found.push({ order: first(run), warning: { kind: 'unlit', name: streetName(run[0]!.way), metres: metres(run), at: middleOf(run) } });
	}
	for (const run of runs(steps, (w) => w.steps)) {
		found.push({ order: first(run), warning: { kind: 'steps', name: streetName(run[0]!.way), metres: metres(run), stepCount: run[0]!.way.stepCount, at: middleOf(run) } });
	}
	for (const run of runs(steps, (w) => w.passage !== null)) {
		found.push({
			order: first(run),
			warning: { kind: 'passage', passage: run[0]!.way.passage!, name: streetName(run[0]!.way), metres: metres(run), at: middleOf(run) }
		});
	}
	return found.sort((a, b) => a.order - b.order).map((f) => f.warning);
}

/**
 * The connectors a path walks (inferred links the network repair added where ways lost their
 * shared node), or undefined when it walks none.
 *
 * @example
 * inferredOf(steps); // { links: 2, metres: 23.4 }
 */
export function inferredOf(steps: readonly PathStep[]): InferredLinks | undefined {
	const inferred = steps.filter((s) => s.way.inferred);
	return inferred.length === 0 ? undefined : { links: inferred.length, metres: inferred.reduce((sum, s) => sum + s.metres, 0) };
}
