import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Compression, PMTiles, TileType } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { BASEMAP_ATTRIBUTION, buildBasemap, type VectorLayer } from './basemap-build';
import { readBasemapLayers } from './basemap-input';
import { BufferSource } from './pmtiles-source';

const FIXTURES = 'test/fixtures/basemap';
const KISTA = [17.9423, 59.403] as const;

function fixtureLayers() {
	const files = readdirSync(FIXTURES).map((name) => ({
		path: name,
		text: readFileSync(join(FIXTURES, name), 'utf8')
	}));
	const { layers, errors } = readBasemapLayers(files);
	if (errors.length > 0) throw new Error(errors.join('\n'));
	return layers;
}

/** The slippy-map tile that holds a position. */
function tileAt([lon, lat]: readonly [number, number], z: number) {
	const n = 2 ** z;
	const radians = (lat * Math.PI) / 180;
	const x = Math.floor(((lon + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n);
	return { z, x, y };
}

async function decodeTile(reader: PMTiles, { z, x, y }: { z: number; x: number; y: number }) {
	// The reader gunzips tiles itself, as the header says they are gzip.
	const response = await reader.getZxy(z, x, y);
	return response && new VectorTile(new PbfReader(new Uint8Array(response.data)));
}

describe('buildBasemap', () => {
	const layers = fixtureLayers();
	const archive = buildBasemap(layers);
	const reader = new PMTiles(new BufferSource(archive));

	it('describes the data in the header: zooms 8..15, gzipped MVT, the data bounds', async () => {
		const header = await reader.getHeader();

		expect(header).toMatchObject({
			minZoom: 8,
			maxZoom: 15,
			centerZoom: 12,
			tileType: TileType.Mvt,
			tileCompression: Compression.Gzip,
			internalCompression: Compression.Gzip
		});
		// The fixture's extremes are the E18 line's ends and the pond's north edge.
		expect([header.minLon, header.minLat, header.maxLon, header.maxLat]).toEqual([17.86, 59.37, 17.99, 59.425]);
		expect(header.numAddressedTiles).toBeGreaterThan(7);
		// Tiles are stored gzipped: the gzip magic number opens the tile data.
		expect([...archive.subarray(header.tileDataOffset, header.tileDataOffset + 2)]).toEqual([0x1f, 0x8b]);
	});

	it('lists every layer with its fields in vector_layers', async () => {
		const metadata = (await reader.getMetadata()) as { attribution: string; vector_layers: VectorLayer[] };

		expect(metadata.attribution).toBe(BASEMAP_ATTRIBUTION);
		expect(metadata.vector_layers.map((layer) => layer.id)).toEqual(['roads', 'stations', 'water']);
		expect(metadata.vector_layers.find((layer) => layer.id === 'water')).toEqual({
			id: 'water',
			fields: {
				example: 'Boolean',
				id: 'String',
				kind: 'String',
				name: 'String',
				note: 'String',
				precision: 'String',
				precisionMeters: 'Number',
				source: 'String'
			},
			minzoom: 8,
			maxzoom: 15
		});
	});

	it('puts a station, with its properties, in the z14 tile over it', async () => {
		const at = tileAt(KISTA, 14);
		const tile = await decodeTile(reader, at);
		const stations = tile?.layers['stations'];
		const features = Array.from({ length: stations?.length ?? 0 }, (_, i) => stations!.feature(i));
		const kista = features.find((feature) => feature.properties['name'] === 'Kista');

		expect(kista?.properties).toEqual({
			id: 'fixture-kista',
			name: 'Kista',
			source: 'Testfixtur för basemap-bygget',
			precision: 'schematic',
			precisionMeters: 200,
			example: true,
			kind: 'metro-station'
		});
		const point = kista?.toGeoJSON(at.x, at.y, at.z).geometry;
		expect(point?.type).toBe('Point');
		const [lon, lat] = point?.type === 'Point' ? point.coordinates : [];
		expect(lon).toBeCloseTo(KISTA[0], 4);
		expect(lat).toBeCloseTo(KISTA[1], 4);
		// Only Kista's station lies in this tile.
		expect(features).toHaveLength(1);
	});

	it('puts all layers in one tile where they meet, and leaves out tiles with nothing', async () => {
		const overview = await decodeTile(reader, tileAt(KISTA, 8));

		expect(Object.keys(overview?.layers ?? {}).sort()).toEqual(['roads', 'stations', 'water']);
		// At z14 the pond's tile holds the pond and the motorway passing south of it, no station.
		const pond = await decodeTile(reader, tileAt([17.957, 59.418], 14));
		expect(Object.keys(pond?.layers ?? {}).sort()).toEqual(['roads', 'water']);
		// Within the zoom range but far from the data.
		expect(await reader.getZxy(14, tileAt(KISTA, 14).x + 40, tileAt(KISTA, 14).y)).toBeUndefined();
	});

	it('is deterministic, whatever order the layers come in', () => {
		const reversed = Object.fromEntries(Object.entries(layers).reverse());

		expect(Buffer.from(buildBasemap(reversed)).equals(Buffer.from(archive))).toBe(true);
	});

	it('builds an empty archive from fallback bounds when there are no features', async () => {
		const empty = buildBasemap({ roads: { type: 'FeatureCollection', features: [] } }, { fallbackBounds: [17.8, 59.3, 18, 59.5] });
		const header = await new PMTiles(new BufferSource(empty)).getHeader();

		expect(header).toMatchObject({ numAddressedTiles: 0, minLon: 17.8, minLat: 59.3, maxLon: 18, maxLat: 59.5 });
		expect(() => buildBasemap({})).toThrow('no features');
	});

	it('leaves a feature out of the tiles below its min_zoom (footpaths only from z14)', async () => {
		const path = { type: 'Feature' as const, properties: { kind: 'path', name: 'Gångväg', min_zoom: 14 }, geometry: { type: 'LineString' as const, coordinates: [[17.94, 59.40], [17.945, 59.401]] } };
		const street = { ...path, properties: { kind: 'minor_road', name: 'Gata', min_zoom: 12 }, geometry: { type: 'LineString' as const, coordinates: [[17.94, 59.402], [17.945, 59.403]] } };
		const small = new PMTiles(new BufferSource(buildBasemap({ roads: { type: 'FeatureCollection', features: [path, street] } }, { minZoom: 12, maxZoom: 14 }), 'min-zoom'));
		const names = async (z: number) => {
			const response = await small.getZxy(z, tileAt([17.9425, 59.401], z).x, tileAt([17.9425, 59.401], z).y);
			const roads = response && new VectorTile(new PbfReader(new Uint8Array(response.data))).layers.roads;
			return roads ? Array.from({ length: roads.length }, (_, i) => roads.feature(i).properties.name).sort() : [];
		};

		expect(await names(12)).toEqual(['Gata']);
		expect(await names(14)).toEqual(['Gata', 'Gångväg']);
	});
});
