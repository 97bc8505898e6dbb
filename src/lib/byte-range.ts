/**
 * One HTTP byte range (`Range: bytes=…`), as the pmtiles reader asks for it. Shared by the server
 * (a deployment's basemap) and the service worker (the basemap kept for the field).
 */

/**
 * The single byte range a `Range` header asks for in a file of `size` bytes: `null` when there is
 * no usable single range (answer the whole file), 'unsatisfiable' past the end (416).
 *
 * @example
 * byteRange('bytes=0-126', 1000); // { start: 0, end: 126 }
 * byteRange('bytes=-10', 1000);   // { start: 990, end: 999 }
 */
export function byteRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
	const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
	if (!match || (match[1] === '' && match[2] === '')) return null;
	// "bytes=-N" is the last N bytes; "bytes=N-" from N to the end.
	const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
	const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
	if (start >= size || start > end) return 'unsatisfiable';
	return { start, end };
}
