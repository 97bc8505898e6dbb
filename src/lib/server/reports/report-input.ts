/** Reading the reports' list filter from the query: bad values are a 400 naming what they may be. */
import { addWeeks, isoWeek, weekStart } from '$lib/analysis/iso-week';
import { TIMES_OF_DAY, type TimeOfDay } from '$lib/reports/categories';
import { BadParamError } from '../errors';
import type { ReportFilter } from './report-store';

const TIME_IDS = [...TIMES_OF_DAY.map((t) => t.id), 'okand'] as const;

/** An ISO week parameter ("2026-W49"), or `fallback`. */
export function weekParam(url: URL, name: string, fallback: string): string {
	const raw = url.searchParams.get(name);
	if (raw === null || raw === '') return fallback;
	try {
		weekStart(raw);
		return raw;
	} catch {
		throw new BadParamError(name, `Ogiltig vecka ${JSON.stringify(raw.slice(0, 40))} för ${name}: ange en ISO-vecka som 2026-W49.`);
	}
}

/** The current ISO week in Stockholm (close enough at the day's edges: weeks change at midnight local time). */
export function currentWeek(now = Date.now()): string {
	const stockholm = new Date(now).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 10);
	return isoWeek(`${stockholm}T12:00:00Z`);
}

const list = (url: URL, name: string) =>
	(url.searchParams.get(name) ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.slice(0, 50);

/**
 * `?week=2026-W49` (one week) or `?from=2026-W40&to=2026-W49`, with `category`, `organisation`,
 * `district` and `timeOfDay` as comma-separated lists. No week: every report.
 */
export function reportFilter(url: URL): ReportFilter {
	const filter: ReportFilter = {};
	const week = url.searchParams.get('week');
	if (week) {
		filter.fromWeek = filter.toWeek = weekParam(url, 'week', '');
	} else if (url.searchParams.get('from') || url.searchParams.get('to')) {
		const to = weekParam(url, 'to', currentWeek());
		filter.fromWeek = weekParam(url, 'from', addWeeks(to, -51));
		filter.toWeek = to;
		if (weekStart(filter.fromWeek) > weekStart(to)) throw new BadParamError('from', `from (${filter.fromWeek}) ligger efter to (${to}).`);
	}
	filter.categories = list(url, 'category');
	filter.organisations = list(url, 'organisation');
	filter.districts = list(url, 'district');
	const times = list(url, 'timeOfDay');
	const bad = times.find((t) => !(TIME_IDS as readonly string[]).includes(t));
	if (bad) throw new BadParamError('timeOfDay', `Okänd tid på dygnet "${bad.slice(0, 30)}". Tillåtna: ${TIME_IDS.join(', ')}.`, [...TIME_IDS]);
	filter.timesOfDay = times as TimeOfDay[];
	return filter;
}
