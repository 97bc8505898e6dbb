/**
 * Benjamini–Hochberg false discovery rate (Benjamini & Hochberg 1995, "Controlling the false
 * discovery rate", JRSS B 57(1)): p-values adjusted so that calling every test with adjusted
 * p ≤ α significant keeps the expected share of false findings among them at most α.
 *
 * Why on hot spots: a grid of 1 500 cells tested at 95 % gives ~75 "hot" or "cold" cells by
 * chance alone; neighbouring cells share reports, so the tests are positively dependent, the
 * case BH is proven for (Benjamini & Yekutieli 2001). ArcGIS's Hot Spot Analysis applies the same
 * correction when "Apply False Discovery Rate Correction" is on.
 *
 * Adjusted: p̃₍ₖ₎ = min over j ≥ k of min(1, m·p₍ⱼ₎ / j) for the p-values sorted ascending, as R's
 * `p.adjust(p, "BH")` and statsmodels' `multipletests(p, method="fdr_bh")` give.
 */
import { AnalysisInputError } from './errors';

/**
 * BH-adjusted p-values, in the order given.
 *
 * @example
 * benjaminiHochberg([0.01, 0.04, 0.03, 0.2]); // [0.04, 0.0533…, 0.0533…, 0.2]
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
	if (!Array.isArray(pValues)) {
		throw new AnalysisInputError(`Ogiltiga p-värden ${JSON.stringify(pValues)}: ange en lista av tal mellan 0 och 1.`);
	}
	pValues.forEach((p, i) => {
		if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
			throw new AnalysisInputError(`Ogiltigt p-värde ${JSON.stringify(p)} på plats ${i}: ett p-värde ligger mellan 0 och 1.`);
		}
	});
	const m = pValues.length;
	// ascending by p; ties keep input order, which does not change the adjusted values
	const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
	const adjusted = new Array<number>(m);
	let running = 1;
	for (let rank = m; rank >= 1; rank--) {
		const i = order[rank - 1]!;
		running = Math.min(running, (pValues[i]! * m) / rank);
		adjusted[i] = running;
	}
	return adjusted;
}
