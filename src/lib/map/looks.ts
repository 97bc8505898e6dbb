/**
 * A "look" says how one data layer is drawn, independent of MapLibre: `style.ts` turns it into
 * style layers and `Legend.svelte` into swatches. One source of truth for both.
 */
import { AREA_CLASSES, PLACE_CATEGORIES } from '$lib/geo/vocabulary';
import type { LayerDefinition } from '$lib/layers/catalog';
import { AREA_CLASS_LABELS, PLACE_CATEGORY_LABELS } from '$lib/layers/labels';
import { sceneYearColour, sceneYearIsLatest, theme } from './theme';

/** One legend row: a swatch and the words beside it. */
export interface LegendEntry {
	label: string;
	swatch:
		| { shape: 'area'; fill: string; fillOpacity: number; stroke: string; dashed: boolean; hatched: boolean }
		| { shape: 'outline'; stroke: string; width: number }
		| { shape: 'point'; fill: string; stroke: string };
}

export type Look =
	| { type: 'outline'; stroke: string; width: number; label: boolean }
	| {
			type: 'area';
			/** A property whose value picks the colour, or one colour for every feature. */
			colourBy: { property: string; colours: Record<string, string> } | { colour: string };
			fillOpacity: number;
			strokeWidth: number;
			dashed: boolean;
			hatched: boolean;
			label: boolean;
	  }
	| {
			type: 'point';
			colourBy: { property: string; colours: Record<string, string> };
			radius: number;
	  };

/** How a layer is drawn, given the years present among the layers of its kind. */
export function lookFor(layer: LayerDefinition, sceneYears: readonly number[]): Look {
	switch (layer.kind) {
		case 'district':
			return { type: 'outline', stroke: theme.district.line, width: 2, label: true };
		case 'area-class':
			return {
				type: 'area',
				colourBy: { property: 'areaClass', colours: theme.areaClass },
				fillOpacity: 0.14,
				strokeWidth: 2.5,
				dashed: false,
				hatched: false,
				label: false
			};
		case 'drug-scene': {
			const year = layer.year ?? 0;
			const latest = sceneYearIsLatest(year, sceneYears);
			return {
				type: 'area',
				colourBy: { colour: sceneYearColour(year, sceneYears) },
				fillOpacity: latest ? 0.45 : 0.25,
				strokeWidth: 3,
				dashed: !latest,
				hatched: !latest,
				label: true
			};
		}
		case 'area':
			return {
				type: 'area',
				colourBy: { colour: theme.freeArea },
				fillOpacity: 0.15,
				strokeWidth: 2,
				dashed: false,
				hatched: false,
				label: true
			};
		case 'walking-network':
			// Thin and muted: the paths are the ground the walks are planned on, not findings.
			return { type: 'outline', stroke: theme.path, width: 1.5, label: false };
		case 'insecure-place':
			return {
				type: 'point',
				colourBy: { property: 'category', colours: theme.placeCategory },
				radius: 7
			};
	}
}

/** The legend rows for one layer, generated from the same look the style uses. */
export function legendFor(layer: LayerDefinition, sceneYears: readonly number[]): LegendEntry[] {
	const look = lookFor(layer, sceneYears);
	switch (look.type) {
		case 'outline':
			return [{ label: layer.title, swatch: { shape: 'outline', stroke: look.stroke, width: look.width } }];
		case 'area': {
			const rows: [string, string][] =
				'colour' in look.colourBy
					? [[layer.title, look.colourBy.colour]]
					: AREA_CLASSES.map((c) => [AREA_CLASS_LABELS[c], theme.areaClass[c]]);
			return rows.map(([label, colour]) => ({
				label,
				swatch: {
					shape: 'area',
					fill: colour,
					fillOpacity: look.fillOpacity,
					stroke: colour,
					dashed: look.dashed,
					hatched: look.hatched
				}
			}));
		}
		case 'point':
			return PLACE_CATEGORIES.map((category) => ({
				label: PLACE_CATEGORY_LABELS[category],
				swatch: { shape: 'point', fill: theme.placeCategory[category], stroke: theme.placeStroke }
			}));
	}
}
