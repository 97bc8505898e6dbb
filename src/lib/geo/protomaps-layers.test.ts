import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { osmRoad, protomapsLayers } from './protomaps-layers';

const way = (tags: Record<string, unknown>) => ({
	type: 'Feature' as const,
	properties: { osm_id: 1, ...tags },
	geometry: { type: 'LineString' as const, coordinates: [[17.92, 59.41], [17.93, 59.41]] }
});
const none: FeatureCollection = { type: 'FeatureCollection', features: [] };

describe('the basemap in the Protomaps schema', () => {
	it.each([
		['residential', 'minor_road', 12],
		['tertiary', 'major_road', 11],
		['footway', 'path', 14],
		['steps', 'path', 14],
		['service', 'minor_road', 13]
	])('an OSM highway=%s is a %s from z%i, named, with its OSM value as kind_detail', (highway, kind, minZoom) => {
		expect(osmRoad(way({ highway, name: 'Nordkapsgatan' }))?.properties).toEqual({ kind, kind_detail: highway, min_zoom: minZoom, name: 'Nordkapsgatan' });
	});

	it('marks links, bridges and tunnels as the schema does, and leaves out what it has no kind for', () => {
		expect(osmRoad(way({ highway: 'secondary_link', bridge: 'yes', tunnel: 'no' }))?.properties).toEqual({ kind: 'major_road', kind_detail: 'secondary_link', min_zoom: 10, is_link: true, is_bridge: true });
		expect(osmRoad(way({ highway: 'construction' }))).toBeNull();
	});

	it('puts the team’s metro in roads as rail, stations in pois, place names in places, and earth over the box', () => {
		const drawn = (kind: string, type: 'Point' | 'LineString') => ({
			type: 'FeatureCollection' as const,
			features: [{ type: 'Feature' as const, properties: { id: kind, name: kind.toUpperCase(), kind }, geometry: type === 'Point' ? { type, coordinates: [17.9, 59.4] } : { type, coordinates: [[17.9, 59.4], [17.91, 59.41]] } }]
		});
		const layers = protomapsLayers({
			ways: { type: 'FeatureCollection', features: [way({ highway: 'footway' })] },
			water: none,
			drawn: { railway: drawn('metro-line', 'LineString'), stations: drawn('metro-station', 'Point'), places: drawn('place-label', 'Point') },
			coverage: null,
			box: [17.8, 59.3, 18, 59.5]
		});

		expect(Object.keys(layers).sort()).toEqual(['earth', 'places', 'pois', 'roads']);
		expect(layers.roads!.features.map((f) => f.properties)).toEqual([
			{ kind: 'rail', kind_detail: 'subway', min_zoom: 8, name: 'METRO-LINE' },
			{ kind: 'path', kind_detail: 'footway', min_zoom: 14 }
		]);
		expect(layers.pois!.features[0]!.properties).toEqual({ kind: 'station', kind_detail: 'subway', min_zoom: 11, name: 'METRO-STATION' });
		expect(layers.places!.features[0]!.properties).toMatchObject({ kind: 'neighbourhood', name: 'PLACE-LABEL' });
		expect(layers.earth!.features[0]!.properties).toEqual({ kind: 'earth', min_zoom: 0 });
	});
});
