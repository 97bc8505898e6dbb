/**
 * Schemas for the features Lägeskartan keeps. Every feature, whatever its layer, says what it is
 * (`id`, `name`), where it came from (`source`) and how precise its geometry is (`precision`,
 * `precisionMeters`); features that the lägesbild does not name are flagged `example: true`.
 *
 * Code values are English; the Swedish words users see live in `labels.ts`.
 */
import * as v from 'valibot';

// The code values themselves live in vocabulary.ts (no valibot there, so a page that only needs the
// words, like the map's legend, does not load the validator); re-exported here for the schemas' users.
export * from './vocabulary';
import { AREA_CLASSES, PLACE_CATEGORIES, PRECISIONS, SCENE_DRAWINGS, DISTRICTS } from './vocabulary';

const id = v.pipe(
	v.string(),
	v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be lower-case kebab-case, e.g. "ds2023-nordkapsgatan"')
);
const year = v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2100));

/** Properties every feature carries. */
export const baseProperties = {
	id,
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'name must not be empty')),
	source: v.pipe(v.string(), v.minLength(3, 'source must say where the feature came from')),
	precision: v.picklist(PRECISIONS),
	/** Estimated positional uncertainty of the geometry, in metres. */
	precisionMeters: v.pipe(v.number(), v.minValue(0)),
	/** True when the lägesbild does not name this feature: a demo example. */
	example: v.boolean(),
	/**
	 * Under what terms the geometry may be used, e.g. "CC0 1.0 (Stockholms stad)" or "ODbL 1.0
	 * (© OpenStreetMap-bidragsgivare)" for geometry drawn from OSM. Every shipped feature has one;
	 * optional for features made in the app or imported before it existed.
	 */
	licence: v.optional(v.pipe(v.string(), v.trim(), v.minLength(2, 'licence must name the licence'))),
	note: v.optional(v.string())
};

export const districtProperties = v.strictObject({
	...baseProperties,
	name: v.picklist(DISTRICTS),
	borough: v.literal('Järva'),
	/** "Järva" or "Spånga": the lägesbild's common names for the two halves. */
	part: v.picklist(['Järva', 'Spånga'])
});

export const areaClassProperties = v.strictObject({
	...baseProperties,
	areaClass: v.picklist(AREA_CLASSES),
	year,
	districts: v.pipe(v.array(v.picklist(DISTRICTS)), v.minLength(1))
});

export const drugSceneProperties = v.strictObject({
	...baseProperties,
	year,
	district: v.picklist(DISTRICTS),
	drawing: v.picklist(SCENE_DRAWINGS)
});

export const insecurePlaceProperties = v.strictObject({
	...baseProperties,
	category: v.picklist(PLACE_CATEGORIES),
	district: v.picklist(DISTRICTS)
});

/**
 * A free area layer: official polygons imported from the city or the police, or areas drawn for
 * a meeting. Only what every feature carries, plus an optional free-text category.
 */
export const areaProperties = v.strictObject({
	...baseProperties,
	category: v.optional(v.pipe(v.string(), v.maxLength(200)))
});

/**
 * A walking network a deployment imports from its own GIS (layer kind walking-network): walks are
 * routed on it instead of the shipped OpenStreetMap ways. A path may be unnamed; the OSM-style
 * tags a safety walk cares about are kept when the file has them.
 */
export const walkingNetworkProperties = v.strictObject({
	...baseProperties,
	name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
	highway: v.optional(v.pipe(v.string(), v.maxLength(40))),
	lit: v.optional(v.pipe(v.string(), v.maxLength(20))),
	tunnel: v.optional(v.pipe(v.string(), v.maxLength(40))),
	covered: v.optional(v.pipe(v.string(), v.maxLength(20))),
	layer: v.optional(v.pipe(v.string(), v.maxLength(10))),
	step_count: v.optional(v.pipe(v.string(), v.maxLength(10))),
	footway: v.optional(v.pipe(v.string(), v.maxLength(40))),
	foot: v.optional(v.pipe(v.string(), v.maxLength(20))),
	access: v.optional(v.pipe(v.string(), v.maxLength(20)))
});

/** The path tags a walking-network import keeps from the file (as text). */
export const WALKING_NETWORK_TAGS = ['highway', 'lit', 'tunnel', 'covered', 'layer', 'step_count', 'footway', 'foot', 'access'] as const;

/** Basemap features (water, metro, roads, green areas): drawn by the team, public. */
export const basemapProperties = v.strictObject({
	...baseProperties,
	kind: v.picklist([
		'water',
		'stream',
		'metro-line',
		'metro-station',
		'motorway',
		'main-road',
		'railway',
		'green',
		'place-label'
	])
});

export type DistrictProperties = v.InferOutput<typeof districtProperties>;
export type AreaClassProperties = v.InferOutput<typeof areaClassProperties>;
export type DrugSceneProperties = v.InferOutput<typeof drugSceneProperties>;
export type InsecurePlaceProperties = v.InferOutput<typeof insecurePlaceProperties>;
export type AreaProperties = v.InferOutput<typeof areaProperties>;
export type BasemapProperties = v.InferOutput<typeof basemapProperties>;
