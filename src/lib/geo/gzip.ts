/**
 * Byte-for-byte reproducible gzip for the basemap archive.
 *
 * Why not node:zlib: Node bundles Chromium's zlib fork, whose deflate output changes between Node
 * builds (and, with SIMD paths, between CPUs), so `npm run geodata:check` would call a fresh
 * archive stale on another machine. fflate is plain JavaScript pinned by the lockfile: the same
 * input gives the same bytes everywhere. mtime 0 and the fixed OS byte keep the gzip header stable.
 */
import { gzipSync } from 'fflate';

/** Compression level used for everything in the archive; changing it changes every output byte. */
export const GZIP_LEVEL = 9;

/** Gzip `data` deterministically (no timestamp, fixed level). */
export function gzip(data: Uint8Array): Uint8Array {
	return gzipSync(data, { level: GZIP_LEVEL, mtime: 0 });
}
