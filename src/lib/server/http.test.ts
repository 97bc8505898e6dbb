import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cachedResponse, matchesEtag, negotiateEncoding } from './http';

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
