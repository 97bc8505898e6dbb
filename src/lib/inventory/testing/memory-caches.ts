/** The browser's Cache Storage in memory, for unit tests of what the field mode keeps. */
export const ORIGIN = 'http://phone.test';

/** The browser's CacheStorage, in memory: keys in the order made, entries by absolute URL. */
export class MemoryCache {
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
export class MemoryCaches {
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

