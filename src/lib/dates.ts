/**
 * Every date and time the app shows or writes, in one place and one time zone: Stockholm's, whatever
 * the device, the server or the CI machine says (a laptop set to UTC would otherwise show a meeting
 * an hour early, and a measure due today overdue before midnight). Swedish forms throughout.
 */
export const TIME_ZONE = 'Europe/Stockholm';

const shortDateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short' });
const longDateTime = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'long', timeStyle: 'short' });
const longDate = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, dateStyle: 'long' });
const weekdayDate = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const isoDate = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const wallClock = new Intl.DateTimeFormat('sv-SE', {
	timeZone: TIME_ZONE,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
	hourCycle: 'h23'
});

/** A calendar date (YYYY-MM-DD) at noon UTC, so no time zone moves it to another day. */
const calendarDay = (date: string) => new Date(`${date}T12:00:00Z`);

function formatWith(format: Intl.DateTimeFormat, iso: string, when = new Date(iso)): string {
	return Number.isNaN(when.getTime()) ? iso : format.format(when);
}

/** A server timestamp (ISO 8601) in a table or a history: "2026-11-25 14:05". */
export function formatTime(iso: string): string {
	return formatWith(shortDateTime, iso);
}

/** A timestamp in running text: "14 maj 2025 kl. 18:30". */
export function formatDateTime(iso: string): string {
	return formatWith(longDateTime, iso);
}

/** A date or a timestamp as a date: "14 maj 2025". */
export function formatDate(iso: string): string {
	return formatWith(longDate, iso, iso.length === 10 ? calendarDay(iso) : new Date(iso));
}

/** A calendar date (YYYY-MM-DD) as read aloud: "onsdag 12 mars 2025". */
export function formatLongDate(date: string): string {
	return weekdayDate.format(calendarDay(date));
}

/**
 * The calendar date in Stockholm at `now`, "YYYY-MM-DD". Between midnight and 01:00/02:00 local
 * time the UTC date is still yesterday, which would make a measure overdue a day late.
 *
 * @example
 * stockholmDate(new Date('2025-05-31T22:30:00Z')); // '2025-06-01'
 */
export function stockholmDate(now: Date = new Date()): string {
	// the sv-SE locale writes dates as YYYY-MM-DD
	return isoDate.format(now);
}

/**
 * An instant as the Date whose UTC fields are Stockholm's wall clock: a spreadsheet has no time
 * zones, and the writer counts days from the Date's UTC value, so 18:44Z in December shows 19:44.
 */
export function stockholmWallTime(instant: Date): Date {
	const parts = Object.fromEntries(wallClock.formatToParts(instant).map((p) => [p.type, p.value]));
	return new Date(Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!));
}
