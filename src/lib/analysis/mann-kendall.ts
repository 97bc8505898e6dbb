/**
 * The Mann–Kendall trend test (Mann 1945; Kendall 1975): does a series rise or fall over time,
 * more than its order by chance would give? Non-parametric: it only compares every later value
 * with every earlier one.
 *
 *   S = Σᵢ<ⱼ sign(xⱼ − xᵢ)
 *   Var(S) = (n(n−1)(2n+5) − Σₜ t(t−1)(2t+5)) / 18     (t: the size of each group of tied values)
 *   z = (S − 1)/√Var(S) if S > 0, (S + 1)/√Var(S) if S < 0, 0 if S = 0   (continuity correction)
 *   p = P(|Z| ≥ |z|), two-sided;  τ = S / (n(n−1)/2)
 *
 * As pyMannKendall's `original_test` and PySAL esda's `_mann_kendall` (emerging.py) compute it;
 * the test reproduces pyMannKendall's published result on a real series with ties.
 *
 * Limits: the normal approximation wants n ≥ 8 or so (for 8–12 weeks it is rough, and the test
 * is conservative there); values must be independent in time, which weekly Gi* z-scores of one
 * cell are not quite (a busy week is often followed by a busy week).
 */
import { AnalysisInputError } from './errors';
import { twoSidedP } from './normal';

export type TrendDirection = 'increasing' | 'decreasing' | 'none';

export interface MannKendall {
	n: number;
	s: number;
	varS: number;
	z: number;
	/** Two-sided. */
	p: number;
	/** Kendall's τ = S / (n(n−1)/2), between −1 and 1. */
	tau: number;
	/** Direction of the trend when p ≤ alpha, else 'none'. */
	trend: TrendDirection;
}

export interface MannKendallOptions {
	/** Significance level for `trend`. Default 0.05. */
	alpha?: number;
}

/**
 * Mann–Kendall trend test of a series in time order.
 *
 * @example
 * mannKendall([1, 2, 3, 4, 5, 6, 7, 8]);
 * // { n: 8, s: 28, varS: 65.33, z: 3.34, p: 0.00083, tau: 1, trend: 'increasing' }
 */
export function mannKendall(series: readonly number[], options: MannKendallOptions = {}): MannKendall {
	const alpha = options.alpha ?? 0.05;
	if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
		throw new AnalysisInputError(`Ogiltig signifikansnivå ${JSON.stringify(alpha)}: ange ett tal mellan 0 och 1, t.ex. 0.05.`, 'invalid-option');
	}
	if (!Array.isArray(series) || series.length < 3) {
		throw new AnalysisInputError(
			`Mann–Kendall behöver minst 3 värden i tidsordning, fick ${Array.isArray(series) ? series.length : JSON.stringify(series)}.`,
			'too-few-points'
		);
	}
	series.forEach((v, i) => {
		if (typeof v !== 'number' || !Number.isFinite(v)) {
			throw new AnalysisInputError(`Ogiltigt värde ${JSON.stringify(v)} på plats ${i} i serien: ange ändliga tal.`);
		}
	});
	const n = series.length;
	let s = 0;
	for (let i = 0; i < n - 1; i++) {
		for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!);
	}
	const ties = new Map<number, number>();
	for (const v of series) ties.set(v, (ties.get(v) ?? 0) + 1);
	let tieTerm = 0;
	for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
	const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
	// a series of one value throughout has Var(S) = 0 and S = 0: no trend
	const z = varS > 0 ? (s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0) : 0;
	const p = twoSidedP(z);
	return {
		n,
		s,
		varS,
		z,
		p,
		tau: s / ((n * (n - 1)) / 2),
		trend: p <= alpha && z !== 0 ? (z > 0 ? 'increasing' : 'decreasing') : 'none'
	};
}
