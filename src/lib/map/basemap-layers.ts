/**
 * The layers of `@protomaps/basemaps` in our colours, adjusted: no sprite layers, streets named
 * from z14, footpaths and steps drawn and named from z15. They depend on nothing but the theme, so
 * they are made once when the app is built: vite.config.ts hands them to style.ts as the constant
 * `__PROTOMAPS_LAYERS__`, and the browser downloads 73 layers (≈ 3 kB brotli) instead of the
 * generator that makes them (≈ 9 kB; issue 14: the map page's JavaScript).
 *
 * vite.config.ts imports this file: only relative imports and packages here (no `$lib`), and
 * nothing in the browser imports it.
 */
import type { LayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { layers as protomaps, namedFlavor, type Flavor } from '@protomaps/basemaps';
import { theme } from './theme.ts';

/** Layers of @protomaps/basemaps that need its sprite (icons): we draw stations ourselves and fetch no sprite. */
const SPRITE_LAYERS = new Set(['roads_oneway', 'roads_shields', 'pois']);

/** The Protomaps light flavor in our colours, so data layers keep standing out on it. */
const flavor: Flavor = {
	...namedFlavor('light'),
	background: theme.background,
	// A shade darker than the page, so white streets with their casings read on a projector too.
	earth: theme.earth,
	minor_casing: theme.streetCasing,
	minor_service_casing: theme.streetCasing,
	major_casing_early: theme.streetCasing,
	major_casing_late: theme.streetCasing,
	highway_casing_early: theme.streetCasing,
	highway_casing_late: theme.streetCasing,
	minor_service: '#fbfaf7',
	roads_label_minor: '#5d584f',
	roads_label_major: '#4a463f',
	water: theme.water,
	park_a: theme.green,
	park_b: theme.green,
	wood_a: theme.green,
	wood_b: theme.green,
	railway: theme.railway
};

/** @protomaps/basemaps' layers, adjusted: no sprite layers, streets named from z14, paths visible from z15. */
export function protomapsLayers(source: string): LayerSpecification[] {
	const base = protomaps(source, flavor, { lang: 'sv' }).filter((layer) => !SPRITE_LAYERS.has(layer.id));
	return base.flatMap((layer): LayerSpecification[] => {
		switch (layer.id) {
			case 'background':
				return [{ ...layer, paint: { 'background-color': theme.background } } as LayerSpecification];
			case 'roads_other':
				// Footways, paths and steps: a dashed line from z15 that a walk can be pointed at.
				return [
					{
						...(layer as LineLayerSpecification),
						minzoom: 14.5,
						paint: {
							'line-color': theme.path,
							'line-width': ['interpolate', ['linear'], ['zoom'], 15, 1.2, 16, 2, 18, 4],
							'line-dasharray': [2, 1]
						}
					}
				];
			case 'roads_labels_minor': {
				const symbol = layer as SymbolLayerSpecification;
				return [
					{ ...symbol, id: 'roads_labels_minor', minzoom: 14, filter: ['==', ['get', 'kind'], 'minor_road'] },
					{ ...symbol, id: 'roads_labels_paths', minzoom: 15, filter: ['in', ['get', 'kind'], ['literal', ['other', 'path']]] }
				];
			}
			case 'places_locality': {
				// Its town dot is a sprite icon: the name alone.
				const { 'icon-image': _icon, ...layout } = (layer as SymbolLayerSpecification).layout ?? {};
				return [{ ...(layer as SymbolLayerSpecification), layout }];
			}
			default:
				return [layer as LayerSpecification];
		}
	});
}
