/**
 * First start: an empty store gets the team's own layers from geodata/layers/ (bundled into the
 * build by Vite, so `node build` needs no geodata folder beside it). Each seeded feature starts its
 * history with a 'seed' entry by "geodata/".
 */
import type { FeatureCollection } from 'geojson';
import { LAYERS } from '$lib/layers/catalog';
import type { FeatureInput, FeatureStore } from './db/feature-store';

export const SEED_AUTHOR = 'Lägeskartan (geodata/)';

const seedFiles = import.meta.glob('/geodata/layers/*.geojson', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

export function seedIfEmpty(store: FeatureStore): boolean {
	if (store.layers().length > 0) return false;
	for (const def of LAYERS) {
		const text = seedFiles[`/geodata/layers/${def.id}.geojson`];
		if (text === undefined) throw new Error(`geodata/layers/${def.id}.geojson is missing from the build`);
		const collection = JSON.parse(text) as FeatureCollection;
		store.createLayer({ ...def, editable: true }, SEED_AUTHOR);
		const features = collection.features.map((f) => ({ geometry: f.geometry, properties: f.properties }) as FeatureInput);
		store.importFeatures(def.id, features, { replace: false, action: 'seed' }, SEED_AUTHOR);
	}
	return true;
}
