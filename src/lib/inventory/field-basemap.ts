/**
 * The basemap a walk needs offline, and only that: the byte ranges of the PMTiles archive that the
 * pmtiles reader asks for to draw the tiles around the walk (its header and directories, then each
 * tile over the walk's box at every zoom of the archive). Read here with the same library and the
 * same URL MapLibre uses, so offline the service worker can answer MapLibre's requests byte for
 * byte from BASEMAP_CACHE. A city-wide deployment archive stays on the server.
 */
import { FetchSource, PMTiles, type RangeResponse, type Source } from 'pmtiles';

export const BASEMAP_CACHE = 'lageskartan-baskarta';
/** The cache entry that says what is kept (KeptBasemap as JSON). */
export const BASEMAP_MANIFEST = '/__lageskartan/baskarta';

/** [west, south, east, north] in degrees. */
export type Box = [number, number, number, number];

export interface KeptBasemap {
	/** The archive's absolute URL, as the pmtiles protocol asks for it. */
	url: string;
	etag: string | null;
	/** Inclusive byte ranges [start, end] as the reader asked for them, each one cache entry (shorter at the file's end). */
	ranges: [number, number][];
	bytes: number;
	tiles: number;
	box: Box;
}

/** How far around the walk's area the map is kept, in metres (a walk strays a little). */
export const MARGIN_METERS = 300;

/** `box` grown by `meters` on every side. */
export function grow([west, south, east, north]: Box, meters: number): Box {
	const dLat = meters / 111_320;
	const dLon = meters / (111_320 * Math.cos((((south + north) / 2) * Math.PI) / 180));
	return [west - dLon, south - dLat, east + dLon, north + dLat];
}

/** The slippy-map tiles covering `box` at zoom `z`. */
export function tilesOver([west, south, east, north]: Box, z: number): { z: number; x: number; y: number }[] {
	const n = 2 ** z;
	const column = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
	const row = (lat: number) => {
		const radians = (lat * Math.PI) / 180;
		return Math.min(n - 1, Math.max(0, Math.floor(((1 - Math.log(Math.tan(radians) + 1 / Math.cos(radians)) / Math.PI) / 2) * n)));
	};
	const tiles = [];
	for (let x = column(west); x <= column(east); x++) {
		for (let y = row(north); y <= row(south); y++) tiles.push({ z, x, y });
	}
	return tiles;
}

export const rangeKey = (url: string, [start, end]: [number, number]) =>
	`${BASEMAP_MANIFEST}/del?url=${encodeURIComponent(url)}&bytes=${start}-${end}`;

/** Records every range the reader fetches, with its bytes. */
class RecordingSource implements Source {
	readonly ranges = new Map<string, { start: number; end: number; data: ArrayBuffer }>();
	etag: string | null = null;
	private readonly inner: FetchSource;
	constructor(private readonly url: string) {
		this.inner = new FetchSource(url);
	}
	getKey() {
		return this.url;
	}
	async getBytes(offset: number, length: number, signal?: AbortSignal, etag?: string): Promise<RangeResponse> {
		const response = await this.inner.getBytes(offset, length, signal, etag);
		// Kept under the range asked for: near the end of the file the answer is shorter (the
		// header read asks for 16 KiB), and MapLibre's reader will ask the same.
		this.ranges.set(`${offset}-${length}`, { start: offset, end: offset + length - 1, data: response.data });
		this.etag ??= response.etag ?? null;
		return response;
	}
}

/**
 * Keeps the archive's ranges for the tiles over `box` (grown by MARGIN_METERS) in BASEMAP_CACHE,
 * replacing what was kept before, and says how much that is.
 *
 * @example
 * await keepBasemapAround('https://lageskartan.example/basemap/jarva.pmtiles', [17.91, 59.40, 17.94, 59.42]);
 * // { ranges: [[0, 16383], …], bytes: 61234, tiles: 58, … }
 */
export async function keepBasemapAround(url: string, box: Box): Promise<KeptBasemap> {
	const source = new RecordingSource(url);
	const archive = new PMTiles(source);
	const header = await archive.getHeader();
	// MapLibre's pmtiles protocol reads the metadata too (TileJSON: layers, attribution).
	await archive.getMetadata();
	const around = grow(box, MARGIN_METERS);
	let tiles = 0;
	for (let z = header.minZoom; z <= header.maxZoom; z++) {
		for (const { x, y } of tilesOver(around, z)) {
			if (await archive.getZxy(z, x, y)) tiles++;
		}
	}
	const ranges = [...source.ranges.values()].map(({ start, end, data }) => ({ range: [start, end] as [number, number], data }));
	await caches.delete(BASEMAP_CACHE);
	const cache = await caches.open(BASEMAP_CACHE);
	for (const { range, data } of ranges) await cache.put(rangeKey(url, range), new Response(data));
	const kept: KeptBasemap = {
		url,
		etag: source.etag,
		ranges: ranges.map(({ range }) => range),
		bytes: ranges.reduce((sum, { data }) => sum + data.byteLength, 0),
		tiles,
		box: around
	};
	// Last: the manifest says the ranges are all there.
	await cache.put(BASEMAP_MANIFEST, new Response(JSON.stringify(kept), { headers: { 'content-type': 'application/json' } }));
	return kept;
}

/** What is kept of the basemap, if anything (for this archive URL when given). */
export async function keptBasemap(storage: CacheStorage, url?: string): Promise<KeptBasemap | null> {
	if (!(await storage.has(BASEMAP_CACHE))) return null;
	const manifest = await (await storage.open(BASEMAP_CACHE)).match(BASEMAP_MANIFEST);
	if (!manifest) return null;
	const kept = (await manifest.json()) as KeptBasemap;
	return url === undefined || kept.url === url ? kept : null;
}

/**
 * The answer to a Range request for the kept archive from BASEMAP_CACHE (206), or null when that
 * range is not kept (the service worker then asks the network).
 */
export async function keptRangeResponse(storage: CacheStorage, url: string, range: string | null): Promise<Response | null> {
	const kept = await keptBasemap(storage, url);
	const match = range ? /^bytes=(\d+)-(\d+)$/.exec(range.trim()) : null;
	if (!kept || !match) return null;
	const [start, end] = [Number(match[1]), Number(match[2])];
	const hit = kept.ranges.find(([from, to]) => from <= start && to >= end);
	if (!hit) return null;
	const stored = await (await storage.open(BASEMAP_CACHE)).match(rangeKey(url, hit));
	if (!stored) return null;
	const bytes = new Uint8Array(await stored.arrayBuffer()).slice(start - hit[0], end - hit[0] + 1);
	const last = start + bytes.length - 1;
	const headers = new Headers({ 'content-type': 'application/vnd.pmtiles', 'content-range': `bytes ${start}-${last}/*`, 'content-length': String(bytes.length) });
	if (kept.etag) headers.set('etag', kept.etag);
	return new Response(bytes as BodyInit, { status: 206, headers });
}
