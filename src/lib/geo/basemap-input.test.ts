import { describe, expect, it } from 'vitest';
import { readBasemapLayers } from './basemap-input';

const properties = (id: string, extra: Record<string, unknown> = {}) => ({
	id,
	name: 'Namn',
	source: 'Testfall',
	precision: 'schematic',
	precisionMeters: 100,
	example: true,
	kind: 'water',
	...extra
});
const point = { type: 'Point', coordinates: [17.9, 59.4] };
const file = (path: string, features: unknown[]) => ({
	path,
	text: JSON.stringify({ type: 'FeatureCollection', features })
});

describe('readBasemapLayers', () => {
	it('names each layer after its file and keeps the features', () => {
		const { layers, errors } = readBasemapLayers([
			file('geodata/basemap/water.geojson', [{ type: 'Feature', properties: properties('a'), geometry: point }])
		]);

		expect(errors).toEqual([]);
		expect(Object.keys(layers)).toEqual(['water']);
		expect(layers['water']?.features).toHaveLength(1);
	});

	it('names file, feature index, id and property for every bad property', () => {
		const { errors } = readBasemapLayers([
			file('water.geojson', [
				{ type: 'Feature', properties: properties('ok'), geometry: point },
				{ type: 'Feature', properties: properties('sjon', { kind: 'lake', colour: 'blue' }), geometry: point }
			])
		]);

		expect(errors).toHaveLength(2);
		expect(errors[0]).toMatch(/^water\.geojson: feature 1 \(id "sjon"\): properties\.kind: .*"lake"/);
		expect(errors[1]).toMatch(/^water\.geojson: feature 1 \(id "sjon"\): properties\.colour: /);
	});

	it('reports broken files, missing geometry, bad layer names and reused ids', () => {
		const { errors, layers } = readBasemapLayers([
			{ path: 'broken.geojson', text: '{"type": "FeatureCollection",' },
			{ path: 'list.geojson', text: '[]' },
			file('Big Lakes.geojson', []),
			file('roads.geojson', [
				{ type: 'Feature', properties: properties('e18', { kind: 'motorway' }), geometry: null },
				{ type: 'Feature', properties: properties('e18', { kind: 'motorway' }), geometry: point }
			])
		]);

		expect(errors).toEqual([
			expect.stringMatching(/^broken\.geojson: not valid JSON: /),
			'list.geojson: expected a GeoJSON FeatureCollection with a "features" array',
			'Big Lakes.geojson: layer name "Big Lakes" must be lower-case letters, digits and dashes',
			expect.stringMatching(/^roads\.geojson: feature 0 \(id "e18"\): geometry must be one of Point, /),
			'roads.geojson: feature 1 (id "e18"): id "e18" is already used by roads.geojson: feature 0'
		]);
		expect(Object.keys(layers)).toEqual(['roads']);
	});
});
