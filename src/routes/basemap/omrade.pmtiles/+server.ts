/**
 * A deployment's own basemap archive (LAGESKARTA_BASEMAP), served with Range requests as the
 * pmtiles reader asks for it. Public like the embedded archive in static/ (see basemap-setting.ts).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { RequestHandler } from './$types';
import { byteRange } from '$lib/byte-range';
import { basemapSetting } from '$lib/server/basemap-setting';

const answer = (request: Request, head: boolean): Response => {
	const file = basemapSetting().file;
	if (!file) {
		return new Response(JSON.stringify({ message: 'Ingen egen baskarta är inställd (LAGESKARTA_BASEMAP).' }), {
			status: 404,
			headers: { 'content-type': 'application/json; charset=utf-8' }
		});
	}
	const headers = new Headers({
		'content-type': 'application/vnd.pmtiles',
		'accept-ranges': 'bytes',
		etag: file.etag,
		// The address carries the file's version (?v=), so a browser may keep what it read.
		'cache-control': 'public, max-age=3600'
	});
	// A range of another version of the file would be garbage to the reader: then send it all.
	const ifRange = request.headers.get('if-range');
	const range = ifRange && ifRange !== file.etag ? null : byteRange(request.headers.get('range'), file.size);
	if (range === 'unsatisfiable') {
		return new Response(null, { status: 416, headers: { 'content-range': `bytes */${file.size}` } });
	}
	const { start, end } = range ?? { start: 0, end: file.size - 1 };
	headers.set('content-length', String(end - start + 1));
	if (range) headers.set('content-range', `bytes ${start}-${end}/${file.size}`);
	const body = head ? null : (Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream);
	return new Response(body, { status: range ? 206 : 200, headers });
};

export const GET: RequestHandler = ({ request }) => answer(request, false);
export const HEAD: RequestHandler = ({ request }) => answer(request, true);
