/** The week's words, shared by the printable page and the PDF (no figures: safe for the browser bundle). */
import { weekStart } from '../analysis/iso-week';
import type { WeekChange } from '../analysis/week-comparison';

const dayMonth = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const decimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });

/** "Vecka 49, 2026 (30 november – 6 december 2026)". */
export function weekTitle(week: string): string {
	const monday = weekStart(week) * 86_400_000;
	const sunday = monday + 6 * 86_400_000;
	return `Vecka ${Number(week.slice(6))}, ${week.slice(0, 4)} (${dayMonth.format(monday)} – ${dayMonthYear.format(sunday)})`;
}

/** "+2,5 (+71 %)", "+3 (ny)", "–"; a trailing " *" when the numbers are small. */
export function changeText(c: WeekChange): string {
	if (c.reading === 'none') return '–';
	const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±');
	const relative = c.relativeChange === null ? (c.reading === 'new' ? ' (ny)' : '') : ` (${sign(c.relativeChange)}${Math.abs(Math.round(c.relativeChange * 100))} %)`;
	return `${sign(c.change)}${decimal.format(Math.abs(c.change))}${relative}${c.smallNumbers ? ' *' : ''}`;
}

export const formatDecimal = (n: number) => decimal.format(n);
