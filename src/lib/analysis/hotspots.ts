/**
 * Getis–Ord Gi* (Getis & Ord 1992; Ord & Getis 1995): for each point, is the sum of the values
 * within a distance band (the point itself included) higher or lower than chance would give?
 *
 * With binary weights wᵢⱼ = 1 for every j within the band (j = i included), n points, mean x̄ and
 * S² = Σxⱼ²/n − x̄² (the population variance):
 *
 *   zᵢ = (Σⱼ wᵢⱼ xⱼ − x̄ Σⱼ wᵢⱼ) / ( S · √( (n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1) ) )
 *
 * This is PySAL esda's `G_Local(y, w, transform='B', star=True).Zs` written without dividing by
 * x̄ (esda's form, (Gᵢ − E[Gᵢ]) / √V[Gᵢ] with Gᵢ = Σwx/Σx, is the same number when x̄ ≠ 0; this
 * one also holds for values of mean 0). The test reproduces esda's published values to 1e-6.
 *
 * p is TWO-SIDED from the normal distribution, P(|Z| ≥ |zᵢ|), as ArcGIS's Hot Spot Analysis
 * reports it and as the 90/95/99 % bins (|z| ≥ 1.645 / 1.960 / 2.576) read it. esda's `p_norm`
 * is one-sided (norm.sf(|z|)): ours is exactly twice it.
 *
 * When every value is the same (S = 0) or a point's band holds every point (n Σw = (Σw)²), the
 * numerator is 0 as well and z is taken as 0, p as 1: nothing stands out. esda gives NaN there.
 */
import { checkBand, checkPoints, distanceBandNeighbours, type Neighbours, type PlanarPoint } from './distance-band';
import { AnalysisInputError } from './errors';
import { twoSidedP } from './normal';

export interface GiStar {
	/** Gi* z-score per point, in input order. */
	z: number[];
	/** Two-sided p-value per point. */
	p: number[];
}

/** Fewer points than this have no meaningful variance to compare a neighbourhood against. */
export const MIN_POINTS = 3;

/**
 * Gi* z-scores and two-sided p-values of `values` at `points` (planar metres), with binary
 * weights within `distanceBand` and each point its own neighbour.
 *
 * @example
 * getisOrdGiStar([[10, 10], [20, 10], [40, 10], [15, 20], [30, 20], [30, 30]], [2, 3, 3.2, 5, 8, 7], 15);
 * // { z: [-1.3973, -0.2892, 0.6506, -0.2892, 1.2345, 2.0242], p: [0.1623, 0.7724, 0.5153, 0.7724, 0.2170, 0.0429] }
 */
export function getisOrdGiStar(points: [number, number][], values: number[], distanceBand: number): GiStar {
	checkPoints(points);
	checkBand(distanceBand);
	checkValues(values, points.length);
	return giStarWithNeighbours(distanceBandNeighbours(points, distanceBand), values);
}

/**
 * Gi* for neighbours found once (see distance-band.ts): the same numbers as getisOrdGiStar, for
 * many sets of values on the same points (one per week on one grid).
 *
 * @example
 * const band = distanceBandNeighbours(cellCentres, 283);
 * const perWeek = weeklyCounts.map((counts) => giStarWithNeighbours(band, counts));
 */
export function giStarWithNeighbours(neighbours: Neighbours, values: readonly number[]): GiStar {
	const n = neighbours.offsets.length - 1;
	checkValues(values, n);
	let sum = 0;
	for (const v of values) sum += v;
	const mean = sum / n;
	// two passes: Σ(x − x̄)² keeps its precision where Σx² − n·x̄² would cancel
	let squares = 0;
	for (const v of values) squares += (v - mean) * (v - mean);
	const s = Math.sqrt(squares / n);

	const z = new Array<number>(n);
	const p = new Array<number>(n);
	for (let i = 0; i < n; i++) {
		const from = neighbours.offsets[i]!;
		const to = neighbours.offsets[i + 1]!;
		let local = 0;
		for (let k = from; k < to; k++) local += values[neighbours.indices[k]!]!;
		const weights = to - from; // binary: Σw = Σw² = the number of neighbours
		const spread = s * Math.sqrt(((n * weights - weights * weights) / (n - 1)));
		// S = 0 or a band holding every point: the numerator is 0 too (see the module comment)
		const zi = spread > 0 ? (local - mean * weights) / spread : 0;
		z[i] = zi + 0; // + 0 turns −0 into 0
		p[i] = twoSidedP(zi);
	}
	return { z, p };
}

function checkValues(values: readonly number[], n: number): void {
	if (!Array.isArray(values) || values.length !== n) {
		throw new AnalysisInputError(
			`Ogiltiga värden: ${Array.isArray(values) ? `${values.length} värden` : JSON.stringify(values)} för ${n} punkter; ` +
				'ange ett värde per punkt.'
		);
	}
	if (n < MIN_POINTS) {
		throw new AnalysisInputError(
			`Gi* behöver minst ${MIN_POINTS} punkter, fick ${n}: med färre finns ingen spridning att jämföra ett grannskap med.`,
			'too-few-points'
		);
	}
	values.forEach((v, i) => {
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			throw new AnalysisInputError(`Ogiltigt värde ${JSON.stringify(v)} för punkt ${i}: ange ett ändligt tal.`);
		}
	});
}

export type { Neighbours, PlanarPoint };
