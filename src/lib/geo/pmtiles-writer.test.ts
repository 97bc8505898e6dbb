import { gunzipSync } from 'node:zlib';
import { Compression, PMTiles, TileType, readVarint } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { gzip } from './gzip';
import { BufferSource } from './pmtiles-source';
import { writePmtiles, type PmtilesHeaderFields, type PmtilesTile } from './pmtiles-writer';

// Uncompressed tiles, so that the reader hands back exactly the bytes that went in.
const RAW: PmtilesHeaderFields = {
	minZoom: 0,
	maxZoom: 6,
	bounds: [17.82, 59.36, 18.0, 59.44],
	center: [17.91, 59.4, 5],
	tileType: TileType.Mvt,
	tileCompression: Compression.None
};

const bytes = (text: string) => new TextEncoder().encode(text);
const open = (archive: Uint8Array) => new PMTiles(new BufferSource(archive));

async function readTile(reader: PMTiles, z: number, x: number, y: number) {
	const response = await reader.getZxy(z, x, y);
	return response && new Uint8Array(response.data);
}

/** Every tile of zooms 0..maxZoom, each with its own content. */
function pyramid(maxZoom: number): PmtilesTile[] {
	const tiles: PmtilesTile[] = [];
	for (let z = 0; z <= maxZoom; z++) {
		for (let x = 0; x < 2 ** z; x++) {
			for (let y = 0; y < 2 ** z; y++) tiles.push({ z, x, y, data: bytes(`tile ${z}/${x}/${y}`) });
		}
	}
	return tiles;
}

describe('writePmtiles', () => {
	const tiles: PmtilesTile[] = [
		{ z: 6, x: 35, y: 18, data: bytes('kista') },
		{ z: 0, x: 0, y: 0, data: bytes('world') },
		{ z: 5, x: 17, y: 9, data: bytes('järva') }
	];

	it('writes a header and metadata the pmtiles reader understands', async () => {
		const archive = writePmtiles(tiles, RAW, { name: 'test', vector_layers: [] });
		const reader = open(archive);
		const header = await reader.getHeader();

		expect(header).toMatchObject({
			specVersion: 3,
			minZoom: 0,
			maxZoom: 6,
			centerZoom: 5,
			tileType: TileType.Mvt,
			tileCompression: Compression.None,
			internalCompression: Compression.Gzip,
			clustered: true,
			numAddressedTiles: 3,
			numTileEntries: 3,
			numTileContents: 3,
			rootDirectoryOffset: 127,
			leafDirectoryLength: 0
		});
		expect([header.minLon, header.minLat, header.maxLon, header.maxLat]).toEqual([17.82, 59.36, 18, 59.44]);
		expect([header.centerLon, header.centerLat]).toEqual([17.91, 59.4]);
		expect(header.tileDataOffset + (header.tileDataLength ?? 0)).toBe(archive.length);
		expect(await reader.getMetadata()).toEqual({ name: 'test', vector_layers: [] });
	});

	it('returns the exact bytes of every tile and nothing for tiles it lacks', async () => {
		const reader = open(writePmtiles(tiles, RAW, {}));

		for (const tile of tiles) expect(await readTile(reader, tile.z, tile.x, tile.y)).toEqual(tile.data);
		expect(await readTile(reader, 6, 35, 19)).toBeUndefined();
		expect(await readTile(reader, 1, 0, 0)).toBeUndefined();
		// Outside the header's zoom range the reader does not even look.
		expect(await readTile(reader, 7, 70, 36)).toBeUndefined();
	});

	it('records gzip tile compression so that the reader gunzips', async () => {
		const data = bytes('a vector tile, pretend');
		const archive = writePmtiles([{ z: 3, x: 4, y: 2, data: gzip(data) }], { ...RAW, tileCompression: Compression.Gzip }, {});

		expect(await readTile(open(archive), 3, 4, 2)).toEqual(data);
	});

	it('stores identical contents once and merges consecutive identical tiles into one run', async () => {
		const ocean = bytes('ocean');
		// All four z1 tiles are consecutive tile ids; the z2 tile repeats the content elsewhere.
		const same = [0, 1].flatMap((x) => [0, 1].map((y) => ({ z: 1, x, y, data: ocean })));
		const archive = writePmtiles([...same, { z: 0, x: 0, y: 0, data: bytes('world') }, { z: 2, x: 3, y: 3, data: ocean }], RAW, {});
		const reader = open(archive);
		const header = await reader.getHeader();

		expect(header).toMatchObject({ numAddressedTiles: 6, numTileEntries: 3, numTileContents: 2 });
		expect(header.tileDataLength).toBe('ocean'.length + 'world'.length);
		for (const { z, x, y } of [...same, { z: 2, x: 3, y: 3 }]) expect(await readTile(reader, z, x, y)).toEqual(ocean);
		expect(await readTile(reader, 2, 0, 0)).toBeUndefined();
	});

	it('moves entries to leaf directories when the root would be too big', async () => {
		const all = pyramid(5);
		const flat = await open(writePmtiles(all, RAW, {})).getHeader();
		const limit = Math.floor(flat.rootDirectoryLength / 2);
		const archive = writePmtiles(all, RAW, {}, { maxRootDirectoryBytes: limit, leafSize: 50 });
		const reader = open(archive);
		const header = await reader.getHeader();
		const root = gunzipSync(archive.subarray(header.rootDirectoryOffset, header.rootDirectoryOffset + header.rootDirectoryLength));

		// The root's first varint is its entry count: one per leaf, so several leaves.
		expect(readVarint({ buf: root, pos: 0 })).toBeGreaterThan(1);

		expect(flat.leafDirectoryLength).toBe(0);
		expect(header.rootDirectoryLength).toBeLessThanOrEqual(limit);
		expect(header.leafDirectoryLength).toBeGreaterThan(0);
		expect(header.numTileEntries).toBe(all.length);
		for (const tile of all) expect(await readTile(reader, tile.z, tile.x, tile.y)).toEqual(tile.data);
		expect(await readTile(reader, 6, 0, 0)).toBeUndefined();
	});

	it('keeps a large directory in the first 16 KiB by default', async () => {
		const all = pyramid(6);
		const header = await open(writePmtiles(all, RAW, {})).getHeader();

		expect(header.rootDirectoryOffset + header.rootDirectoryLength).toBeLessThanOrEqual(16384);
		expect(header.numAddressedTiles).toBe(all.length);
	});

	it('gives the same bytes for the same input, whatever the tile order', () => {
		const all = pyramid(4);
		const first = writePmtiles(all, RAW, { name: 'x' }, { maxRootDirectoryBytes: 60, leafSize: 10 });
		const second = writePmtiles([...all].reverse(), RAW, { name: 'x' }, { maxRootDirectoryBytes: 60, leafSize: 10 });

		expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
	});

	it('refuses a tile given twice or outside the zoom range', () => {
		const tile = { z: 1, x: 1, y: 0, data: bytes('a') };

		expect(() => writePmtiles([tile, { ...tile, data: bytes('b') }], RAW, {})).toThrow('1/1/0 is given twice');
		expect(() => writePmtiles([{ ...tile, z: 7, x: 0 }], RAW, {})).toThrow('outside zoom 0..6');
	});
});
