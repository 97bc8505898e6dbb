/**
 * The report categories of the weekly lägesbild (EST, effektiv samordning för trygghet). The list
 * is configurable: it lives in the `report_categories` table (seeded with these), the system
 * administrator adds more, and a category can be retired (kept for old reports, not offered in
 * the form). These are the ones EST usually starts with. No imports.
 */
export interface ReportCategory {
	id: string;
	label: string;
	/** false: retired, not offered for new reports. */
	active: boolean;
}

export const DEFAULT_REPORT_CATEGORIES: readonly Omit<ReportCategory, 'active'>[] = [
	{ id: 'skadegorelse', label: 'Skadegörelse' },
	{ id: 'klotter', label: 'Klotter' },
	{ id: 'nedskrapning', label: 'Nedskräpning' },
	{ id: 'ungdomsgrupperingar', label: 'Ungdomsgrupperingar' },
	{ id: 'narkotikahandel', label: 'Narkotikahandel' },
	{ id: 'ordningsstorning', label: 'Ordningsstörning' },
	{ id: 'hot-vald-personal', label: 'Hot och våld mot personal' },
	{ id: 'brand', label: 'Brand' },
	{ id: 'inbrott-stold', label: 'Inbrott och stöld' },
	{ id: 'trasig-belysning', label: 'Trasig belysning' },
	{ id: 'otrygg-plats', label: 'Otrygg plats' },
	{ id: 'ovrigt', label: 'Övrigt' }
];

/** Time of day bins the week page filters on (Stockholm wall time of the report's time). */
export const TIMES_OF_DAY = [
	{ id: 'natt', label: 'Natt (00–06)', from: 0, to: 6 },
	{ id: 'morgon', label: 'Morgon (06–10)', from: 6, to: 10 },
	{ id: 'dag', label: 'Dag (10–17)', from: 10, to: 17 },
	{ id: 'kvall', label: 'Kväll (17–24)', from: 17, to: 24 }
] as const;
export type TimeOfDay = (typeof TIMES_OF_DAY)[number]['id'] | 'okand';

/** The bin of "HH:MM", or 'okand' (a report with a period, or without a time). */
export function timeOfDay(time: string | null | undefined): TimeOfDay {
	if (!time) return 'okand';
	const hour = Number(time.slice(0, 2));
	return TIMES_OF_DAY.find((t) => hour >= t.from && hour < t.to)?.id ?? 'okand';
}

export const TIME_OF_DAY_LABELS: Record<TimeOfDay, string> = {
	...(Object.fromEntries(TIMES_OF_DAY.map((t) => [t.id, t.label])) as Record<Exclude<TimeOfDay, 'okand'>, string>),
	okand: 'Tid okänd eller en period'
};

/** What demo reports are called wherever they are shown. */
export const EXAMPLE_LABEL = 'Exempel – påhittade händelser';
