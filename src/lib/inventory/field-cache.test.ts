import { describe, expect, it } from 'vitest';
import { fieldDataUrls, installShell, isFieldDataPath, isKeptPagePath, readyShell, REPORT_DATA_URLS, REPORT_PAGE, SHELL_COMPLETE } from './field-cache';
import { MemoryCaches } from './testing/memory-caches';

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

	it('the report form is kept too: its page and every answer its load reads (a cold start without network)', () => {
		expect(isKeptPagePath(REPORT_PAGE)).toBe(true);
		expect(REPORT_DATA_URLS.every(isFieldDataPath)).toBe(true);
		expect(isFieldDataPath('/api/reports/categories')).toBe(true);
		// the reports themselves are not: they may touch others' organisations
		expect(isFieldDataPath('/api/reports')).toBe(false);
		expect(isKeptPagePath('/rapportera/import')).toBe(false);
		expect(isKeptPagePath('/vecka')).toBe(false);
	});
});

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
