/**
 * An indicator as small multiples: one panel per area, the years along x, every value written at
 * its point. Numbers are drawn on a scale from zero (a line between the years the series has; a
 * missing year breaks the line rather than bridging it). A grade on a stated scale (the police's
 * "negativ/positiv utveckling") is drawn as its levels in order, never as a number. An indicator
 * with invented numbers says so on the chart itself.
 */
import * as Plot from '@observablehq/plot';
import { formatNumber } from '../../format';
import { areasAndYears, EXAMPLE_MARK, formatIndicatorValue } from '../indicators';
import type { IndicatorSeries } from '../model';
import { plotSvg } from './plot-svg';

/** Width in SVG units; the document scales every chart to its text width (~16 cm). */
export const CHART_WIDTH = 480;
const PANEL_HEIGHT = 112;
/** Panels per row: four fit two years' labels side by side, three fit more. */
const columnsFor = (years: number) => (years <= 2 ? 4 : 3);
const INK = '#1f4fa3';
const EXAMPLE_INK = '#b00020';

interface Point {
	area: string;
	year: number;
	/** A number, or the grade's level; NaN/null where the series has no value (breaks the line). */
	value: number | string | null;
	label: string;
}

/**
 * Every area × year, with `null` where the series has none: Plot then leaves a gap instead of
 * drawing a line through a year nobody measured.
 */
function points(series: IndicatorSeries, areas: string[], years: number[]): Point[] {
	const byKey = new Map(series.values.map((v) => [`${v.area}\u0000${v.year}`, v.value]));
	return areas.flatMap((area) =>
		years.map((year) => {
			const value = byKey.get(`${area}\u0000${year}`);
			return { area, year, value: value ?? null, label: value === undefined ? '' : formatIndicatorValue(value) };
		})
	);
}

/** "2021", or "’21" when more than four years share a panel. */
const yearLabel = (count: number) => (year: number) => (count > 4 ? `’${String(year).slice(2)}` : String(year));

/**
 * The indicator as an SVG chart, deterministic (see plot-svg.ts).
 *
 * @example
 * indicatorChartSvg({ title: 'Anmälda livskvalitetsbrott', unit: 'antal', scale: null, values: […], … });
 */
export function indicatorChartSvg(series: IndicatorSeries): string {
	const { areas, years } = areasAndYears(series);
	const columns = Math.min(columnsFor(years.length), Math.max(1, areas.length));
	const rows = Math.ceil(areas.length / columns);
	const slot = new Map(areas.map((area, i) => [area, i]));
	const fx = (d: { area: string }) => slot.get(d.area)! % columns;
	const fy = (d: { area: string }) => Math.floor(slot.get(d.area)! / columns);
	const data = points(series, areas, years);
	const grade = series.scale?.kind === 'grade' ? series.scale : null;
	const numbers = series.values.flatMap((v) => (typeof v.value === 'number' ? [v.value] : []));
	const marginTop = series.example ? 34 : 16;
	const y: Plot.ScaleOptions = grade
		? // a point scale puts its first level on top: reversed, the best level is on top
			{ type: 'point', domain: [...grade.levels].reverse(), label: null, grid: true, insetTop: 24, insetBottom: 8 }
		: {
				domain: [Math.min(0, ...numbers), Math.max(0, ...numbers)],
				nice: true,
				grid: true,
				label: series.unit,
				labelArrow: 'none',
				ticks: 4,
				// room above the highest value for its label, below the panel's name
				insetTop: 26,
				tickFormat: (n: number) => formatNumber(n)
			};
	const marks: Plot.Markish[] = [
		Plot.frame({ stroke: '#b8b2a7' }),
		Plot.text(areas, {
			fx: (area: string) => slot.get(area)! % columns,
			fy: (area: string) => Math.floor(slot.get(area)! / columns),
			text: (area: string) => area,
			frameAnchor: 'top-left',
			dx: 4,
			dy: 4,
			fontWeight: 'bold'
		})
	];
	if (!grade) marks.push(Plot.lineY(data, { fx, fy, x: 'year', y: 'value', stroke: INK, strokeWidth: 1.5 }));
	marks.push(Plot.dot(data, { fx, fy, x: 'year', y: 'value', fill: INK, r: 3 }));
	if (!grade) marks.push(Plot.text(data, { fx, fy, x: 'year', y: 'value', text: 'label', dy: -8 }));
	if (series.example) {
		marks.push(
			Plot.text([EXAMPLE_MARK], { facet: 'super', frameAnchor: 'top-left', dy: -marginTop + 4, fill: EXAMPLE_INK, fontWeight: 'bold', fontSize: 12 })
		);
	}
	return plotSvg({
		width: CHART_WIDTH,
		height: rows * PANEL_HEIGHT + marginTop + 24,
		marginTop,
		marginLeft: grade ? Math.max(...grade.levels.map((l) => l.length)) * 5.2 + 12 : 44,
		marginRight: 12,
		marginBottom: 24,
		fx: { axis: null, padding: 0.1 },
		fy: { axis: null, padding: 0.18 },
		x: { type: 'point', domain: years, label: null, inset: 14, tickFormat: yearLabel(years.length) },
		y,
		marks
	});
}
