/**
 * Hot, cold or neither, and at what confidence: the reading of a Gi* z-score and its two-sided
 * p-value that ArcGIS's Hot Spot Analysis uses (its Gi_Bin field): a cell is a hot spot at 99 %
 * when p ≤ 0.01 and z > 0, at 95 % when p ≤ 0.05, at 90 % when p ≤ 0.10; cold likewise with z < 0.
 * (p ≤ 0.10 / 0.05 / 0.01 is |z| ≥ 1.645 / 1.960 / 2.576.)
 */

export type SpotClass = 'hot' | 'cold' | 'none';
export type Confidence = 90 | 95 | 99;

/** Confidence levels, strongest first, with the largest two-sided p each allows. */
export const CONFIDENCE_LEVELS: readonly { confidence: Confidence; maxP: number }[] = [
	{ confidence: 99, maxP: 0.01 },
	{ confidence: 95, maxP: 0.05 },
	{ confidence: 90, maxP: 0.1 }
];

export interface SpotReading {
	class: SpotClass;
	/** null when not significant at 90 %. */
	confidence: Confidence | null;
	/** −3 … 3 as ArcGIS's Gi_Bin: the sign is hot (+) or cold (−), 3/2/1 = 99/95/90 %, 0 = neither. */
	bin: number;
}

/**
 * The class of a cell from its z-score and (two-sided, possibly FDR-adjusted) p-value.
 *
 * @example
 * classifySpot(2.1, 0.036); // { class: 'hot', confidence: 95, bin: 2 }
 */
export function classifySpot(z: number, p: number): SpotReading {
	const level = z === 0 ? undefined : CONFIDENCE_LEVELS.find((l) => p <= l.maxP);
	if (!level) return { class: 'none', confidence: null, bin: 0 };
	const sign = z > 0 ? 1 : -1;
	return {
		class: sign > 0 ? 'hot' : 'cold',
		confidence: level.confidence,
		bin: sign * (level.confidence === 99 ? 3 : level.confidence === 95 ? 2 : 1)
	};
}
