/**
 * A PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md).
 * No npm package writes v3, and the format is small: a 127-byte header, a varint-encoded root
 * directory, JSON metadata, optional leaf directories, then the tile bytes.
 */
import { createHash } from 'node:crypto';
import { Compression, TileType, zxyToTileId } from 'pmtiles';
import { gzip } from './gzip';

export interface PmtilesTile {
	z: number;
	x: number;
	y: number;
	/** Tile bytes exactly as they go into the archive, i.e. already compressed. */
	data: Uint8Array;
}

export interface PmtilesHeaderFields {
	minZoom: number;
	maxZoom: number;
	/** [west, south, east, north] in degrees. */
	bounds: readonly [number, number, number, number];
	/** [longitude, latitude, zoom]. */
	center: readonly [number, number, number];
	/** Default MVT. */
	tileType?: TileType;
	/** How `data` of every tile is compressed; the writer only records it. Default gzip. */
	tileCompression?: Compression;
	/** How the writer compresses directories and metadata. Default gzip. */
	internalCompression?: Compression.None | Compression.Gzip;
}

export interface PmtilesLayoutOptions {
	/**
	 * Largest root directory in bytes (after compression). Default: what the spec allows, since
	 * header and root must fit in the first 16 KiB that readers fetch in one request.
	 */
	maxRootDirectoryBytes?: number;
	/** Entries per leaf directory to try first when the root does not fit. Default 4096. */
	leafSize?: number;
}

interface Entry {
	tileId: number;
	offset: number;
	length: number;
	/** 0 marks an entry that points at a leaf directory instead of tile data. */
	runLength: number;
}

const HEADER_BYTES = 127;
const FIRST_FETCH_BYTES = 16384;

/**
 * Write a PMTiles v3 archive. Pure and deterministic: the same tiles, header fields and metadata
 * (same key order) give the same bytes, whatever order the tiles come in.
 *
 * Identical tile contents are stored once; consecutive tile ids with identical contents share
 * one run-length entry. When the root directory would not fit in its byte budget, the entries
 * move to leaf directories.
 *
 * @example
 * const archive = writePmtiles(
 * 	[{ z: 0, x: 0, y: 0, data: gzip(mvtBytes) }],
 * 	{ minZoom: 0, maxZoom: 0, bounds: [-180, -85, 180, 85], center: [0, 0, 0] },
 * 	{ name: 'demo', vector_layers: [] }
 * );
 * await new PMTiles(new BufferSource(archive)).getZxy(0, 0, 0); // mvtBytes, gunzipped
 */
export function writePmtiles(
	tiles: readonly PmtilesTile[],
	header: PmtilesHeaderFields,
	metadata: Record<string, unknown>,
	options: PmtilesLayoutOptions = {}
): Uint8Array {
	const internal = header.internalCompression ?? Compression.Gzip;
	if (internal !== Compression.Gzip && internal !== Compression.None) {
		throw new Error(`internalCompression ${String(internal)} is not supported (use None or Gzip)`);
	}
	const compress = (bytes: Uint8Array) => (internal === Compression.Gzip ? gzip(bytes) : bytes);

	const { entries, tileData, contents } = layOutTiles(tiles, header);
	const { root, leaves } = layOutDirectories(
		entries,
		compress,
		options.maxRootDirectoryBytes ?? FIRST_FETCH_BYTES - HEADER_BYTES,
		options.leafSize ?? 4096
	);
	const metadataBytes = compress(new TextEncoder().encode(JSON.stringify(metadata)));

	const rootOffset = HEADER_BYTES;
	const metadataOffset = rootOffset + root.length;
	const leafOffset = metadataOffset + metadataBytes.length;
	const tileDataOffset = leafOffset + leaves.length;

	const out = new Uint8Array(tileDataOffset + tileData.length);
	const view = new DataView(out.buffer);
	out.set(new TextEncoder().encode('PMTiles'), 0);
	view.setUint8(7, 3);
	const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
	u64(8, rootOffset);
	u64(16, root.length);
	u64(24, metadataOffset);
	u64(32, metadataBytes.length);
	u64(40, leafOffset);
	u64(48, leaves.length);
	u64(56, tileDataOffset);
	u64(64, tileData.length);
	u64(72, tiles.length);
	u64(80, entries.length);
	u64(88, contents);
	// Contents are written in tile-id order of first appearance, which is what "clustered" means.
	view.setUint8(96, 1);
	view.setUint8(97, internal);
	view.setUint8(98, header.tileCompression ?? Compression.Gzip);
	view.setUint8(99, header.tileType ?? TileType.Mvt);
	view.setUint8(100, header.minZoom);
	view.setUint8(101, header.maxZoom);
	const e7 = (at: number, degrees: number) => view.setInt32(at, Math.round(degrees * 1e7), true);
	const [west, south, east, north] = header.bounds;
	const [centerLon, centerLat, centerZoom] = header.center;
	e7(102, west);
	e7(106, south);
	e7(110, east);
	e7(114, north);
	view.setUint8(118, centerZoom);
	e7(119, centerLon);
	e7(123, centerLat);

	out.set(root, rootOffset);
	out.set(metadataBytes, metadataOffset);
	out.set(leaves, leafOffset);
	out.set(tileData, tileDataOffset);
	return out;
}

/** Sort tiles by id, store each distinct content once and merge runs of identical tiles. */
function layOutTiles(tiles: readonly PmtilesTile[], header: PmtilesHeaderFields) {
	const sorted = tiles
		.map((tile) => {
			if (tile.z < header.minZoom || tile.z > header.maxZoom) {
				// Readers refuse zooms outside the header's range, so such a tile would be unreachable.
				throw new Error(`tile ${tile.z}/${tile.x}/${tile.y} is outside zoom ${header.minZoom}..${header.maxZoom}`);
			}
			return { tileId: zxyToTileId(tile.z, tile.x, tile.y), tile };
		})
		.sort((a, b) => a.tileId - b.tileId);

	const entries: Entry[] = [];
	const chunks: Uint8Array[] = [];
	const stored = new Map<string, { offset: number; length: number }>();
	let size = 0;
	for (const [i, { tileId, tile }] of sorted.entries()) {
		if (i > 0 && sorted[i - 1]?.tileId === tileId) {
			throw new Error(`tile ${tile.z}/${tile.x}/${tile.y} is given twice`);
		}
		const hash = createHash('sha256').update(tile.data).digest('hex');
		let content = stored.get(hash);
		if (!content) {
			content = { offset: size, length: tile.data.length };
			stored.set(hash, content);
			chunks.push(tile.data);
			size += tile.data.length;
		}
		const last = entries.at(-1);
		if (last && last.offset === content.offset && last.tileId + last.runLength === tileId) {
			last.runLength++;
		} else {
			entries.push({ tileId, offset: content.offset, length: content.length, runLength: 1 });
		}
	}
	return { entries, tileData: concat(chunks), contents: stored.size };
}

/**
 * Put all entries in the root if it fits; otherwise split them into leaves of `leafSize`
 * entries, growing the leaves (so the root shrinks) until the root fits, as go-pmtiles does.
 */
function layOutDirectories(
	entries: Entry[],
	compress: (bytes: Uint8Array) => Uint8Array,
	maxRootBytes: number,
	leafSize: number
): { root: Uint8Array; leaves: Uint8Array } {
	const whole = compress(serializeDirectory(entries));
	if (whole.length <= maxRootBytes) return { root: whole, leaves: new Uint8Array(0) };

	for (let size = Math.max(1, Math.floor(leafSize)); ; size = Math.ceil(size * 1.2)) {
		const rootEntries: Entry[] = [];
		const leafChunks: Uint8Array[] = [];
		let offset = 0;
		for (let start = 0; start < entries.length; start += size) {
			const leaf = compress(serializeDirectory(entries.slice(start, start + size)));
			rootEntries.push({ tileId: entries[start]!.tileId, offset, length: leaf.length, runLength: 0 });
			leafChunks.push(leaf);
			offset += leaf.length;
		}
		const root = compress(serializeDirectory(rootEntries));
		if (root.length <= maxRootBytes) return { root, leaves: concat(leafChunks) };
		if (rootEntries.length === 1) {
			throw new Error(`a root directory of one leaf takes ${root.length} bytes, over the limit of ${maxRootBytes}`);
		}
	}
}

/**
 * The spec's directory encoding: entry count, then column by column the tile id deltas, run
 * lengths, lengths and offsets, all varints; an offset is stored as 0 when the entry directly
 * follows the previous one, else as offset + 1.
 */
function serializeDirectory(entries: readonly Entry[]): Uint8Array {
	const out: number[] = [];
	writeVarint(out, entries.length);
	let lastId = 0;
	for (const entry of entries) {
		writeVarint(out, entry.tileId - lastId);
		lastId = entry.tileId;
	}
	for (const entry of entries) writeVarint(out, entry.runLength);
	for (const entry of entries) writeVarint(out, entry.length);
	entries.forEach((entry, i) => {
		const previous = entries[i - 1];
		const contiguous = previous !== undefined && entry.offset === previous.offset + previous.length;
		writeVarint(out, contiguous ? 0 : entry.offset + 1);
	});
	return Uint8Array.from(out);
}

function writeVarint(out: number[], value: number): void {
	// Tile ids and offsets may pass 2^32, where JavaScript's bit operators stop working.
	let rest = value;
	while (rest >= 0x80) {
		out.push((rest % 0x80) | 0x80);
		rest = Math.floor(rest / 0x80);
	}
	out.push(rest);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}
