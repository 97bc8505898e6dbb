/**
 * This week against the weeks before it (default the previous four): counts per category, per
 * district and per both, with the change from the earlier weeks' mean.
 *
 * Honest about small and zero numbers: a zero baseline has no relative change (null, reading
 * 'new'), not "+∞ %" or "+100 %"; a row where both this week and the mean are below
 * SMALL_NUMBERS is flagged, because a change from 2 to 4 reports (+100 %) is well within what
 * chance gives week to week.
 */
import { AnalysisInputError } from './errors';
import { addWeeks, weekStart } from './iso-week';

export interface WeekReport {
	/** ISO week, e.g. "2024-W05". */
	week: string;
	category?: string | null;
	district?: string | null;
}

export interface WeekComparisonOptions {
	/** How many weeks before `week` make the baseline. Default 4. */
	baselineWeeks?: number;
	/** Categories to always list, with 0 when absent (e.g. every category of the report form). */
	categories?: string[];
	/** Districts to always list (e.g. Järva's eleven). */
	districts?: string[];
}

export type ChangeReading = 'none' | 'new' | 'gone' | 'up' | 'down' | 'same';

export interface WeekChange {
	current: number;
	/** Counts of the baseline weeks, oldest first. */
	baseline: number[];
	baselineMean: number;
	/** current − baselineMean */
	change: number;
	/** change / baselineMean; null when the baseline mean is 0. */
	relativeChange: number | null;
	reading: ChangeReading;
	/** Both this week and the mean are below SMALL_NUMBERS: the change may well be chance. */
	smallNumbers: boolean;
	/** The row in Swedish, e.g. "6 denna vecka mot i snitt 3,5 de 4 föregående (+2,5; +71 %)". */
	text: string;
}

export interface WeekComparison {
	week: string;
	/** The baseline weeks, oldest first. */
	baselineWeeks: string[];
	total: WeekChange;
	byCategory: (WeekChange & { category: string })[];
	byDistrict: (WeekChange & { district: string })[];
	byCategoryAndDistrict: (WeekChange & { category: string; district: string })[];
	/** Reports given whose week is neither `week` nor a baseline week (not counted). */
	otherWeeks: number;
}

/** Below this many reports a week, changes are read as "few reports". */
export const SMALL_NUMBERS = 5;
/** How reports without a category or district are grouped. */
export const UNKNOWN = 'okänd';

/**
 * Counts of `week` against the mean of the weeks before it.
 *
 * @example
 * compareWeeks(reports, '2024-W10', { districts: ['Husby', 'Rinkeby'] }).byDistrict;
 * // [{ district: 'Husby', current: 6, baseline: [3, 4, 2, 5], baselineMean: 3.5, change: 2.5, relativeChange: 0.714…, reading: 'up', … }, …]
 */
export function compareWeeks(reports: readonly WeekReport[], week: string, options: WeekComparisonOptions = {}): WeekComparison {
	const baselineCount = options.baselineWeeks ?? 4;
	if (typeof baselineCount !== 'number' || !Number.isInteger(baselineCount) || baselineCount < 1 || baselineCount > 52) {
		throw new AnalysisInputError(
			`Ogiltigt antal jämförelseveckor ${JSON.stringify(baselineCount)}: ange ett heltal 1–52 (standard 4).`,
			'invalid-option'
		);
	}
	weekStart(week);
	if (!Array.isArray(reports)) {
		throw new AnalysisInputError(`Ogiltiga rapporter ${JSON.stringify(reports)}: ange en lista av { week, category, district }.`);
	}
	const baselineWeeks = Array.from({ length: baselineCount }, (_, k) => addWeeks(week, k - baselineCount));
	const slot = new Map([...baselineWeeks, week].map((w, i) => [w, i]));
	const slots = baselineCount + 1;

	const total = new Array<number>(slots).fill(0);
	const byCategory = new Map<string, number[]>((options.categories ?? []).map((c) => [c, new Array<number>(slots).fill(0)]));
	const byDistrict = new Map<string, number[]>((options.districts ?? []).map((d) => [d, new Array<number>(slots).fill(0)]));
	const byBoth = new Map<string, { category: string; district: string; counts: number[] }>();
	const add = <K>(map: Map<K, number[]>, k: K, i: number) => {
		if (!map.has(k)) map.set(k, new Array<number>(slots).fill(0));
		map.get(k)![i]!++;
	};
	let otherWeeks = 0;
	reports.forEach((report, index) => {
		const w = report?.week;
		const i = slot.get(w);
		if (i === undefined) {
			weekStart(w); // a malformed week is an error, a week outside the window is not
			otherWeeks++;
			return;
		}
		const category = label(report.category, 'category', index);
		const district = label(report.district, 'district', index);
		total[i]!++;
		add(byCategory, category, i);
		add(byDistrict, district, i);
		const key = JSON.stringify([category, district]);
		if (!byBoth.has(key)) byBoth.set(key, { category, district, counts: new Array<number>(slots).fill(0) });
		byBoth.get(key)!.counts[i]!++;
	});

	const sorted = <T>(entries: [string, T][]) => entries.sort(([a], [b]) => a.localeCompare(b, 'sv'));
	return {
		week,
		baselineWeeks,
		total: change(total),
		byCategory: sorted([...byCategory]).map(([category, counts]) => ({ category, ...change(counts) })),
		byDistrict: sorted([...byDistrict]).map(([district, counts]) => ({ district, ...change(counts) })),
		byCategoryAndDistrict: [...byBoth.values()]
			.sort((a, b) => a.category.localeCompare(b.category, 'sv') || a.district.localeCompare(b.district, 'sv'))
			.map(({ category, district, counts }) => ({ category, district, ...change(counts) })),
		otherWeeks
	};
}

function label(value: unknown, what: 'category' | 'district', index: number): string {
	if (value === undefined || value === null || value === '') return UNKNOWN;
	if (typeof value !== 'string') {
		throw new AnalysisInputError(`Rapport ${index}: ogiltig ${what === 'category' ? 'kategori' : 'stadsdel'} ${JSON.stringify(value)}; ange en text.`);
	}
	return value;
}

/** counts: the baseline weeks oldest first, then this week. */
function change(counts: number[]): WeekChange {
	const current = counts.at(-1)!;
	const baseline = counts.slice(0, -1);
	const baselineMean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
	const delta = current - baselineMean;
	const relativeChange = baselineMean === 0 ? null : delta / baselineMean;
	const reading: ChangeReading =
		current === 0 && baselineMean === 0
			? 'none'
			: baselineMean === 0
				? 'new'
				: current === 0
					? 'gone'
					: delta > 0
						? 'up'
						: delta < 0
							? 'down'
							: 'same';
	const smallNumbers = current < SMALL_NUMBERS && baselineMean < SMALL_NUMBERS;
	return { current, baseline, baselineMean, change: delta, relativeChange, reading, smallNumbers, text: text(current, baselineMean, baseline.length, reading, relativeChange, smallNumbers) };
}

const sv = (v: number, digits = 1) => v.toLocaleString('sv-SE', { maximumFractionDigits: digits }).replace('-', '−');
const signed = (v: number, digits = 1) => (v > 0 ? `+${sv(v, digits)}` : sv(v, digits));

function text(current: number, mean: number, weeks: number, reading: ChangeReading, relative: number | null, small: boolean): string {
	const before = weeks === 1 ? 'veckan innan' : `de ${weeks} föregående`;
	const base =
		reading === 'none'
			? `Inga rapporter denna vecka eller ${before}.`
			: reading === 'new'
				? `${current} denna vecka; inga ${before} (ingen procentuell förändring att räkna ut).`
				: `${current} denna vecka mot i snitt ${sv(mean)} ${before} (${signed(current - mean)}; ${signed(relative! * 100, 0)} %).`;
	return small && reading !== 'none' ? `${base} Få rapporter: förändringen kan vara slump.` : base;
}
