/**
 * The map style as code: the offline basemap (our own PMTiles archive, our own font) and the
 * style layers of each data layer, generated from `looks.ts`. No URL here points off the machine.
 */
import type {
	ExpressionSpecification,
	LayerSpecification,
	StyleSpecification
} from 'maplibre-gl';
import type { LayerDefinition } from '$lib/layers/catalog';
import { lookFor, type Look } from './looks';
import { theme } from './theme';

export interface BasemapOptions {
	/** Absolute URL of the PMTiles archive (the pmtiles protocol needs one). */
	pmtilesUrl: string;
	fontUrl: string;
	fontBoldUrl: string;
}

/** Where Järva is: the initial camera when the URL does not say. */
export const JARVA_VIEW = { center: [17.915, 59.397] as [number, number], zoom: 12.4 };
/** The map is not for browsing Stockholm: keep the camera near Järva. */
export const JARVA_BOUNDS: [[number, number], [number, number]] = [
	[17.70, 59.30],
	[18.15, 59.48]
];

const kindIs = (...kinds: string[]): ExpressionSpecification =>
	kinds.length === 1 ? ['==', ['get', 'kind'], kinds[0]!] : ['in', ['get', 'kind'], ['literal', kinds]];

/** The basemap: background, green, water, roads, railways, metro and labels. */
export function basemapStyle(options: BasemapOptions): StyleSpecification {
	const source = 'basemap';
	const label = (size: number) => ({
		'text-font': [theme.font],
		'text-size': size,
		'text-field': ['get', 'name'] as ExpressionSpecification
	});
	return {
		version: 8,
		name: 'Lägeskartan – Järva',
		'font-faces': {
			[theme.font]: options.fontUrl,
			[theme.fontBold]: options.fontBoldUrl
		},
		sources: {
			[source]: {
				type: 'vector',
				url: `pmtiles://${options.pmtilesUrl}`,
				attribution: 'Kartdata: Lägeskartan (egna, schematiska)'
			}
		},
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': theme.background } },
			{
				id: 'green',
				type: 'fill',
				source,
				'source-layer': 'green',
				paint: { 'fill-color': theme.green }
			},
			{
				id: 'water',
				type: 'fill',
				source,
				'source-layer': 'water',
				filter: kindIs('water'),
				paint: { 'fill-color': theme.water }
			},
			{
				id: 'stream',
				type: 'line',
				source,
				'source-layer': 'water',
				filter: kindIs('stream'),
				paint: { 'line-color': theme.stream, 'line-width': 2 }
			},
			{
				id: 'road-casing',
				type: 'line',
				source,
				'source-layer': 'roads',
				layout: { 'line-join': 'round', 'line-cap': 'round' },
				paint: {
					'line-color': theme.roadCasing,
					'line-width': ['match', ['get', 'kind'], 'motorway', 7, 5]
				}
			},
			{
				id: 'road',
				type: 'line',
				source,
				'source-layer': 'roads',
				layout: { 'line-join': 'round', 'line-cap': 'round' },
				paint: {
					'line-color': ['match', ['get', 'kind'], 'motorway', theme.motorway, theme.mainRoad],
					'line-width': ['match', ['get', 'kind'], 'motorway', 5, 3]
				}
			},
			{
				id: 'railway',
				type: 'line',
				source,
				'source-layer': 'railway',
				filter: kindIs('railway'),
				paint: { 'line-color': theme.railway, 'line-width': 2, 'line-dasharray': [3, 2] }
			},
			{
				id: 'metro',
				type: 'line',
				source,
				'source-layer': 'railway',
				filter: kindIs('metro-line'),
				paint: { 'line-color': theme.metro, 'line-width': 4 }
			},
			{
				id: 'station',
				type: 'circle',
				source,
				'source-layer': 'stations',
				paint: {
					'circle-radius': 6,
					'circle-color': theme.stationFill,
					'circle-stroke-color': theme.metro,
					'circle-stroke-width': 3
				}
			},
			{
				id: 'station-label',
				type: 'symbol',
				source,
				'source-layer': 'stations',
				minzoom: 12,
				layout: { ...label(14), 'text-anchor': 'left', 'text-offset': [0.9, 0] },
				paint: { 'text-color': theme.metro, 'text-halo-color': '#ffffff', 'text-halo-width': 2 }
			},
			{
				id: 'place-label',
				type: 'symbol',
				source,
				'source-layer': 'places',
				minzoom: 11,
				layout: { ...label(13), 'text-transform': 'uppercase', 'text-letter-spacing': 0.1 },
				paint: {
					'text-color': theme.placeLabel,
					'text-halo-color': '#ffffff',
					'text-halo-width': 1.5
				}
			}
		]
	};
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
const scaled = (value: unknown, factor: number): Scalable | undefined =>
	typeof value === 'number' ? Number((value * factor).toFixed(2)) : Array.isArray(value) ? (['*', value, factor] as unknown as ExpressionSpecification) : undefined;

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
				return { ...style, paint: { ...style.paint, ...set('paint', 'line-width', lineScale) } };
			case 'circle':
				return { ...style, paint: { ...style.paint, ...set('paint', 'circle-radius', pointScale), ...set('paint', 'circle-stroke-width', pointScale) } };
			default:
				return style;
		}
	}) as LayerSpecification[];
}
