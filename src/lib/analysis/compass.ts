/**
 * Directions in the words users say: eight compass points in Swedish.
 */
import type { XY } from './local-metric';

/** The eight compass words, clockwise from north. */
export const COMPASS_WORDS = ['norr', 'nordost', 'öst', 'sydost', 'söder', 'sydväst', 'väst', 'nordväst'] as const;
export type CompassWord = (typeof COMPASS_WORDS)[number];

/**
 * The Swedish compass word for a bearing in degrees clockwise from north; each word covers
 * 45°, centred on its direction (öst is 67.5° up to, not including, 112.5°).
 *
 * @example
 * compassWord(90); // 'öst'
 * compassWord(-45); // 'nordväst'
 */
export function compassWord(bearing: number): CompassWord {
	if (!Number.isFinite(bearing)) throw new RangeError(`Invalid bearing ${bearing}: expected a finite number of degrees`);
	const sector = Math.round((((bearing % 360) + 360) % 360) / 45) % 8;
	return COMPASS_WORDS[sector]!;
}

/** Distance (m), bearing (degrees 0–360 clockwise from north) and compass word from a to b. */
export interface Direction {
	distance: number;
	bearing: number;
	compass: CompassWord;
}

/** Direction between two points of the same local metric plane (x east, y north). */
export function direction(a: XY, b: XY): Direction {
	const dx = b[0] - a[0];
	const dy = b[1] - a[1];
	// atan2(east, north) is the bearing clockwise from north
	const bearing = ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
	return { distance: Math.hypot(dx, dy), bearing, compass: compassWord(bearing) };
}
