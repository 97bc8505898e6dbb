import { describe, expect, it } from 'vitest';
import { isFieldDataPath, rangeResponse } from './field-cache';

const file = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));
const cut = async (range: string | null) => {
	const response = rangeResponse(file, range, new Headers());
	return { status: response.status, range: response.headers.get('content-range'), bytes: [...new Uint8Array(await response.arrayBuffer())] };
};

describe('rangeResponse', () => {
	it('a range is answered 206 with exactly those bytes', async () => {
		expect(await cut('bytes=10-12')).toEqual({ status: 206, range: 'bytes 10-12/100', bytes: [10, 11, 12] });
	});
	it('a range past the end is cut at the end; an open one runs to the end', async () => {
		expect((await cut('bytes=98-200')).bytes).toEqual([98, 99]);
		expect((await cut('bytes=97-')).bytes).toEqual([97, 98, 99]);
	});
	it('"bytes=-N" is the last N bytes', async () => {
		expect(await cut('bytes=-2')).toEqual({ status: 206, range: 'bytes 98-99/100', bytes: [98, 99] });
	});
	it('no range is the whole file; a start past the end is 416', async () => {
		expect((await cut(null)).bytes).toHaveLength(100);
		expect((await cut('bytes=100-')).status).toBe(416);
	});
});

describe('isFieldDataPath', () => {
	it('the session, a walk and its context are kept; nothing else of the API', () => {
		expect(isFieldDataPath('/api/session')).toBe(true);
		expect(isFieldDataPath('/api/inventories/abc')).toBe(true);
		expect(isFieldDataPath('/api/inventories/abc/context')).toBe(true);
		expect(isFieldDataPath('/api/inventories')).toBe(false);
		expect(isFieldDataPath('/api/inventories/abc/findings')).toBe(false);
		expect(isFieldDataPath('/api/layers/drogscener-2023')).toBe(false);
	});
});
