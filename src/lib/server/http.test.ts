import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BadBodyError, cachedResponse, matchesEtag, negotiateEncoding, readJsonBody } from './http';

const body = JSON.stringify({ type: 'FeatureCollection', features: [] });
const request = (headers: Record<string, string>) => new Request('http://localhost/api/layers/x', { headers });

describe('HTTP helpers', () => {
	it('prefers brotli, then gzip, and honours q=0', () => {
		expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
		expect(negotiateEncoding('gzip')).toBe('gzip');
		expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(negotiateEncoding('*;q=0')).toBe('identity');
		expect(negotiateEncoding(null)).toBe('identity');
	});

	it('matches an ETag in a list, also as a weak validator', () => {
		expect(matchesEtag('"a", "b"', '"b"')).toBe(true);
		expect(matchesEtag('W/"b"', '"b"')).toBe(true);
		expect(matchesEtag('"c"', '"b"')).toBe(false);
		expect(matchesEtag(null, '"b"')).toBe(false);
	});

	it('answers a matching If-None-Match with 304 and no body', async () => {
		const response = cachedResponse(request({ 'if-none-match': '"e1"' }), body, '"e1"', 'application/json');
		expect(response.status).toBe(304);
		expect(response.headers.get('etag')).toBe('"e1"');
		expect(await response.text()).toBe('');
	});

	it('compresses with the negotiated encoding and the bytes decode to the body', async () => {
		const gz = cachedResponse(request({ 'accept-encoding': 'gzip' }), body, '"e2"', 'application/json');
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(body);
		const br = cachedResponse(request({ 'accept-encoding': 'br' }), body, '"e2"', 'application/json');
		expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(body);
		expect(br.headers.get('vary')).toBe('Accept-Encoding');
		expect(br.headers.get('cache-control')).toBe('private, no-cache');
	});
});

describe('reading request bodies', () => {
	/** A chunked JSON body (no Content-Length) of `chunks` × `size` bytes; counts what was pulled from it. */
	function chunkedRequest(chunks: number, size: number) {
		const pulled = { chunks: 0 };
		const piece = new TextEncoder().encode(' '.repeat(size));
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled.chunks === chunks) return controller.close();
				pulled.chunks++;
				controller.enqueue(piece);
			}
		});
		const request = new Request('http://localhost/api/x', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
		return { request, pulled };
	}

	it('a chunked body over the limit is refused with 413 as soon as the limit is passed, not after it was read whole', async () => {
		const { request, pulled } = chunkedRequest(1000, 64 * 1024); // 64 MB on offer
		let pulledWhenRefused = -1;
		const refused = await readJsonBody(request, 1_000_000).catch((e: unknown) => {
			pulledWhenRefused = pulled.chunks;
			return e;
		});
		expect(refused).toBeInstanceOf(BadBodyError);
		expect(refused).toMatchObject({ status: 413, message: expect.stringMatching(/större än 1,0 MB/) });
		// 16 chunks pass the limit (a few more are buffered by the stream); what follows is drained and thrown away in the background, never collected.
		expect(pulledWhenRefused).toBeLessThan(64);
	});

	it('a declared Content-Length over the limit is refused before anything is read', async () => {
		const request = new Request('http://localhost/api/x', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'content-length': '5000000' } });
		await expect(readJsonBody(request, 1_000_000)).rejects.toMatchObject({ status: 413 });
		expect(request.bodyUsed).toBe(false);
	});

	it('a body nested 200 000 levels deep is a 400 naming the depth, not a stack overflow', async () => {
		const deep = `{"geometry":{"type":"Point","coordinates":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;
		const request = new Request('http://localhost/api/x', { method: 'POST', body: deep, headers: { 'content-type': 'application/json' } });
		await expect(readJsonBody(request, 2_000_000)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/nästlad djupare än 32 nivåer/) });
	});

	it('NaN in a body is a 400 that says where and why', async () => {
		const request = new Request('http://localhost/api/x', { method: 'POST', body: '{"position": [NaN, 59.4]}', headers: { 'content-type': 'application/json' } });
		await expect(readJsonBody(request, 1000)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/kolumn 15.*NaN är inte ett tal/) });
	});

	it('a NUL character in a body text is a 400 on either database (PostgreSQL cannot store it)', async () => {
		const request = new Request('http://localhost/api/x', { method: 'POST', body: JSON.stringify({ title: 'Belysning\u0000' }), headers: { 'content-type': 'application/json' } });
		await expect(readJsonBody(request, 1000)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/nolltecken \(\\u0000\).*ta bort det/) });
	});

	it('a body within the limits is parsed', async () => {
		const request = new Request('http://localhost/api/x', { method: 'POST', body: '{"a": [[[1, 2]]]}', headers: { 'content-type': 'application/json' } });
		expect(await readJsonBody(request, 1000)).toEqual({ a: [[[1, 2]]] });
	});
});
