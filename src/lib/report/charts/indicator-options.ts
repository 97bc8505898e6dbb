/**
 * An indicator as small multiples: one panel per area, the years along x, every value written at
 * its point. Numbers are drawn on a scale from zero (a line between the years the series has; a
 * missing year breaks the line rather than bridging it). A grade on a stated scale (the police's
 * "negativ/positiv utveckling") is drawn as its levels in order, never as a number. An indicator
 * with invented numbers says so on the chart itself.
 */
import type * as PlotModule from '@observablehq/plot';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { formatNumber } from '../../format';
import { areasAndYears, EXAMPLE_MARK, formatIndicatorValue } from '../indicators';
import type { IndicatorSeries } from '../model';

/**
 * Plot itself is passed in, never imported here: the server draws with it statically (plot-svg.ts,
 * a DOM from linkedom), the indicator page loads it with a dynamic import, so only that page
 * downloads it.
 */
type Plot = typeof PlotModule;

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
 * The indicator as Plot options: small multiples, one panel per area.
 *
 * @example
 * Plot.plot(indicatorChartOptions(series, Plot));
 */
export function indicatorChartOptions(series: IndicatorSeries, Plot: Plot, width = CHART_WIDTH): PlotModule.PlotOptions {
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
	const y: PlotModule.ScaleOptions = grade
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
	const marks: PlotModule.Markish[] = [
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
	return {
		width,
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
	};
}

/**
 * One year of an indicator on a map of the districts (a choropleth): darker is more, a grade's
 * levels from the worst (red) to the best (green); districts without a value are grey.
 * Larger areas (Järva, …) are not districts and are not drawn. Every district is labelled with its
 * value, so the map can be read without telling colours apart.
 */
export function choroplethOptions(
	series: IndicatorSeries,
	year: number,
	districts: FeatureCollection<Polygon | MultiPolygon>,
	Plot: Plot,
	width = 640
): PlotModule.PlotOptions {
	const values = new Map(series.values.filter((v) => v.year === year).map((v) => [v.area, v.value]));
	const valueOf = (f: { properties: Record<string, unknown> | null }) => values.get(String(f.properties?.['name'] ?? ''));
	const grade = series.scale?.kind === 'grade' ? series.scale : null;
	const name = (f: { properties: Record<string, unknown> | null }) => String(f.properties?.['name'] ?? '');
	const label = (f: { properties: Record<string, unknown> | null }) => {
		const value = valueOf(f);
		return value === undefined ? name(f) : `${name(f)}\n${formatIndicatorValue(value)}`;
	};
	const valued = { ...districts, features: districts.features.filter((f) => valueOf(f) !== undefined) };
	return {
		width,
		height: Math.round(width * 0.8),
		projection: { type: 'mercator', domain: districts, inset: 10 },
		color: grade
			? { type: 'ordinal', domain: [...grade.levels], range: ['#c0392b', '#e0b040', '#2e8b57', '#1f6f8b', '#555'].slice(0, grade.levels.length), legend: true, label: series.unit }
			: { type: 'sequential', scheme: 'blues', legend: true, label: series.unit, zero: true, tickFormat: (n: number) => formatNumber(n) },
		marks: [
			// every district grey (no value), then those with a value in its colour
			Plot.geo(districts, { fill: '#e6e3dc', stroke: '#fff', strokeWidth: 1.5 }),
			Plot.geo(valued, { fill: (f) => valueOf(f), stroke: '#fff', strokeWidth: 1.5 }),
			Plot.text(districts.features, Plot.centroid({ text: label, fill: '#1a1a1a', stroke: '#fff', strokeWidth: 3, fontSize: 11, lineHeight: 1.15 })),
			...(series.example ? [Plot.text([EXAMPLE_MARK], { frameAnchor: 'top-left', fill: '#b00020', fontWeight: 'bold', fontSize: 13 })] : [])
		]
	};
}
