/**
 * The map style as code, the one builder for every map (map page, meeting, planner, field,
 * measures): the basemap (a Protomaps-schema archive drawn with `@protomaps/basemaps`, or a
 * deployment's raster tiles), our own font, and the style layers of each data layer, generated
 * from `looks.ts`. No URL here points off the machine unless a deployment set a raster basemap.
 */
import type {
	ExpressionSpecification,
	LayerSpecification,
	LineLayerSpecification,
	StyleSpecification,
	SymbolLayerSpecification
} from 'maplibre-gl';
import type { LayerDefinition } from '$lib/layers/catalog';
import type { BasemapConfig } from './basemap-config';
import { lookFor, type Look } from './looks';
import { theme } from './theme';

export interface FontUrls {
	regular: string;
	medium: string;
	italic: string;
	bold: string;
}

export interface BasemapOptions {
	/** Which basemap (basemap-config.ts): the embedded archive, a deployment's archive or raster tiles. */
	basemap: BasemapConfig;
	/** Absolute URLs of the shipped Noto Sans files (font-faces: no glyphs URL, nothing fetched elsewhere). */
	fonts: FontUrls;
	/** The page's origin: the pmtiles protocol needs absolute URLs. */
	origin: string;
}

/** Where Järva is: the initial camera when the URL does not say. */
export const JARVA_VIEW = { center: [17.915, 59.397] as [number, number], zoom: 12.4 };
/** The map is not for browsing Stockholm: keep the camera near Järva. */
export const JARVA_BOUNDS: [[number, number], [number, number]] = [
	[17.70, 59.30],
	[18.15, 59.48]
];

/** The credit every map shows for the lägesbild's own layers, whatever the basemap. */
export const LAYER_ATTRIBUTION = 'Lägesbildens lager: © OpenStreetMap-bidragsgivare (ODbL), Stockholms stad (CC0)';

/** The basemap's source id (vite.config.ts makes the Protomaps layers with the same; style.test.ts checks). */
export const BASEMAP_SOURCE = 'basemap';
const SOURCE = BASEMAP_SOURCE;

/**
 * The basemap as MapLibre style: for a Protomaps-schema archive (embedded or a deployment's), the
 * layers of `@protomaps/basemaps` in our colours, streets named from z14 and footpaths and steps
 * drawn and named from z15, the metro and its stations in blue, and (embedded only) the outline of
 * where the street data ends; for raster tiles, those tiles. Fonts are the shipped Noto Sans.
 */
export function basemapStyle(options: BasemapOptions): StyleSpecification {
	const { basemap, fonts } = options;
	const attribution = `${basemap.attribution} · ${LAYER_ATTRIBUTION}`;
	const fontFaces = {
		[theme.font]: fonts.regular,
		'Noto Sans Medium': fonts.medium,
		'Noto Sans Italic': fonts.italic,
		[theme.fontBold]: fonts.bold
	};
	const background: LayerSpecification = { id: 'background', type: 'background', paint: { 'background-color': theme.background } };
	if (basemap.kind === 'raster') {
		return {
			version: 8,
			name: 'Lägeskartan – Järva',
			'font-faces': fontFaces,
			sources: {
				[SOURCE]: { type: 'raster', tiles: basemap.tiles, tileSize: basemap.tileSize, maxzoom: basemap.maxzoom, attribution }
			},
			layers: [background, { id: 'raster', type: 'raster', source: SOURCE }]
		};
	}
	return {
		version: 8,
		name: 'Lägeskartan – Järva',
		'font-faces': fontFaces,
		sources: {
			[SOURCE]: { type: 'vector', url: `pmtiles://${new URL(basemap.url, options.origin).href}`, attribution }
		},
		// Made when the app is built (basemap-layers.ts), copied: a map may change its style's objects.
		layers: [...structuredClone(__PROTOMAPS_LAYERS__), ...ownBasemapLayers(basemap.kind === 'embedded')]
	};
}

/** What Protomaps' style leaves to the sprite or does not have: the metro, its stations, the coverage outline. */
function ownBasemapLayers(coverage: boolean): LayerSpecification[] {
	const layers: LayerSpecification[] = [
		{
			id: 'metro',
			type: 'line',
			source: SOURCE,
			'source-layer': 'roads',
			filter: ['all', ['==', ['get', 'kind'], 'rail'], ['==', ['get', 'kind_detail'], 'subway']],
			// The team's schematic line (the metro runs mostly in tunnels): fainter where streets are read.
			paint: {
				'line-color': theme.metro,
				'line-width': ['interpolate', ['linear'], ['zoom'], 10, 2, 16, 4],
				'line-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.9, 16, 0.45]
			}
		},
		{
			id: 'station',
			type: 'circle',
			source: SOURCE,
			'source-layer': 'pois',
			minzoom: 11,
			filter: ['==', ['get', 'kind'], 'station'],
			paint: { 'circle-radius': 6, 'circle-color': theme.stationFill, 'circle-stroke-color': theme.metro, 'circle-stroke-width': 3 }
		},
		{
			id: 'station-label',
			type: 'symbol',
			source: SOURCE,
			'source-layer': 'pois',
			minzoom: 12,
			filter: ['==', ['get', 'kind'], 'station'],
			layout: { 'text-font': [theme.font], 'text-size': 14, 'text-field': ['get', 'name'], 'text-anchor': 'left', 'text-offset': [0.9, 0] },
			paint: { 'text-color': theme.metro, 'text-halo-color': '#ffffff', 'text-halo-width': 2 }
		}
	];
	if (coverage) {
		layers.unshift({
			id: 'coverage',
			type: 'line',
			source: SOURCE,
			'source-layer': 'coverage',
			paint: { 'line-color': theme.coverage, 'line-width': 2, 'line-dasharray': [4, 3] }
		});
	}
	return layers;
}

/** The image id of a hatch pattern in a colour; `styleImage` draws it on demand. */
export const hatchImageId = (colour: string) => `hatch:${colour}`;
/** The image id of an arrowhead pointing along a line (east), in a colour. */
export const arrowImageId = (colour: string) => `arrow:${colour}`;

type RGBAImage = { width: number; height: number; data: Uint8Array };

/**
 * The images the style uses, drawn in code on first use (no sprite to fetch): `hatch:#rrggbb`, a
 * 12×12 diagonal hatch, and `arrow:#rrggbb`, a 16×16 arrowhead pointing east.
 */
export function styleImage(id: string): RGBAImage | null {
	const match = /^(hatch|arrow):#([0-9a-f]{6})$/i.exec(id);
	if (!match) return null;
	const hex = match[2]!;
	const colour = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
	const draw = (size: number, inside: (x: number, y: number) => boolean, alpha: number) => {
		const data = new Uint8Array(size * size * 4);
		for (let y = 0; y < size; y++) {
			for (let x = 0; x < size; x++) {
				if (inside(x, y)) data.set([...colour, alpha], (y * size + x) * 4);
			}
		}
		return { width: size, height: size, data };
	};
	return match[1] === 'hatch'
		? // Lines from bottom-left to top-right that tile seamlessly, 2 px wide.
			draw(12, (x, y) => (x + y) % 12 < 2, 230)
		: // A triangle with its tip at the right edge, centred vertically.
			draw(16, (x, y) => Math.abs(y + 0.5 - 8) <= (16 - x) / 2 && x >= 2, 255);
}

function colourExpression(look: Extract<Look, { colourBy: unknown }>): string | ExpressionSpecification {
	if ('colour' in look.colourBy) return look.colourBy.colour;
	const pairs = Object.entries(look.colourBy.colours).flat();
	return ['match', ['get', look.colourBy.property], ...pairs, '#888888'] as unknown as ExpressionSpecification;
}

/** The point source a polygon layer's labels are drawn from (see label-points.ts). */
export const labelSourceId = (layerId: string) => `${layerId}-labels`;

/** Whether a layer draws labels from its own label points rather than from its polygons. */
export function hasLabelSource(layer: LayerDefinition): boolean {
	return layer.geometry === 'Polygon' && dataLayerStyles(layer, []).some((s) => s.type === 'symbol');
}

/** Style layer ids of one data layer, in drawing order. */
export function styleLayerIds(layer: LayerDefinition, sceneYears: readonly number[]): string[] {
	return dataLayerStyles(layer, sceneYears).map((l) => l.id);
}

/** The style layers that draw one data layer; the source id is the layer id. */
export function dataLayerStyles(layer: LayerDefinition, sceneYears: readonly number[]): LayerSpecification[] {
	const look = lookFor(layer, sceneYears);
	const source = layer.id;
	const labelLayout = (size: number, field: ExpressionSpecification) => ({
		'text-font': [theme.fontBold],
		'text-size': size,
		'text-field': field,
		'text-max-width': 9
	});
	switch (look.type) {
		case 'outline':
			return [
				{
					id: `${layer.id}-line`,
					type: 'line',
					source,
					paint: { 'line-color': look.stroke, 'line-width': look.width, 'line-opacity': 0.8 }
				},
				...(look.label
					? [
							{
								id: `${layer.id}-label`,
								type: 'symbol',
								source: labelSourceId(layer.id),
								layout: labelLayout(17, ['get', 'name']),
								paint: {
									'text-color': theme.district.label,
									'text-halo-color': theme.district.halo,
									'text-halo-width': 2
								}
							} satisfies LayerSpecification
						]
					: [])
			];
		case 'area': {
			const colour = colourExpression(look);
			const styles: LayerSpecification[] = [
				{
					id: `${layer.id}-fill`,
					type: 'fill',
					source,
					paint: { 'fill-color': colour, 'fill-opacity': look.fillOpacity }
				}
			];
			if (look.hatched && 'colour' in look.colourBy) {
				styles.push({
					id: `${layer.id}-hatch`,
					type: 'fill',
					source,
					paint: { 'fill-pattern': hatchImageId(look.colourBy.colour) }
				});
			}
			styles.push({
				id: `${layer.id}-line`,
				type: 'line',
				source,
				paint: {
					'line-color': colour,
					'line-width': look.strokeWidth,
					...(look.dashed ? { 'line-dasharray': [2, 1.5] } : {})
				}
			});
			if (look.label) {
				const field: ExpressionSpecification =
					layer.year === null
						? ['get', 'name']
						: ['concat', ['get', 'name'], ` (${layer.year})`];
				styles.push({
					id: `${layer.id}-label`,
					type: 'symbol',
					source: labelSourceId(layer.id),
					minzoom: 13,
					layout: labelLayout(14, field),
					paint: { 'text-color': colour, 'text-halo-color': '#ffffff', 'text-halo-width': 2 }
				});
			}
			return styles;
		}
		case 'point':
			return [
				{
					id: `${layer.id}-circle`,
					type: 'circle',
					source,
					paint: {
						'circle-radius': look.radius,
						'circle-color': colourExpression(look),
						'circle-stroke-color': theme.placeStroke,
						'circle-stroke-width': 1.5
					}
				}
			];
	}
}

type Scalable = number | ExpressionSpecification;

/**
 * `value` × `factor`: numbers are multiplied; a zoom curve (`interpolate`, `step`) gets its outputs
 * scaled, since MapLibre allows zoom only at the top of an expression; other expressions are wrapped.
 */
export function scaled(value: unknown, factor: number): Scalable | undefined {
	if (typeof value === 'number') return Number((value * factor).toFixed(2));
	if (!Array.isArray(value)) return undefined;
	const [op] = value as unknown[];
	if (typeof op === 'string' && op.startsWith('interpolate')) {
		// [op, interpolation, input, stop, output, stop, output, …]
		return value.map((part, i) => (i >= 4 && i % 2 === 0 ? scaled(part, factor) : part)) as ExpressionSpecification;
	}
	if (op === 'step') {
		// ['step', input, output, stop, output, …]
		return value.map((part, i) => (i >= 2 && i % 2 === 0 ? scaled(part, factor) : part)) as ExpressionSpecification;
	}
	return ['*', value, factor] as unknown as ExpressionSpecification;
}

/**
 * The presentation variant of style layers (theme.presentation): larger text, wider lines and
 * points, same colours. Works on data layers and on the basemap's layers alike.
 *
 * @example
 * presentationStyles(dataLayerStyles(layer, years)); // labels 14 → 22.4 px, lines 3 → 4.8 px
 */
export function presentationStyles(styles: readonly LayerSpecification[]): LayerSpecification[] {
	const { textScale, lineScale, pointScale } = theme.presentation;
	return styles.map((style) => {
		const set = (group: 'layout' | 'paint', key: string, factor: number) => {
			const target = (style as unknown as Record<string, Record<string, unknown> | undefined>)[group];
			const value = scaled(target?.[key], factor);
			return value === undefined ? {} : { [key]: value };
		};
		switch (style.type) {
			case 'symbol':
				return { ...style, layout: { ...style.layout, ...set('layout', 'text-size', textScale) }, paint: { ...style.paint, ...set('paint', 'text-halo-width', 1.5) } };
			case 'line':
				// A casing's gap is its road's width: scaled alike, or the casing would cut into the road.
				return { ...style, paint: { ...style.paint, ...set('paint', 'line-width', lineScale), ...set('paint', 'line-gap-width', lineScale) } };
			case 'circle':
				return { ...style, paint: { ...style.paint, ...set('paint', 'circle-radius', pointScale), ...set('paint', 'circle-stroke-width', pointScale) } };
			default:
				return style;
		}
	}) as LayerSpecification[];
}
