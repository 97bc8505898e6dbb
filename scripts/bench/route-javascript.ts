import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

/**
 * The JavaScript a browser downloads to open the map page (`/`), against MapLibre's own, both
 * brotli-compressed as a server would send them (issue 14: ≤ 1.15× MapLibre). Read from Vite's
 * build manifest: the app's entry, the root layout and the map route with every chunk they import
 * statically — what is imported with `import()` (the editor, the importer, the analysis) is not
 * downloaded until used, so it is not counted. MapLibre's worker is counted on both sides, since
 * every map page loads it; the ratio without it is reported too.
 */
type ManifestEntry = { file: string; name?: string; imports?: string[]; isEntry?: boolean };

export type RouteJavaScript = { appBytes: number; maplibreBytes: number; workerBytes: number; chunks: number };

const OUT = process.env.SVELTEKIT_OUT_DIR ?? '.svelte-kit';
const CLIENT = `${OUT}/output/client`;
const KIT = `${OUT}/generated/client-optimized`;

function brotli(path: string): number {
	return brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
}

export function routeJavaScript(root: string): RouteJavaScript {
	const manifest = JSON.parse(readFileSync(join(root, CLIENT, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestEntry>;
	// The map page is the route whose node imports MapPage.svelte: found, not assumed to be node 2.
	const starts = ['node_modules/@sveltejs/kit/src/runtime/client/entry.js', `${KIT}/app.js`, `${KIT}/nodes/0.js`, mapRouteNode(root, manifest)];
	const seen = new Set<string>();
	const stack = [...starts];
	while (stack.length) {
		const key = stack.pop()!;
		if (seen.has(key) || !manifest[key]) continue;
		seen.add(key);
		stack.push(...(manifest[key].imports ?? []));
	}
	let appBytes = 0;
	for (const key of seen) appBytes += brotli(join(root, CLIENT, manifest[key]!.file));
	const worker = Object.entries(manifest).find(([key]) => key.endsWith('maplibre-gl/dist/maplibre-gl-worker.mjs'));
	if (!worker) throw new Error('The build has no MapLibre worker: is `npm run build` done?');
	return {
		appBytes,
		maplibreBytes: brotli(join(root, 'node_modules/maplibre-gl/dist/maplibre-gl.mjs')),
		workerBytes: brotli(join(root, CLIENT, worker[1].file)),
		chunks: seen.size
	};
}

function mapRouteNode(root: string, manifest: Record<string, ManifestEntry>): string {
	for (const key of Object.keys(manifest)) {
		if (!key.startsWith(`${KIT}/nodes/`)) continue;
		const source = readFileSync(join(root, key), 'utf8');
		if (source.includes('src/routes/+page.svelte')) return key;
	}
	throw new Error('No route node for src/routes/+page.svelte in the build manifest.');
}
