/**
 * Reads the project's own geodata (geodata/layers, geodata/basemap) and the CC0 reference
 * districts that sit beside the checkout, for the geodata tests.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const GEODATA_FOLDERS = ['layers', 'basemap'] as const;
export type GeodataFolder = (typeof GEODATA_FOLDERS)[number];

/** Paths relative to geodata/, e.g. `layers/stadsdelar.geojson`, sorted. */
export function listGeodataFiles(folder: GeodataFolder): string[] {
	const dir = path.join(repoRoot, 'geodata', folder);
	return readdirSync(dir)
		.filter((name) => name.endsWith('.geojson'))
		.sort()
		.map((name) => `${folder}/${name}`);
}

/** Parses one file under geodata/ without judging it (the tests do that). */
export function readGeodata(file: string): FeatureCollection {
	return JSON.parse(readFileSync(path.join(repoRoot, 'geodata', file), 'utf8')) as FeatureCollection;
}

/** The features of a file whose geometries the caller knows; throws on any other type. */
export function readFeatures<G extends Geometry>(file: string, type: G['type']): Feature<G>[] {
	const collection = readGeodata(file);
	for (const feature of collection.features) {
		if (feature.geometry.type !== type) {
			throw new Error(`${file}: feature ${feature.properties?.id} is a ${feature.geometry.type}, expected ${type}`);
		}
	}
	return collection.features as Feature<G>[];
}

export const REFERENCE_DISTRICTS = path.resolve(repoRoot, '../shared/data/stockholm-stadsdelar-cc0.geojson');

/** The real stadsdelar (CC0, property `name` upper case), keyed by that name. Reference only. */
export function loadReferenceDistricts(): Map<string, Feature<Polygon | MultiPolygon>> {
	if (!existsSync(REFERENCE_DISTRICTS)) {
		throw new Error(
			`The CC0 reference districts are missing: expected ${REFERENCE_DISTRICTS} (shared/data beside the checkout).`
		);
	}
	const collection = JSON.parse(readFileSync(REFERENCE_DISTRICTS, 'utf8')) as FeatureCollection<Polygon | MultiPolygon>;
	return new Map(collection.features.map((feature) => [String(feature.properties?.name), feature]));
}
