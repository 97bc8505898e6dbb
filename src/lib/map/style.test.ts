import { describe, expect, it } from 'vitest';
import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { LAYERS } from '$lib/layers/catalog';
import { legendFor } from './looks';
import { arrowImageId, basemapStyle, dataLayerStyles, hasLabelSource, hatchImageId, labelSourceId, presentationStyles, styleImage } from './style';
import { sceneYearColour } from './theme';

const years = [2021, 2023];
const options = {
	pmtilesUrl: 'http://127.0.0.1:1/basemap/jarva.pmtiles',
	fontUrl: 'http://127.0.0.1:1/f.woff2',
	fontBoldUrl: 'http://127.0.0.1:1/fb.woff2'
};

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

	it('points nowhere off the machine but the given URLs', () => {
		const text = JSON.stringify(basemapStyle(options));
		const urls = text.match(/https?:\/\/[^"]+/g) ?? [];
		expect(urls.every((u) => u.startsWith('http://127.0.0.1:1/'))).toBe(true);
		expect(text).not.toContain('"glyphs"');
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
		const basemapRoad = presentationStyles(basemapStyle(options).layers).find((l) => l.id === 'road') as { paint: { 'line-width': unknown } };
		expect(basemapRoad.paint['line-width']).toEqual(['*', ['match', ['get', 'kind'], 'motorway', 5, 3], 1.6]);
	});
});
