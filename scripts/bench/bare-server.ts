/**
 * The baseline for part 2: a bare MapLibre page on a tiny node:http server. It serves MapLibre and
 * the pmtiles reader from node_modules, and copies of the app's basemap, fonts and layers from
 * memory under the same paths — same origin as the page, because the app sends no CORS headers.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Asset {
	body: Buffer;
	type: string;
	/** Precompressed copies, sent when the browser accepts them (as the app does for layers). */
	br?: Buffer;
	gzip?: Buffer;
}

export interface BareServer {
	origin: string;
	assets: Map<string, Asset>;
	/** Paths requested so far, to check that the page fetched what the app page fetches. */
	requested: Set<string>;
	setPage(html: string): void;
	close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

function libraryAssets(): Map<string, Asset> {
	const maplibre = join(packageDir('maplibre-gl'), 'dist');
	const file = (path: string, type: string): Asset => ({ body: readFileSync(path), type });
	return new Map([
		// maplibre-gl.mjs finds its worker next to itself (import.meta.url).
		['/maplibre/maplibre-gl.mjs', file(join(maplibre, 'maplibre-gl.mjs'), 'text/javascript')],
		['/maplibre/maplibre-gl-worker.mjs', file(join(maplibre, 'maplibre-gl-worker.mjs'), 'text/javascript')],
		['/maplibre/maplibre-gl.css', file(join(maplibre, 'maplibre-gl.css'), 'text/css')],
		// The IIFE build defines a global `pmtiles`; no bundler or import map needed.
		['/pmtiles/pmtiles.js', file(join(packageDir('pmtiles'), 'dist/pmtiles.js'), 'text/javascript')]
	]);
}

export async function startBareServer(): Promise<BareServer> {
	const assets = libraryAssets();
	let page = '';
	const requested = new Set<string>();
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		requested.add(path);
		const asset = path === '/' ? { body: Buffer.from(page), type: 'text/html; charset=utf-8' } : assets.get(path);
		if (!asset) {
			res.writeHead(404).end();
			return;
		}
		const headers: Record<string, string> = { 'content-type': asset.type, 'accept-ranges': 'bytes' };
		// The pmtiles reader fetches byte ranges of the archive.
		const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
		if (range) {
			const size = asset.body.length;
			const start = Number(range[1]);
			const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
			if (start >= size || end < start) {
				res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
				return;
			}
			headers['content-range'] = `bytes ${start}-${end}/${size}`;
			res.writeHead(206, headers).end(asset.body.subarray(start, end + 1));
			return;
		}
		const accepted = String(req.headers['accept-encoding'] ?? '');
		let body = asset.body;
		if (asset.br && /\bbr\b/.test(accepted)) {
			[body, headers['content-encoding']] = [asset.br, 'br'];
		} else if (asset.gzip && /\bgzip\b/.test(accepted)) {
			[body, headers['content-encoding']] = [asset.gzip, 'gzip'];
		}
		if (asset.br || asset.gzip) headers.vary = 'Accept-Encoding';
		res.writeHead(200, headers).end(body);
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		assets,
		requested,
		setPage: (html) => (page = html),
		close: () =>
			new Promise((r) => {
				server.closeAllConnections();
				server.close(() => r());
			})
	};
}
