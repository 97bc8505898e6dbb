/**
 * Every API route and its methods, read from src/routes/api (the files SvelteKit serves), so a
 * route added later is covered by the access tests without anyone remembering to list it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ApiRoute {
	/** The route as SvelteKit names it, e.g. /api/layers/[id]/features/[fid]. */
	route: string;
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
}

const ROOT = join(process.cwd(), 'src', 'routes');

function serverFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? serverFiles(join(dir, entry.name)) : entry.name === '+server.ts' ? [join(dir, entry.name)] : []
	);
}

export function apiRoutes(): ApiRoute[] {
	return routesUnder('api');
}

/** The OGC API – Features routes (src/routes/ogc): read with a session or a personal access token. */
export function ogcRoutes(): ApiRoute[] {
	return routesUnder('ogc');
}

function routesUnder(folder: 'api' | 'ogc'): ApiRoute[] {
	return serverFiles(join(ROOT, folder)).flatMap((file) => {
		const route = '/' + relative(ROOT, file).split(sep).slice(0, -1).join('/');
		const methods = [...readFileSync(file, 'utf8').matchAll(/^export const (GET|POST|PUT|PATCH|DELETE)\b/gm)].map((m) => m[1] as ApiRoute['method']);
		return methods.map((method) => ({ route, method }));
	});
}

/** A concrete path for a route: parameters filled with values that exist in the seeded store. */
export function samplePath(route: string, values: Record<string, string> = {}): string {
	const defaults: Record<string, string> = { id: 'otrygga-platser', fid: 'plats-1', rest: 'finns-inte', collectionId: 'otrygga-platser', featureId: 'finns-inte', ...values };
	return route.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => defaults[name] ?? 'x');
}
