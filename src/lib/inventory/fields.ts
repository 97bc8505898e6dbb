/**
 * Valibot schemas for the fields that findings (fynd) and measures (åtgärder) share: a position
 * in Stockholm, a calendar date and a timestamp. Messages are Swedish, because they reach the
 * person who typed or tapped the value, and they quote the bad value.
 */
import * as v from 'valibot';

/** [lon, lat] in WGS84 degrees, GeoJSON order. */
export type LonLat = [number, number];

/**
 * The box positions must lie in: Stockholm with a margin, so a point on the map's edge is kept
 * but a position from GPS cold start (0, 0) or with lon and lat swapped is refused.
 */
export const STOCKHOLM_BBOX = { west: 17.6, south: 59.2, east: 18.3, north: 59.5 } as const;

/** Two finite numbers, nothing else. */
export function isLonLat(value: unknown): value is LonLat {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		value.every((n) => typeof n === 'number' && Number.isFinite(n))
	);
}

/**
 * True when a position is inside `STOCKHOLM_BBOX` (edges included).
 *
 * @example
 * isInStockholm([17.93, 59.41]); // true (Husby)
 * isInStockholm([59.41, 17.93]); // false (swapped)
 */
export function isInStockholm(position: LonLat): boolean {
	const [lon, lat] = position;
	const { west, south, east, north } = STOCKHOLM_BBOX;
	return lon >= west && lon <= east && lat >= south && lat <= north;
}

/** "[18.9, 59.4]" — NaN and Infinity stay visible, unlike JSON.stringify. */
export function formatValue(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
	if (typeof value === 'number') return String(value);
	return JSON.stringify(value) ?? String(value);
}

function positionMessage(input: unknown): string {
	const shown = formatValue(input);
	if (!isLonLat(input)) return `Ogiltig position ${shown}: ange [longitud, latitud] som två tal`;
	const swapped = isInStockholm([input[1], input[0]]);
	const { west, east, south, north } = STOCKHOLM_BBOX;
	return (
		`Positionen ${shown} ligger utanför Stockholm (longitud ${west}–${east}, latitud ${south}–${north})` +
		(swapped ? '; har longitud och latitud bytt plats?' : '')
	);
}

/** A [lon, lat] inside `STOCKHOLM_BBOX`. */
export const stockholmPosition = v.custom<LonLat>(
	(input) => isLonLat(input) && isInStockholm(input),
	(issue) => positionMessage(issue.input)
);

/** True for "YYYY-MM-DD" naming a day that exists (no 30 February). */
export function isRealDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
	// Date.UTC rolls 2025-02-30 over into March, so a date that does not exist comes back changed
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date "YYYY-MM-DD" that exists. `what` names the field in the message. */
export function calendarDate(what: string) {
	return v.pipe(
		v.string(`${what} ska vara ett datum ÅÅÅÅ-MM-DD`),
		v.check(isRealDate, (issue) => `${what} ${formatValue(issue.input)} är inget datum: ange ÅÅÅÅ-MM-DD`)
	);
}

const isoTimestamp = v.pipe(v.string(), v.isoTimestamp());

/**
 * An ISO 8601 timestamp with a time zone ("2025-05-14T18:30:00.000Z" or "…+02:00") on a day
 * that exists: the time a device recorded something, which may be days before it is synced.
 */
export function timestamp(what: string) {
	return v.pipe(
		v.string(`${what} ska vara en tidpunkt i ISO 8601`),
		v.check(
			(value) => v.is(isoTimestamp, value) && isRealDate(value.slice(0, 10)),
			(issue) => `${what} ${formatValue(issue.input)} är ingen tidpunkt: ange t.ex. 2025-05-14T18:30:00Z`
		)
	);
}
