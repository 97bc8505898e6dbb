/**
 * Tail probabilities of the standard normal distribution, for the p-values of Gi* and the
 * Mann–Kendall test. Internal to the analysis modules.
 *
 * Through the complementary error function of @stdlib (a port of FreeBSD's msun erfc, within an
 * ulp or so over the whole range), not 1 − erf: that loses the small p-values the FDR correction
 * ranks (jstat's erfc, which is 1 − erf, is off by 1e-9 relative at z = 5.7 and gives 0 past 8.4).
 */
import erfc from '@stdlib/math-base-special-erfc';

/** P(Z ≥ z) for a standard normal Z (scipy.stats.norm.sf). */
export function upperTail(z: number): number {
	return erfc(z / Math.SQRT2) / 2;
}

/** P(|Z| ≥ |z|): the two-sided p-value of a z-score. */
export function twoSidedP(z: number): number {
	return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}
