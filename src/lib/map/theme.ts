/**
 * The map's colours and widths in one typed place, as protomaps/basemaps does: the style layers
 * and the legend are both generated from these, so they cannot disagree.
 *
 * Drug-scene years follow the lägesbild's figure 2 (red 2021, blue 2023); years are also told
 * apart without colour (dashed outline and hatching for earlier years, solid for the latest).
 * Category colours are from the Okabe–Ito palette, which stays distinct for colour-blind readers.
 */
import type { AreaClass, PlaceCategory } from '$lib/geo/schema';

export const theme = {
	font: 'Noto Sans Regular',
	fontBold: 'Noto Sans Bold',
	background: '#f3f0e8',
	/** Land inside the basemap's area. */
	earth: '#e9e4d8',
	streetCasing: '#c9c0b0',
	water: '#a8cbe0',
	green: '#d3e5c4',
	railway: '#8a8a8a',
	metro: '#1f5fae',
	/** Footways, paths and steps (OSM), dashed from z15. */
	path: '#8c7f6b',
	/** The dashed outline of where the street data ends. */
	coverage: '#6b4f9e',
	stationFill: '#ffffff',
	district: { line: '#3d3a35', label: '#24221f', halo: '#ffffffd9' },
	areaClass: {
		'especially-vulnerable': '#7b3294',
		'risk-area': '#c2620a',
		vulnerable: '#b38f00'
	} satisfies Record<AreaClass, string>,
	sceneYears: { 2021: '#c8281d', 2023: '#1f4fa3' } as Record<number, string>,
	/** For years the lägesbild has no colour for (e.g. a 2024 mapping added later). */
	sceneYearFallback: ['#009e73', '#cc79a7', '#e69f00', '#56b4e9'],
	placeCategory: {
		'way-home': '#d55e00',
		parking: '#0072b2',
		garage: '#009e73',
		'stairwell-refuse-room': '#cc79a7'
	} satisfies Record<PlaceCategory, string>,
	placeStroke: '#1a1a1a',
	/** Free area layers (imported official polygons, areas drawn for a meeting). */
	freeArea: '#0072b2',
	analysis: {
		persisted: '#3d3a35',
		ceased: '#c8281d',
		new: '#1f4fa3',
		arrow: '#1a1a1a',
		ring: '#5d584f',
		nearest: '#8a8276'
	},
	selection: '#ffbf00',
	/**
	 * The presentation variant (a shared screen read from three metres): the same colours, so the
	 * legend still holds, with labels 1.6× larger and lines and points wider. Years stay apart
	 * without colour (dashes, hatching, the year in every label); red 2021 and blue 2023 differ in
	 * hue for red–green colour blindness too.
	 */
	presentation: { textScale: 1.6, lineScale: 1.6, pointScale: 1.4 }
} as const;

/** The colour of one year's drug scenes. */
export function sceneYearColour(year: number, allYears: readonly number[]): string {
	const known = theme.sceneYears[year];
	if (known) return known;
	const others = allYears.filter((y) => !theme.sceneYears[y]).sort();
	const index = Math.max(0, others.indexOf(year));
	return theme.sceneYearFallback[index % theme.sceneYearFallback.length]!;
}

/** Earlier years get a dashed outline and hatching; the latest year is solid. */
export function sceneYearIsLatest(year: number, allYears: readonly number[]): boolean {
	return year === Math.max(...allYears);
}
