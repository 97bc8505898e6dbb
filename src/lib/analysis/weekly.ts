/**
 * The week's hot spot analysis (issue 16), the parts that project with proj4 or need the normal
 * distribution: import these from `$lib/analysis/weekly` (server code, scripts), the light parts
 * (explanations, classes, the week comparison) from `$lib/analysis`. Kept apart so the map page's
 * bundle, which imports the index, does not carry proj4.
 */
export { getisOrdGiStar, giStarWithNeighbours, MIN_POINTS, type GiStar } from './hotspots';
export { distanceBandNeighbours, BAND_SLACK, type Neighbours } from './distance-band';
export { mannKendall, type MannKendall, type MannKendallOptions, type TrendDirection } from './mann-kendall';
export {
	hotspotGrid,
	FEW_REPORTS,
	type GridSummary,
	type HotspotCell,
	type HotspotGrid,
	type HotspotGridOptions,
	type HotspotGridSummary,
	type HotspotWarning,
	type HotspotWarningCode
} from './hotspot-grid';
export { DEFAULT_CELL_SIZE, MAX_CELLS, type GridOptions } from './grid';
export {
	emergingHotspots,
	categorise,
	EMERGING_CATEGORIES,
	MIN_EMERGING_WEEKS,
	type EmergingCategory,
	type EmergingCell,
	type EmergingHotspots,
	type EmergingHotspotsOptions,
	type EmergingSummary,
	type WeekOfReports
} from './emerging-hotspots';
