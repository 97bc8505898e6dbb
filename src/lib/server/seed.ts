/**
 * First start: an empty store gets the team's own layers from geodata/layers/ (bundled into the
 * build by Vite, so `node build` needs no geodata folder beside it). Each seeded feature starts its
 * history with a 'seed' entry by "geodata/". Each layer gets the owner, editing grants and
 * visibility below (the same as migration 5 gave an existing store).
 */
import type { FeatureCollection } from 'geojson';
import { sql } from 'kysely';
import type { EditLevel } from '$lib/accounts';
import { LAYERS } from '$lib/layers/catalog';
import type { AccountStore } from './auth/account-store';
import type { FeatureInput, FeatureStore } from './db/feature-store';

export const SEED_AUTHOR = 'Lägeskartan (geodata/)';

/** Organisations that see the drug scenes from the start (the lägesbild's own authors). */
export const SCENE_VISIBILITY = ['sdf-jarva', 'polis-jarva'];

interface SeedAccess {
	owner: string;
	editors: { organisationId: string; level: EditLevel }[];
	visibleTo: string[] | null;
}

/**
 * Who owns each seeded layer, decided from the lägesbild (geodata/SOURCES.md, "Who owns which
 * layer"): the district administration the districts and the insecure places (its
 * trygghetsmätning; the police and the property owners contribute places from the walks they
 * take part in), the police their classification and the drug scenes (SSR's survey in the
 * police's part of the lägesbild), which the district administration co-edits: the lägesbild is
 * "stadens och polisens gemensamma bild".
 */
export function seedAccess(kind: string): SeedAccess {
	if (kind === 'drug-scene') return { owner: 'polis-jarva', editors: [{ organisationId: 'sdf-jarva', level: 'edit' }], visibleTo: SCENE_VISIBILITY };
	if (kind === 'area-class') return { owner: 'polis-jarva', editors: [], visibleTo: null };
	if (kind === 'insecure-place') {
		return {
			owner: 'sdf-jarva',
			editors: [
				{ organisationId: 'polis-jarva', level: 'contribute' },
				{ organisationId: 'fastighetsagare', level: 'contribute' }
			],
			visibleTo: null
		};
	}
	return { owner: 'sdf-jarva', editors: [], visibleTo: null };
}

/**
 * Seeds an empty store; loads the store's copy either way (createServices awaits it). One write:
 * instances starting together on one PostgreSQL database seed once (the write's lock makes the
 * second find the layers the first committed), and a start that fails half-way leaves nothing.
 */
export async function seedIfEmpty(store: FeatureStore, accounts: Pick<AccountStore, 'setVisibility' | 'setEditors'>): Promise<boolean> {
	await store.fresh();
	if (store.layers().length > 0) return false;
	// Globbed here, not at module level: only a build (Vite) has the files, and a script may load this module for a seeded store.
	const seedFiles = import.meta.glob('/geodata/layers/*.geojson', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
	const seeded = await store.database.write(async () => {
		// Asked inside the write: another instance may have seeded since the copy above was read.
		const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM layers`.execute(store.database.query);
		if (Number(rows[0]?.n) > 0) return false;
		for (const def of LAYERS) {
			const text = seedFiles[`/geodata/layers/${def.id}.geojson`];
			if (text === undefined) throw new Error(`geodata/layers/${def.id}.geojson is missing from the build`);
			const collection = JSON.parse(text) as FeatureCollection;
			const access = seedAccess(def.kind);
			await store.createLayer({ ...def, editable: true }, SEED_AUTHOR, access.owner);
			const features = collection.features.map((f) => ({ geometry: f.geometry, properties: f.properties }) as FeatureInput);
			await store.importFeatures(def.id, features, { replace: false, action: 'seed' }, SEED_AUTHOR);
			await accounts.setVisibility(def.id, access.visibleTo);
			await accounts.setEditors(def.id, access.editors);
		}
		return true;
	});
	await store.fresh();
	return seeded;
}
