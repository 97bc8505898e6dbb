/**
 * Turns the basemap's GeoJSON files into layers for `buildBasemap`, checking every feature
 * against `basemapProperties` first, so that a typo fails the build with a message that names
 * the file and feature instead of producing a quietly wrong map.
 */
import type { Feature, FeatureCollection } from 'geojson';
import * as v from 'valibot';
import { basemapProperties } from './schema';

export interface BasemapSourceFile {
	/** File path as shown in messages; its name without `.geojson` becomes the layer name. */
	path: string;
	text: string;
}

export interface BasemapLayers {
	layers: Record<string, FeatureCollection>;
	/** One line per problem; empty when every file is usable. */
	errors: string[];
}

/** Vector layer ids end up in style JSON and URLs: keep them plain. */
const LAYER_NAME = /^[a-z][a-z0-9-]*$/;
const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'];

/** Parse and validate basemap files. Pure: the caller reads the files. */
export function readBasemapLayers(files: readonly BasemapSourceFile[]): BasemapLayers {
	const layers: Record<string, FeatureCollection> = {};
	const errors: string[] = [];
	const firstUse = new Map<string, string>();

	for (const { path, text } of files) {
		const name = (path.split(/[\\/]/).at(-1) ?? path).replace(/\.geojson$/, '');
		if (!LAYER_NAME.test(name)) {
			errors.push(`${path}: layer name "${name}" must be lower-case letters, digits and dashes`);
			continue;
		}
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch (error) {
			errors.push(`${path}: not valid JSON: ${(error as Error).message}`);
			continue;
		}
		if (!isFeatureCollection(json)) {
			errors.push(`${path}: expected a GeoJSON FeatureCollection with a "features" array`);
			continue;
		}
		json.features.forEach((feature, index) => {
			const where = `${path}: feature ${index}${describeId(feature)}`;
			errors.push(...featureErrors(feature, where));
			const id = feature?.properties?.id;
			if (typeof id !== 'string') return;
			const earlier = firstUse.get(id);
			if (earlier) errors.push(`${where}: id "${id}" is already used by ${earlier}`);
			else firstUse.set(id, `${path}: feature ${index}`);
		});
		layers[name] = json;
	}
	return { layers, errors };
}

function featureErrors(feature: Feature | null | undefined, where: string): string[] {
	if (feature?.type !== 'Feature') return [`${where}: not a GeoJSON Feature`];
	const problems: string[] = [];
	if (!feature.geometry || !GEOMETRY_TYPES.includes(feature.geometry.type)) {
		problems.push(`${where}: geometry must be one of ${GEOMETRY_TYPES.join(', ')}`);
	}
	const result = v.safeParse(basemapProperties, feature.properties);
	if (!result.success) {
		for (const issue of result.issues) {
			const key = v.getDotPath(issue);
			problems.push(`${where}: ${key ? `properties.${key}: ` : 'properties: '}${issue.message}`);
		}
	}
	return problems;
}

function describeId(feature: Feature | null | undefined): string {
	const id = feature?.properties?.id;
	return typeof id === 'string' ? ` (id "${id}")` : '';
}

function isFeatureCollection(json: unknown): json is FeatureCollection {
	return (
		typeof json === 'object' &&
		json !== null &&
		(json as { type?: unknown }).type === 'FeatureCollection' &&
		Array.isArray((json as { features?: unknown }).features)
	);
}
