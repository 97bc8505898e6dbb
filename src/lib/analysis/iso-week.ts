/**
 * ISO 8601 weeks ("2024-W05"), the weeks Swedish calendars number: Monday to Sunday, week 1 is
 * the one with the year's first Thursday. Pure arithmetic on UTC days, no time zones.
 */
import { AnalysisInputError } from './errors';

const WEEK = /^(\d{4})-W(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of the Monday of ISO week 1 of `year`. */
function week1Monday(year: number): number {
	const jan4 = Date.UTC(year, 0, 4) / DAY_MS;
	const weekday = (new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	return jan4 - weekday;
}

const weeksIn = (year: number) => (week1Monday(year + 1) - week1Monday(year)) / 7;

/**
 * The Monday (UTC day number since 1970-01-01) of an ISO week; throws on a malformed or
 * non-existent week such as "2023-W53".
 */
export function weekStart(week: string): number {
	const m = typeof week === 'string' ? WEEK.exec(week) : null;
	const year = m ? Number(m[1]) : NaN;
	const number = m ? Number(m[2]) : NaN;
	if (!m || number < 1 || number > weeksIn(year)) {
		throw new AnalysisInputError(
			`Ogiltig vecka ${JSON.stringify(week)}: ange en ISO-vecka som "2024-W05" (år ${m ? `${year} har ${weeksIn(year)} veckor` : 'och veckonummer'}).`,
			'invalid-week'
		);
	}
	return week1Monday(year) + (number - 1) * 7;
}

/** The ISO week of a UTC day number. */
function weekOfDay(day: number): string {
	const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
	const thursday = day - weekday + 3; // the week belongs to the year its Thursday is in
	const year = new Date(thursday * DAY_MS).getUTCFullYear();
	const number = Math.floor((thursday - week1Monday(year)) / 7) + 1;
	return `${year}-W${String(number).padStart(2, '0')}`;
}

/**
 * The ISO week a moment falls in, in UTC.
 *
 * @example
 * isoWeek('2024-12-30T10:00:00Z'); // '2025-W01'
 */
export function isoWeek(moment: Date | string | number): string {
	const time = new Date(moment).getTime();
	if (!Number.isFinite(time)) {
		throw new AnalysisInputError(`Ogiltig tidpunkt ${JSON.stringify(moment)}: ange ett datum, t.ex. "2024-02-01".`, 'invalid-week');
	}
	return weekOfDay(Math.floor(time / DAY_MS));
}

/**
 * The week `offset` weeks from `week` (negative: earlier).
 *
 * @example
 * addWeeks('2025-W01', -1); // '2024-W52'
 */
export function addWeeks(week: string, offset: number): string {
	return weekOfDay(weekStart(week) + offset * 7);
}
