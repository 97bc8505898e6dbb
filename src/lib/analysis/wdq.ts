/**
 * Weighted Displacement Quotient (WDQ) and Total Net Effect (TNE), after Bowers & Johnson (2003),
 * "Measuring the geographical displacement and diffusion of benefit effects of crime prevention
 * activity", Journal of Quantitative Criminology 19(3).
 *
 * Counts of incidents before and after a measure in a target area (where the measure was), a
 * buffer around it (where crime could move to, or benefits spread to) and a control area (the
 * trend without the measure), with the ratios to control taken as:
 *
 *   success measure      SM  = Ta/Ca − Tb/Cb       (negative: the target improved relative to control)
 *   displacement measure DM  = Ba/Ca − Bb/Cb
 *   WDQ = DM / SM
 *   TNE = (Tb·Ca/Cb − Ta) + (Bb·Ca/Cb − Ba)        (positive: fewer incidents than the control trend predicts)
 *
 * WDQ only reads when the target improved: its sign is interpreted relative to a negative SM, so
 * the function refuses (AnalysisInputError) a zero control count, an SM of (near) zero and an SM
 * ≥ 0 rather than return a number that reads backwards. Messages are Swedish, for the analyst.
 */
import { AnalysisInputError } from './errors';

export interface PeriodCounts {
	before: number;
	after: number;
}

export interface IncidentCounts {
	target: PeriodCounts;
	buffer: PeriodCounts;
	control: PeriodCounts;
}

export interface WdqOptions {
	/** Below this magnitude SM counts as zero and WDQ as 0. Default 1e-9. */
	epsilon?: number;
}

export type WdqReading = 'diffusion-greater' | 'diffusion' | 'none' | 'displacement' | 'displacement-greater';

/** The standard reading of each WDQ range (Bowers & Johnson 2003, table 1), in Swedish. */
export const WDQ_READINGS: Record<WdqReading, string> = {
	'diffusion-greater': 'Spridning av positiva effekter som är större än den direkta effekten (WDQ > 1).',
	diffusion: 'Viss spridning av positiva effekter, mindre än den direkta effekten (0 < WDQ ≤ 1).',
	none: 'Ingen förflyttning och ingen spridning av positiva effekter (WDQ = 0).',
	displacement: 'Viss förflyttning, men mindre än den direkta effekten: insatsen ger ändå en nettovinst (−1 ≤ WDQ < 0).',
	'displacement-greater': 'Förflyttningen är större än den direkta effekten: insatsen har motverkat sitt syfte (WDQ < −1).'
};

export interface WdqResult {
	counts: IncidentCounts;
	/** Ta/Ca − Tb/Cb; negative here (the function refuses otherwise). */
	successMeasure: number;
	/** Ba/Ca − Bb/Cb */
	displacementMeasure: number;
	wdq: number;
	reading: WdqReading;
	/** The Swedish reading of `wdq`. */
	readingText: string;
	/** Incidents fewer (positive) or more (negative) in target + buffer than the control trend predicts. */
	totalNetEffect: number;
	/** The Swedish reading of `totalNetEffect`. */
	totalNetEffectText: string;
}

const AREA_WORDS = { target: 'målområdet', buffer: 'buffertområdet', control: 'kontrollområdet' } as const;
const PERIOD_WORDS = { before: 'före', after: 'efter' } as const;

/**
 * WDQ, success and displacement measures and TNE for before/after counts.
 *
 * @example
 * weightedDisplacementQuotient({
 *   target: { before: 100, after: 60 },
 *   buffer: { before: 80, after: 70 },
 *   control: { before: 200, after: 200 }
 * });
 * // { successMeasure: -0.2, displacementMeasure: -0.05, wdq: 0.25, reading: 'diffusion', totalNetEffect: 50, … }
 */
export function weightedDisplacementQuotient(counts: IncidentCounts, options: WdqOptions = {}): WdqResult {
	const epsilon = options.epsilon ?? 1e-9;
	if (typeof epsilon !== 'number' || !(epsilon >= 0)) {
		throw new AnalysisInputError(`Ogiltigt epsilon ${JSON.stringify(epsilon)}: ange ett tal ≥ 0.`, 'invalid-option');
	}
	checkCounts(counts);
	const { target: t, buffer: b, control: c } = counts;

	for (const period of ['before', 'after'] as const) {
		if (c[period] === 0) {
			throw new AnalysisInputError(
				`Kontrollområdet har 0 händelser ${PERIOD_WORDS[period]} (control.${period} = 0): WDQ och TNE räknar ` +
					'mål- och buffertområdet i förhållande till kontrollområdet och kan inte beräknas. ' +
					'Välj ett större kontrollområde eller en längre period.',
				'control-zero'
			);
		}
	}

	const successMeasure = t.after / c.after - t.before / c.before;
	const sm = `Ta/Ca − Tb/Cb = ${t.after}/${c.after} − ${t.before}/${c.before} = ${round(successMeasure)}`;
	if (Math.abs(successMeasure) < epsilon) {
		throw new AnalysisInputError(
			`Målområdet har inte förändrats i förhållande till kontrollområdet (framgångsmått ${sm}, ` +
				`|värde| < ${epsilon}): WDQ delar med framgångsmåttet och går inte att beräkna.`,
			'success-measure-zero'
		);
	}
	if (successMeasure > 0) {
		throw new AnalysisInputError(
			`Målområdet har inte förbättrats i förhållande till kontrollområdet (framgångsmått ${sm} > 0): ` +
				'WDQ kan bara läsas när målområdet förbättrats (framgångsmåttet är negativt); ' +
				'annars blir tolkningen av förflyttning och spridning omvänd.',
			'target-not-improved'
		);
	}

	const displacementMeasure = b.after / c.after - b.before / c.before;
	const wdq = displacementMeasure / successMeasure + 0; // + 0 turns −0 into 0
	const reading: WdqReading =
		Math.abs(wdq) < epsilon
			? 'none'
			: wdq > 1
				? 'diffusion-greater'
				: wdq > 0
					? 'diffusion'
					: wdq >= -1
						? 'displacement'
						: 'displacement-greater';

	const trend = c.after / c.before;
	const totalNetEffect = t.before * trend - t.after + (b.before * trend - b.after);
	return {
		counts,
		successMeasure,
		displacementMeasure,
		wdq,
		reading,
		readingText: WDQ_READINGS[reading],
		totalNetEffect,
		totalNetEffectText: netEffectText(totalNetEffect, epsilon)
	};
}

function checkCounts(counts: IncidentCounts): void {
	for (const area of ['target', 'buffer', 'control'] as const) {
		for (const period of ['before', 'after'] as const) {
			const value = (counts as unknown as Record<string, Record<string, unknown> | undefined>)?.[area]?.[period];
			if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
				throw new AnalysisInputError(
					`Ogiltigt antal för ${AREA_WORDS[area]} ${PERIOD_WORDS[period]} (${area}.${period} = ${JSON.stringify(value)}): ` +
						'antal händelser ska vara ett heltal ≥ 0.',
					'invalid-count'
				);
			}
		}
	}
}

function netEffectText(tne: number, epsilon: number): string {
	const n = Math.abs(tne).toFixed(1).replace('.', ',');
	if (Math.abs(tne) < epsilon) return 'Ingen nettoeffekt: mål- och buffertområdet följde kontrollområdets utveckling.';
	return tne > 0
		? `Nettoeffekt: cirka ${n} färre händelser i mål- och buffertområdet än kontrollområdets utveckling ger.`
		: `Nettoeffekt: cirka ${n} fler händelser i mål- och buffertområdet än kontrollområdets utveckling ger.`;
}

const round = (x: number) => Number(x.toPrecision(6));
