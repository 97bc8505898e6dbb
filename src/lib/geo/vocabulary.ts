/**
 * The code values of the features' properties (English; the Swedish words users see live in
 * `labels.ts`), without the schemas that check them (schema.ts, which re-exports these): the map
 * page's legend needs the words, not valibot.
 */

/** How the geometry was made; `official`: an authority's own published boundary (e.g. the city's districts). */
export const PRECISIONS = ['official', 'exact', 'approximate', 'schematic'] as const;
export type Precision = (typeof PRECISIONS)[number];

/** How the lägesbild itself drew a drug scene: 2021 as circles/ovals, 2023 as outlines. */
export const SCENE_DRAWINGS = ['oval', 'outline'] as const;
export type SceneDrawing = (typeof SCENE_DRAWINGS)[number];

/** Police classification of vulnerable areas (national assessment). */
export const AREA_CLASSES = ['especially-vulnerable', 'risk-area', 'vulnerable'] as const;
export type AreaClass = (typeof AREA_CLASSES)[number];

/** Kinds of place from the lägesbild's own list (figure 8) of places experienced as unsafe. */
export const PLACE_CATEGORIES = ['way-home', 'parking', 'garage', 'stairwell-refuse-room'] as const;
export type PlaceCategory = (typeof PLACE_CATEGORIES)[number];

/** The eleven stadsdelar of Järva stadsdelsområde, spelled as users write them. */
export const DISTRICTS = [
	'Akalla',
	'Husby',
	'Kista',
	'Rinkeby',
	'Hansta',
	'Tensta',
	'Bromsten',
	'Flysta',
	'Lunda',
	'Solhem',
	'Sundby'
] as const;
export type District = (typeof DISTRICTS)[number];

/** Districts that the lägesbild calls "Spånga"; the rest are "Järva". */
export const SPANGA_DISTRICTS: readonly District[] = ['Bromsten', 'Flysta', 'Lunda', 'Solhem', 'Sundby'];
