/**
 * Emerging hot spots over the last weeks: a simplified version of ArcGIS's Emerging Hot Spot
 * Analysis. Every week is analysed on the same anchored grid as hotspot-grid.ts (Gi*, FDR, hot or
 * cold at the chosen confidence); then each cell's weekly z-scores get a Mann–Kendall trend test
 * (mann-kendall.ts), and the pattern of hot weeks and the trend give the category.
 *
 * Categories, with ArcGIS's definitions (hot side; cold spots mirror them with z negated), n the
 * number of weeks and "most" = at least 90 % of them (⌈0,9·n⌉: all 8 of 8, 11 of 12):
 *
 *   new           hot in the last week only
 *   consecutive   one unbroken run of ≥ 2 hot weeks up to the last, never hot before it, not "most"
 *   intensifying  hot in most weeks including the last, z rising significantly (Mann–Kendall)
 *   persistent    hot in most weeks including the last, no significant trend
 *   diminishing   hot in most weeks including the last, z falling significantly
 *   sporadic      hot in the last week and some earlier ones, not most, never cold
 *   oscillating   hot in the last week, cold in some earlier one, not most hot
 *   historical    hot in most weeks but not the last
 *   none          none of these
 *
 * The order of checks settles overlaps: "most" first, then oscillating (a swing from cold to hot
 * says more than "new"), then new, consecutive, sporadic. Hot patterns are read before cold ones;
 * a cell can only be hot or cold in its last week, so only "historical" could match both.
 *
 * "As far as the data allows": fewer weeks than `minWeeks` (default 8) is refused with
 * AnalysisInputError 'too-few-weeks'; weeks must be consecutive ISO weeks (a missing week would
 * bend the trend), an empty week given as an empty collection.
 */
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { AnalysisInputError } from './errors';
import { benjaminiHochberg } from './fdr';
import { buildGrid, cellPolygon, countReports, projectReports } from './grid';
import { classifySpot, CONFIDENCE_LEVELS, type Confidence, type SpotClass } from './hotspot-class';
import { checkHotspotBand, FEW_REPORTS, gridNeighbours, gridSummary, type GridSummary, type HotspotGridOptions } from './hotspot-grid';
import { giStarWithNeighbours, MIN_POINTS } from './hotspots';
import { addWeeks, weekStart } from './iso-week';
import { mannKendall, type TrendDirection } from './mann-kendall';

export type EmergingCategory =
	| 'new'
	| 'consecutive'
	| 'intensifying'
	| 'persistent'
	| 'diminishing'
	| 'sporadic'
	| 'oscillating'
	| 'historical'
	| 'none';

export const EMERGING_CATEGORIES: readonly EmergingCategory[] = [
	'new',
	'consecutive',
	'intensifying',
	'persistent',
	'diminishing',
	'sporadic',
	'oscillating',
	'historical',
	'none'
];

export interface WeekOfReports {
	/** ISO week, e.g. "2024-W05". */
	week: string;
	reports: FeatureCollection<Point>;
}

export interface EmergingHotspotsOptions extends HotspotGridOptions {
	/** Fewest weeks the analysis accepts. Default 8. */
	minWeeks?: number;
	/** Confidence a week's cell must reach to count as hot or cold that week. Default 90 (ArcGIS's). */
	confidence?: Confidence;
	/** Significance level of the Mann–Kendall trend. Default 0.05. */
	trendAlpha?: number;
}

export interface EmergingCell {
	id: string;
	category: EmergingCategory;
	/** Whether the category describes a hot or a cold spot; null for 'none'. */
	spot: 'hot' | 'cold' | null;
	/** Weeks the cell was hot / cold at the chosen confidence. */
	hotWeeks: number;
	coldWeeks: number;
	/** Mann–Kendall on the weekly z-scores. */
	trend: { tau: number; z: number; p: number; direction: TrendDirection };
	/** Per week, oldest first. */
	counts: number[];
	z: number[];
	classes: SpotClass[];
}

export interface EmergingSummary extends GridSummary {
	weeks: string[];
	fdr: boolean;
	confidence: Confidence;
	trendAlpha: number;
	/** Reports counted per week (inside the study area). */
	reports: number[];
	outside: number[];
	/** Cells per category and spot, e.g. { 'new-hot': 3, 'persistent-cold': 1, none: 700 }. */
	categories: Record<string, number>;
	/** Weeks with fewer than 30 reports: their z-scores are rough. */
	weeksWithFewReports: string[];
}

export type EmergingHotspots = FeatureCollection<Polygon, EmergingCell> & { properties: EmergingSummary };

export const MIN_EMERGING_WEEKS = 8;

/**
 * Emerging hot and cold spots over consecutive weeks of reports, oldest week first.
 *
 * @example
 * const result = emergingHotspots(lastTenWeeks, { studyArea: jarvaDistricts });
 * result.features.filter((c) => c.properties.category === 'new' && c.properties.spot === 'hot');
 * // throws AnalysisInputError (code 'too-few-weeks') when given fewer than 8 weeks
 */
export function emergingHotspots(weeks: WeekOfReports[], options: EmergingHotspotsOptions = {}): EmergingHotspots {
	const minWeeks = options.minWeeks ?? MIN_EMERGING_WEEKS;
	if (typeof minWeeks !== 'number' || !Number.isInteger(minWeeks) || minWeeks < 3) {
		throw new AnalysisInputError(`Ogiltigt minsta antal veckor ${JSON.stringify(minWeeks)}: ange ett heltal ≥ 3.`, 'invalid-option');
	}
	const confidence = options.confidence ?? 90;
	const level = CONFIDENCE_LEVELS.find((l) => l.confidence === confidence);
	if (!level) {
		throw new AnalysisInputError(`Ogiltig konfidensnivå ${JSON.stringify(confidence)}: välj 90, 95 eller 99.`, 'invalid-option');
	}
	const trendAlpha = options.trendAlpha ?? 0.05;
	const fdr = options.fdr ?? true;
	checkWeeks(weeks, minWeeks);

	const projected = weeks.map((w, i) => projectReports(w?.reports, `weeks[${i}] (${w.week}).reports`));
	const grid = buildGrid(options, projected.flat());
	const band = checkHotspotBand(options, grid.cellSize);
	const neighbours = gridNeighbours(grid, band);
	if (!neighbours) {
		throw new AnalysisInputError(
			`Studieområdet ger ${grid.cells.length} ruta/rutor om ${grid.cellSize} m; Gi* behöver minst ${MIN_POINTS}.`,
			'too-few-points'
		);
	}

	const perWeek = projected.map((xy) => {
		const { counts, outside } = countReports(grid, xy);
		const { z, p } = giStarWithNeighbours(neighbours, counts);
		const used = fdr ? benjaminiHochberg(p) : p;
		const classes = z.map((zi, i) => {
			const reading = classifySpot(zi, used[i]!);
			// significant at the chosen level or stronger
			return reading.confidence !== null && reading.confidence >= confidence ? reading.class : 'none';
		});
		return { counts, outside, z, classes, reports: xy.length - outside };
	});

	const categories: Record<string, number> = {};
	const features = grid.cells.map((cell, i) => {
		const z = perWeek.map((w) => w.z[i]!);
		const classes = perWeek.map((w) => w.classes[i]!);
		const mk = mannKendall(z, { alpha: trendAlpha });
		const { category, spot } = categorise(classes, mk.trend);
		const label = spot ? `${category}-${spot}` : category;
		categories[label] = (categories[label] ?? 0) + 1;
		return {
			type: 'Feature' as const,
			id: cell.id,
			properties: {
				id: cell.id,
				category,
				spot,
				hotWeeks: classes.filter((c) => c === 'hot').length,
				coldWeeks: classes.filter((c) => c === 'cold').length,
				trend: { tau: mk.tau, z: mk.z, p: mk.p, direction: mk.trend },
				counts: perWeek.map((w) => w.counts[i]!),
				z,
				classes
			},
			geometry: cellPolygon(grid, cell)
		};
	});

	return {
		type: 'FeatureCollection',
		properties: {
			weeks: weeks.map((w) => w.week),
			...gridSummary(grid, band),
			fdr,
			confidence,
			trendAlpha,
			reports: perWeek.map((w) => w.reports),
			outside: perWeek.map((w) => w.outside),
			categories,
			weeksWithFewReports: weeks.filter((_, t) => perWeek[t]!.reports < FEW_REPORTS).map((w) => w.week)
		},
		features
	};
}

/**
 * The category of one cell from its weekly classes (oldest first) and the trend of its z-scores.
 *
 * @example
 * categorise(['none', 'none', 'none', 'none', 'none', 'none', 'none', 'hot'], 'none'); // { category: 'new', spot: 'hot' }
 */
export function categorise(
	classes: readonly SpotClass[],
	trend: TrendDirection
): { category: EmergingCategory; spot: 'hot' | 'cold' | null } {
	const hot = patternOf(classes, 'hot', 'cold', trend === 'increasing' ? 'rising' : trend === 'decreasing' ? 'falling' : 'flat');
	if (hot !== 'none') return { category: hot, spot: 'hot' };
	// for a cold spot a falling z is a strengthening one
	const cold = patternOf(classes, 'cold', 'hot', trend === 'decreasing' ? 'rising' : trend === 'increasing' ? 'falling' : 'flat');
	if (cold !== 'none') return { category: cold, spot: 'cold' };
	return { category: 'none', spot: null };
}

/** The category for spots of kind `self`; `strength` is the trend of the spot's intensity. */
function patternOf(classes: readonly SpotClass[], self: SpotClass, opposite: SpotClass, strength: 'rising' | 'falling' | 'flat'): EmergingCategory {
	const n = classes.length;
	const last = classes[n - 1] === self;
	const count = classes.filter((c) => c === self).length;
	const most = count >= Math.ceil(0.9 * n);
	if (most) {
		if (!last) return 'historical';
		return strength === 'rising' ? 'intensifying' : strength === 'falling' ? 'diminishing' : 'persistent';
	}
	if (!last) return 'none';
	if (classes.slice(0, -1).includes(opposite)) return 'oscillating';
	if (count === 1) return 'new';
	let run = 0;
	while (run < n && classes[n - 1 - run] === self) run++;
	if (run === count) return 'consecutive'; // run ≥ 2 here, since count ≥ 2
	return 'sporadic';
}

function checkWeeks(weeks: unknown, minWeeks: number): asserts weeks is WeekOfReports[] {
	if (!Array.isArray(weeks)) {
		throw new AnalysisInputError(`Ogiltiga veckor ${JSON.stringify(weeks)}: ange en lista av { week, reports }, äldst först.`);
	}
	if (weeks.length < minWeeks) {
		throw new AnalysisInputError(
			`Framväxande heta områden kräver minst ${minWeeks} veckor, fick ${weeks.length}: trenden i en kortare serie går inte att ` +
				'skilja från slumpen. Vänta in fler veckor eller visa veckans heta områden.',
			'too-few-weeks'
		);
	}
	weeks.forEach((w: WeekOfReports, i) => {
		weekStart(w?.week);
		if (i > 0 && w.week !== addWeeks(weeks[i - 1].week, 1)) {
			throw new AnalysisInputError(
				`Veckorna måste följa på varandra, äldst först: efter ${weeks[i - 1].week} kommer ${addWeeks(weeks[i - 1].week, 1)}, ` +
					`inte ${w.week}. En vecka utan rapporter anges med en tom samling.`,
				'invalid-week'
			);
		}
	});
}
