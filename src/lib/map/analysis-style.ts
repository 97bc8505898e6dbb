/**
 * Style layers for the analysis overlays, from the same theme as the data layers: displacement
 * arrows with their distances, scene status at each centroid, the standard deviational ellipses
 * and mean centres of both years, and the distance rings around the scenes.
 *
 * Sources: `analysis-scenes` (GET /api/analysis/scenes?format=geojson) and `analysis-places`
 * (GET /api/analysis/places?format=geojson).
 */
import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { LegendEntry } from './looks';
import { arrowImageId } from './style';
import { sceneYearColour, theme } from './theme';

export const ANALYSIS_SCENES_SOURCE = 'analysis-scenes';
export const ANALYSIS_PLACES_SOURCE = 'analysis-places';

// The overlays' names are part of the view in the address (view-state.ts), which the map page reads
// at once; the styles here load with the analysis.
export { OVERLAYS, type Overlay } from './view-state';
import type { Overlay } from './view-state';

export const OVERLAY_TITLES: Record<Overlay, string> = {
	pilar: 'Status och möjliga förflyttningar',
	ellipser: 'Spridningsellipser och medelcentrum',
	ringar: 'Avståndsringar kring drogscenerna'
};

const kind = (k: string): ExpressionSpecification => ['==', ['get', 'kind'], k];
const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 2 };
const statusColour: ExpressionSpecification = [
	'match',
	['get', 'status'],
	'ceased',
	theme.analysis.ceased,
	'new',
	theme.analysis.new,
	theme.analysis.persisted
];

function yearLayers(year: number, years: readonly number[], latest: boolean): LayerSpecification[] {
	const colour = sceneYearColour(year, years);
	const ofYear: ExpressionSpecification = ['==', ['get', 'year'], year];
	return [
		{
			id: `analysis-ellipse-${year}`,
			type: 'line',
			source: ANALYSIS_SCENES_SOURCE,
			filter: ['all', kind('ellipse'), ofYear],
			paint: {
				'line-color': colour,
				'line-width': 3,
				...(latest ? {} : { 'line-dasharray': [3, 2] })
			}
		},
		{
			id: `analysis-centre-${year}`,
			type: 'circle',
			source: ANALYSIS_SCENES_SOURCE,
			filter: ['all', kind('mean-centre'), ofYear],
			paint: {
				'circle-radius': 7,
				'circle-color': latest ? colour : '#ffffff',
				'circle-stroke-color': colour,
				'circle-stroke-width': 3
			}
		},
		{
			id: `analysis-centre-label-${year}`,
			type: 'symbol',
			source: ANALYSIS_SCENES_SOURCE,
			filter: ['all', kind('mean-centre'), ofYear],
			layout: {
				'text-font': [theme.fontBold],
				'text-size': 13,
				'text-field': `Medelcentrum ${year}`,
				'text-anchor': latest ? 'top' : 'bottom',
				'text-offset': [0, latest ? 0.8 : -0.8]
			},
			paint: { 'text-color': colour, ...halo }
		}
	];
}

/** Style layers per overlay; `years` are the two years compared, earlier first. */
export function analysisStyles(years: readonly [number, number]): Record<Overlay, LayerSpecification[]> {
	const [from, to] = years;
	return {
		ringar: [
			{
				id: 'analysis-ring',
				type: 'line',
				source: ANALYSIS_PLACES_SOURCE,
				filter: kind('ring'),
				paint: { 'line-color': theme.analysis.ring, 'line-width': 2, 'line-dasharray': [1, 1.5] }
			},
			{
				id: 'analysis-ring-label',
				type: 'symbol',
				source: ANALYSIS_PLACES_SOURCE,
				filter: kind('ring'),
				layout: {
					'symbol-placement': 'line',
					'symbol-spacing': 400,
					'text-font': [theme.font],
					'text-size': 12,
					'text-field': ['concat', ['to-string', ['get', 'distance']], ' m']
				},
				paint: { 'text-color': theme.analysis.ring, ...halo }
			},
			{
				id: 'analysis-nearest',
				type: 'line',
				source: ANALYSIS_PLACES_SOURCE,
				filter: kind('nearest'),
				minzoom: 13,
				paint: { 'line-color': theme.analysis.nearest, 'line-width': 1.2, 'line-dasharray': [2, 2] }
			}
		],
		ellipser: [...yearLayers(from, years, false), ...yearLayers(to, years, true)],
		pilar: [
			{
				id: 'analysis-displacement',
				type: 'line',
				source: ANALYSIS_SCENES_SOURCE,
				filter: ['all', kind('relation'), ['==', ['get', 'type'], 'displacement']],
				layout: { 'line-cap': 'round' },
				paint: { 'line-color': theme.analysis.arrow, 'line-width': 3, 'line-dasharray': [2, 1] }
			},
			{
				id: 'analysis-displacement-arrow',
				type: 'symbol',
				source: ANALYSIS_SCENES_SOURCE,
				filter: ['all', kind('relation'), ['==', ['get', 'type'], 'displacement']],
				layout: {
					'symbol-placement': 'line',
					'symbol-spacing': 80,
					'icon-image': arrowImageId(theme.analysis.arrow),
					'icon-rotation-alignment': 'map',
					'icon-allow-overlap': true
				}
			},
			{
				id: 'analysis-displacement-label',
				type: 'symbol',
				source: ANALYSIS_SCENES_SOURCE,
				filter: ['all', kind('relation'), ['==', ['get', 'type'], 'displacement']],
				layout: {
					'symbol-placement': 'line-center',
					'text-font': [theme.fontBold],
					'text-size': 14,
					'text-offset': [0, -0.9],
					'text-field': ['concat', ['to-string', ['round', ['get', 'distance']]], ' m ', ['get', 'compass']]
				},
				paint: { 'text-color': theme.analysis.arrow, ...halo }
			},
			{
				// A persisting scene is shown once, at its later centroid; ceased and new ones where they are.
				id: 'analysis-status',
				type: 'symbol',
				source: ANALYSIS_SCENES_SOURCE,
				filter: [
					'all',
					kind('centroid'),
					['any', ['!=', ['get', 'status'], 'persisted'], ['==', ['get', 'year'], to]]
				],
				layout: {
					'text-font': [theme.fontBold],
					'text-size': 13,
					'text-field': ['upcase', ['get', 'statusLabel']],
					'text-anchor': 'top',
					'text-offset': [0, 1],
					'text-allow-overlap': true
				},
				paint: { 'text-color': statusColour, ...halo }
			}
		]
	};
}

/** Legend rows for the overlays that are on. */
export function analysisLegend(years: readonly [number, number], overlays: readonly Overlay[]): LegendEntry[] {
	const [from, to] = years;
	const rows: LegendEntry[] = [];
	if (overlays.includes('pilar')) {
		rows.push({ label: 'Möjlig förflyttning (upphört → ny)', swatch: { shape: 'outline', stroke: theme.analysis.arrow, width: 3 } });
	}
	if (overlays.includes('ellipser')) {
		rows.push(
			{ label: `Spridningsellips ${from}`, swatch: { shape: 'area', fill: '#ffffff', fillOpacity: 0, stroke: sceneYearColour(from, years), dashed: true, hatched: false } },
			{ label: `Spridningsellips ${to}`, swatch: { shape: 'area', fill: '#ffffff', fillOpacity: 0, stroke: sceneYearColour(to, years), dashed: false, hatched: false } }
		);
	}
	if (overlays.includes('ringar')) {
		rows.push({ label: `Avstånd från drogscen ${to}`, swatch: { shape: 'area', fill: '#ffffff', fillOpacity: 0, stroke: theme.analysis.ring, dashed: true, hatched: false } });
	}
	return rows;
}
