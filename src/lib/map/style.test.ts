import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { LAYERS } from '$lib/layers/catalog';
import { legendFor } from './looks';
import { protomapsLayers } from './basemap-layers';
import { arrowImageId, BASEMAP_SOURCE, basemapStyle, dataLayerStyles, hasLabelSource, hatchImageId, labelSourceId, presentationStyles, scaled, styleImage } from './style';
import { sceneYearColour } from './theme';
import { EMBEDDED_BASEMAP, type BasemapConfig } from './basemap-config';

const years = [2021, 2023];
const fonts = { regular: 'http://127.0.0.1:1/r.woff2', medium: 'http://127.0.0.1:1/m.woff2', italic: 'http://127.0.0.1:1/i.woff2', bold: 'http://127.0.0.1:1/b.woff2' };
const options = { basemap: EMBEDDED_BASEMAP, fonts, origin: 'http://127.0.0.1:1' };

function fullStyle() {
	const style = basemapStyle(options);
	for (const layer of LAYERS) {
		style.sources[layer.id] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
		if (hasLabelSource(layer)) style.sources[labelSourceId(layer.id)] = { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
		style.layers.push(...dataLayerStyles(layer, years));
	}
	return style;
}

describe('the map style', () => {
	it('is a valid MapLibre style with every data layer added', () => {
		expect(validateStyleMin(fullStyle())).toEqual([]);
	});

	it('every style layer but the background draws from a source the style has', () => {
		const style = fullStyle();
		for (const layer of style.layers) {
			if (layer.type === 'background') continue;
			expect(Object.keys(style.sources), layer.id).toContain((layer as { source: string }).source);
		}
	});

	it('points nowhere off the machine but the given URLs: no sprite, no glyphs, the archive through pmtiles://', () => {
		const style = basemapStyle(options);
		const text = JSON.stringify(style);
		const urls = text.match(/https?:\/\/[^"]+/g) ?? [];
		expect(urls.every((u) => u.startsWith('http://127.0.0.1:1/'))).toBe(true);
		expect(style).not.toHaveProperty('glyphs');
		expect(style).not.toHaveProperty('sprite');
		expect(style.sources.basemap).toMatchObject({ type: 'vector', url: 'pmtiles://http://127.0.0.1:1/basemap/jarva.pmtiles' });
		// Icons would need a sprite: no layer asks for one.
		expect(style.layers.filter((l) => l.type === 'symbol' && 'icon-image' in (l.layout ?? {})).map((l) => l.id)).toEqual([]);
	});

	it('draws the Protomaps schema: streets named from z14, footpaths and steps from z15, the shipped fonts only', () => {
		const style = basemapStyle(options);
		const layer = (id: string) => style.layers.find((l) => l.id === id) as { minzoom?: number; 'source-layer'?: string; filter?: unknown } | undefined;
		expect(layer('roads_labels_minor')).toMatchObject({ minzoom: 14, 'source-layer': 'roads', filter: ['==', ['get', 'kind'], 'minor_road'] });
		expect(layer('roads_labels_paths')).toMatchObject({ minzoom: 15, 'source-layer': 'roads' });
		expect(layer('roads_other')?.filter).toEqual(expect.arrayContaining([['in', 'kind', 'other', 'path']]));
		expect(['earth', 'water', 'landuse_park', 'roads_minor', 'coverage', 'metro', 'station'].filter((id) => !layer(id))).toEqual([]);
		const fonts = new Set(style.layers.flatMap((l) => JSON.stringify((l as { layout?: { 'text-font'?: unknown } }).layout?.['text-font'] ?? []).match(/Noto Sans [A-Za-z]+/g) ?? []));
		expect([...fonts].filter((font) => !(font in (style['font-faces'] ?? {})))).toEqual([]);
	});

	it('starts from the Protomaps layers made at build time: the same as basemap-layers.ts makes now, on the basemap source, a copy per style', () => {
		const style = basemapStyle(options);
		const made = protomapsLayers(BASEMAP_SOURCE);
		expect(style.layers.slice(0, made.length)).toEqual(made);
		expect(made.filter((l) => 'source' in l && l.source !== BASEMAP_SOURCE)).toEqual([]);
		// A map may change its style's objects: the next map still gets the layers as made.
		(style.layers[1] as { paint?: Record<string, unknown> }).paint = { changed: true };
		expect(basemapStyle(options).layers.slice(0, made.length)).toEqual(made);
	});

	it('draws the coverage outline only for the embedded archive, and raster tiles as raster', () => {
		const deployment: BasemapConfig = { kind: 'deployment', url: '/basemap/omrade.pmtiles?v=1', attribution: '© OpenStreetMap' };
		expect(basemapStyle({ ...options, basemap: deployment }).layers.map((l) => l.id)).not.toContain('coverage');
		const raster: BasemapConfig = { kind: 'raster', tiles: ['http://127.0.0.1:2/{z}/{x}/{y}.png'], attribution: '© Stockholms stad', tileSize: 256, maxzoom: 19 };
		const style = basemapStyle({ ...options, basemap: raster });
		expect(validateStyleMin(style)).toEqual([]);
		expect(style.sources.basemap).toMatchObject({ type: 'raster', tiles: raster.tiles });
		expect((style.sources.basemap as { attribution: string }).attribution).toContain('© Stockholms stad');
		// The lägesbild's layers carry OSM-derived geometry whatever the basemap.
		expect((style.sources.basemap as { attribution: string }).attribution).toContain('© OpenStreetMap-bidragsgivare');
	});

	it('every data layer has at least one legend entry', () => {
		for (const layer of LAYERS) expect(legendFor(layer, years).length, layer.id).toBeGreaterThan(0);
	});

	it('colours the years as the lägesbild does: red 2021, blue 2023', () => {
		const [red, blue] = [sceneYearColour(2021, years), sceneYearColour(2023, years)];
		const hue = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
		expect(hue(red)[0]).toBeGreaterThan(hue(red)[2]!);
		expect(hue(blue)[2]).toBeGreaterThan(hue(blue)[0]!);
	});

	it('tells years apart without colour: the earlier year is dashed and hatched', () => {
		const [older] = legendFor(LAYERS.find((l) => l.id === 'drogscener-2021')!, years);
		const [newer] = legendFor(LAYERS.find((l) => l.id === 'drogscener-2023')!, years);
		expect(older!.swatch).toMatchObject({ dashed: true, hatched: true });
		expect(newer!.swatch).toMatchObject({ dashed: false, hatched: false });
	});

	it('gives a year the lägesbild has no colour for a colour of its own', () => {
		const three = [2021, 2023, 2024];
		expect(new Set(three.map((y) => sceneYearColour(y, three))).size).toBe(3);
	});

	it('draws hatch and arrow images for their ids and nothing for other ids', () => {
		const hatch = styleImage(hatchImageId('#c8281d'))!;
		expect(hatch.data).toHaveLength(hatch.width * hatch.height * 4);
		expect([...hatch.data.slice(0, 4)]).toEqual([200, 40, 29, 230]);
		const arrow = styleImage(arrowImageId('#000000'))!;
		const alphaAt = (x: number, y: number) => arrow.data[(y * arrow.width + x) * 4 + 3];
		expect(alphaAt(14, 8)).toBe(255); // near the tip, on the centre line
		expect(alphaAt(14, 1)).toBe(0); // beside the tip
		expect(styleImage('marker-15')).toBeNull();
	});
});

describe('the presentation variant', () => {
	it('is still a valid style, with the same layers in the same colours', () => {
		const style = fullStyle();
		const presented = { ...style, layers: presentationStyles(style.layers) };
		expect(validateStyleMin(presented)).toEqual([]);
		expect(presented.layers.map((l) => l.id)).toEqual(style.layers.map((l) => l.id));
		const colours = (layers: typeof style.layers) => JSON.stringify(layers.map((l) => ('paint' in l ? Object.entries(l.paint ?? {}).filter(([k]) => k.endsWith('color')) : [])));
		expect(colours(presented.layers)).toBe(colours(style.layers));
	});

	it('makes labels 1.6× larger and lines wider, for a screen read from three metres', () => {
		const [line, label] = presentationStyles(dataLayerStyles(LAYERS.find((l) => l.id === 'stadsdelar')!, years));
		expect((label as { layout: { 'text-size': number } }).layout['text-size']).toBeCloseTo(17 * 1.6);
		expect((line as { paint: { 'line-width': number } }).paint['line-width']).toBeCloseTo(2 * 1.6);
	});

	it('scales the outputs of a zoom curve, not the curve (MapLibre allows zoom only at the top)', () => {
		expect(scaled(['interpolate', ['linear'], ['zoom'], 14, 10, 18, 20], 1.5)).toEqual(['interpolate', ['linear'], ['zoom'], 14, 15, 18, 30]);
		expect(scaled(['step', ['zoom'], 1, 15, 2], 2)).toEqual(['step', ['zoom'], 2, 15, 4]);
		expect(scaled(['get', 'width'], 2)).toEqual(['*', ['get', 'width'], 2]);
		const minor = presentationStyles(basemapStyle(options).layers).find((l) => l.id === 'roads_minor') as { paint: { 'line-width': unknown[] } };
		expect(minor.paint['line-width'].slice(0, 3)).toEqual(['interpolate', ['exponential', 1.6], ['zoom']]);
	});
});
