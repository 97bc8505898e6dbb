import { describe, expect, it } from 'vitest';
import { fieldDataUrls, installShell, isFieldDataPath, rangeResponse, readyShell, SHELL_COMPLETE } from './field-cache';

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
	it('the session, the walk list, a walk and its context are kept; nothing else of the API', () => {
		expect(isFieldDataPath('/api/session')).toBe(true);
		expect(isFieldDataPath('/api/inventories/abc')).toBe(true);
		expect(isFieldDataPath('/api/inventories/abc/context')).toBe(true);
		// the installed app opens on the walk list (/inventering), which reads these
		expect(isFieldDataPath('/api/inventories')).toBe(true);
		expect(isFieldDataPath('/api/admin/organisations')).toBe(true);
		expect(isFieldDataPath('/api/admin/accounts')).toBe(false);
		expect(isFieldDataPath('/api/inventories/abc/findings')).toBe(false);
		expect(isFieldDataPath('/api/layers/drogscener-2023')).toBe(false);
	});

	it('every path the field page and the walk list read is one the worker keeps', () => {
		expect(fieldDataUrls('abc').every(isFieldDataPath)).toBe(true);
	});
});

const ORIGIN = 'http://phone.test';

/** The browser's CacheStorage, in memory: keys in the order made, entries by absolute URL. */
class MemoryCache {
	readonly entries = new Map<string, Response>();
	constructor(private readonly fetcher: (path: string) => Promise<Response>) {}
	async match(request: RequestInfo): Promise<Response | undefined> {
		return this.entries.get(new URL(typeof request === 'string' ? request : request.url, ORIGIN).href)?.clone();
	}
	async put(request: RequestInfo, response: Response): Promise<void> {
		this.entries.set(new URL(typeof request === 'string' ? request : request.url, ORIGIN).href, response);
	}
	async addAll(paths: string[]): Promise<void> {
		const responses = await Promise.all(paths.map((p) => this.fetcher(p)));
		if (responses.some((r) => !r.ok)) throw new TypeError('addAll: a request failed');
		responses.forEach((r, i) => this.entries.set(new URL(paths[i]!, ORIGIN).href, r));
	}
	async keys(): Promise<Request[]> {
		return [...this.entries.keys()].map((url) => new Request(url));
	}
}
class MemoryCaches {
	readonly caches = new Map<string, MemoryCache>();
	/** The network the caches' addAll reaches: the server of the app's version now. */
	constructor(public network: (path: string) => Promise<Response>) {}
	async open(name: string) {
		if (!this.caches.has(name)) this.caches.set(name, new MemoryCache((path) => this.network(path)));
		return this.caches.get(name)!;
	}
	async has(name: string) {
		return this.caches.has(name);
	}
	async delete(name: string) {
		return this.caches.delete(name);
	}
	async keys() {
		return [...this.caches.keys()];
	}
	paths(name: string) {
		return [...(this.caches.get(name)?.entries.keys() ?? [])].map((url) => new URL(url).pathname);
	}
}

/** A server with one version of the app: its files and its pages' HTML name that version. */
function server(version: string, { down = new Set<string>() } = {}) {
	return async (path: string) => {
		if (down.has(path)) throw new TypeError('Failed to fetch');
		return new Response(`${version}:${path}`, { status: 200 });
	};
}

describe('installShell and readyShell (the app shell across an update)', () => {
	const oldFiles = ['/_app/old.js', '/basemap/jarva.pmtiles'];
	const newFiles = ['/_app/new.js', '/basemap/jarva.pmtiles'];

	async function phoneWithOldShell() {
		const storage = new MemoryCaches(server('v1'));
		const asStorage = storage as unknown as CacheStorage;
		await installShell(asStorage, { name: 'lageskartan-skal-v1', files: oldFiles, pages: ['/inventering/w1/falt', '/inventering'], fetcher: server('v1') });
		return { storage, asStorage };
	}

	it('marks a shell complete only when its files and pages are in', async () => {
		const { storage, asStorage } = await phoneWithOldShell();
		expect(storage.paths('lageskartan-skal-v1').sort()).toEqual([...oldFiles, '/inventering/w1/falt', '/inventering', SHELL_COMPLETE].sort());
		expect(await (await readyShell(asStorage))?.match('/_app/old.js').then((r) => r?.text())).toBe('v1:/_app/old.js');
	});

	it('keeps the old shell, and answers from it, when the new one cannot be downloaded', async () => {
		const { storage, asStorage } = await phoneWithOldShell();
		// the update's download fails: the new cache is made but stays incomplete
		storage.network = server('v2', { down: new Set(['/_app/new.js']) });
		await expect(installShell(asStorage, { name: 'lageskartan-skal-v2', files: newFiles, fetcher: storage.network })).rejects.toThrow();
		expect(await storage.keys()).toEqual(['lageskartan-skal-v1', 'lageskartan-skal-v2']);
		const shell = await readyShell(asStorage, 'lageskartan-skal-v2');
		expect(await shell?.match('/inventering/w1/falt').then((r) => r?.text())).toBe('v1:/inventering/w1/falt');
		expect(await shell?.match('/_app/old.js').then((r) => r?.text())).toBe('v1:/_app/old.js');
	});

	it('carries the kept pages over, fetched again for the new version, then deletes the old shell', async () => {
		const { storage, asStorage } = await phoneWithOldShell();
		storage.network = server('v2');
		await installShell(asStorage, { name: 'lageskartan-skal-v2', files: newFiles, fetcher: storage.network });
		expect(await storage.keys()).toEqual(['lageskartan-skal-v2']);
		const shell = await readyShell(asStorage, 'lageskartan-skal-v2');
		expect(await shell?.match('/inventering/w1/falt').then((r) => r?.text())).toBe('v2:/inventering/w1/falt');
		expect(await shell?.match('/inventering').then((r) => r?.text())).toBe('v2:/inventering');
	});

	it('keeps the old shell when a kept page cannot be fetched for the new version (no network)', async () => {
		const { storage, asStorage } = await phoneWithOldShell();
		storage.network = server('v2', { down: new Set(['/inventering/w1/falt']) });
		await expect(installShell(asStorage, { name: 'lageskartan-skal-v2', files: newFiles, fetcher: storage.network })).rejects.toThrow('Failed to fetch');
		expect((await storage.keys()).sort()).toEqual(['lageskartan-skal-v1', 'lageskartan-skal-v2']);
		expect(await (await readyShell(asStorage, 'lageskartan-skal-v2'))?.match('/_app/old.js')).toBeDefined();
	});
});
