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
// The week's hot spots: the light parts here; the functions that project with proj4 or need the
// normal distribution (hotspotGrid, emergingHotspots, getisOrdGiStar, mannKendall) come from
// `$lib/analysis/weekly`, so that a page importing this index does not carry proj4 (~150 kB).
export { benjaminiHochberg } from './fdr';
export { classifySpot, CONFIDENCE_LEVELS, type Confidence, type SpotClass, type SpotReading } from './hotspot-class';
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
export type { HotspotCell, HotspotGrid, HotspotGridOptions, HotspotGridSummary, HotspotWarning, HotspotWarningCode } from './hotspot-grid';
export type { EmergingCategory, EmergingCell, EmergingHotspots, EmergingHotspotsOptions, EmergingSummary, WeekOfReports } from './emerging-hotspots';
