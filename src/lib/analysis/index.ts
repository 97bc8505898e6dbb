/**
 * Lägeskartan's spatial analysis: pure functions, GeoJSON in, GeoJSON or plain data out.
 * Distances are metres and areas m², measured in a local metric plane (see local-metric.ts).
 * Bad input throws `AnalysisInputError` with a message that names the bad value.
 */
export { AnalysisInputError, type AnalysisInputErrorCode } from './errors';
export { compassWord, COMPASS_WORDS, type CompassWord, type Direction } from './compass';
export {
	compareScenes,
	STATUS_LABELS,
	RELATION_LABELS,
	type CompareScenesOptions,
	type RelationType,
	type SceneComparison,
	type SceneRelation,
	type SceneResult,
	type SceneStatus
} from './compare-scenes';
export { comparisonToGeoJSON } from './comparison-to-geojson';
export { centrography, centreShift, type Centrography, type CentrographyOptions, type EllipseProperties } from './centrography';
export {
	placesNearScenes,
	type PlaceNearScene,
	type PlacesNearScenes,
	type PlacesNearScenesOptions,
	type Tally
} from './places-near-scenes';
export { districtSummary, type DistrictRow, type DistrictSummaryOptions } from './district-summary';
export {
	weightedDisplacementQuotient,
	WDQ_READINGS,
	type IncidentCounts,
	type PeriodCounts,
	type WdqOptions,
	type WdqReading,
	type WdqResult
} from './wdq';
export { countIncidents, type IncidentAreas } from './count-incidents';
export { localMetric, localMetricFor, MAX_LAT_SPAN, MAX_LON_SPAN, type LocalMetric, type XY } from './local-metric';
export { getisOrdGiStar, giStarWithNeighbours, MIN_POINTS, type GiStar } from './hotspots';
export { distanceBandNeighbours, BAND_SLACK, type Neighbours } from './distance-band';
export { benjaminiHochberg } from './fdr';
export { mannKendall, type MannKendall, type MannKendallOptions, type TrendDirection } from './mann-kendall';
export { classifySpot, CONFIDENCE_LEVELS, type Confidence, type SpotClass, type SpotReading } from './hotspot-class';
export {
	hotspotGrid,
	FEW_REPORTS,
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
export {
	compareWeeks,
	SMALL_NUMBERS,
	type ChangeReading,
	type WeekChange,
	type WeekComparison,
	type WeekComparisonOptions,
	type WeekReport
} from './week-comparison';
export { isoWeek, addWeeks } from './iso-week';
export * from './hotspots-text';
