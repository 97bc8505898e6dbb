import { describe, expect, it } from 'vitest';
import { BASEMAP_CACHE, BASEMAP_MANIFEST, grow, keptRangeResponse, rangeKey, tilesOver, type KeptBasemap } from './field-basemap';
import { MemoryCaches } from './testing/memory-caches';

const URL_ = 'http://phone.test/basemap/jarva.pmtiles';

/** A phone that kept the header read (asked 0–16383, the file ends at 99) and one tile's range. */
async function phone() {
	const storage = new MemoryCaches(async () => new Response(null, { status: 404 }));
	const cache = await storage.open(BASEMAP_CACHE);
	const header = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));
	await cache.put(rangeKey(URL_, [0, 16383]), new Response(header));
	await cache.put(rangeKey(URL_, [50, 59]), new Response(header.slice(50, 60)));
	const kept: KeptBasemap = { url: URL_, etag: '"v1"', ranges: [[0, 16383], [50, 59]], bytes: 110, tiles: 1, box: [17.9, 59.4, 17.95, 59.42] };
	await cache.put(BASEMAP_MANIFEST, new Response(JSON.stringify(kept)));
	return storage as unknown as CacheStorage;
}

describe('the basemap kept around a walk', () => {
	it('answers a kept range with exactly its bytes and the archive’s etag', async () => {
		const response = (await keptRangeResponse(await phone(), URL_, 'bytes=52-54'))!;
		expect(response.status).toBe(206);
		expect(response.headers.get('etag')).toBe('"v1"');
		expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([52, 53, 54]);
	});

	it('answers the 16 KiB header read with what the file has', async () => {
		const response = (await keptRangeResponse(await phone(), URL_, 'bytes=0-16383'))!;
		expect(response.headers.get('content-range')).toBe('bytes 0-99/*');
		expect(new Uint8Array(await response.arrayBuffer())).toHaveLength(100);
	});

	it('leaves a range it does not have, another archive and a request without a range to the network', async () => {
		const storage = await phone();
		expect(await keptRangeResponse(storage, URL_, 'bytes=20000-20010')).toBeNull();
		expect(await keptRangeResponse(storage, 'http://phone.test/basemap/omrade.pmtiles?v=2', 'bytes=0-10')).toBeNull();
		expect(await keptRangeResponse(storage, URL_, null)).toBeNull();
	});

	it('covers the walk’s box and a margin: about 300 m more on every side', () => {
		const box = grow([17.92, 59.40, 17.93, 59.41], 300);
		expect(box[0]).toBeCloseTo(17.92 - 300 / (111_320 * Math.cos((59.405 * Math.PI) / 180)), 6);
		expect(box[3]).toBeCloseTo(59.41 + 300 / 111_320, 6);
		// Husby's walk at z15: a handful of tiles, not the archive.
		const tiles = tilesOver(box, 15);
		expect(tiles.length).toBeGreaterThan(4);
		expect(tiles.length).toBeLessThan(30);
		expect(tiles.every((t) => t.z === 15)).toBe(true);
	});
});
