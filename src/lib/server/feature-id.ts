/**
 * Ids for features added without one: the layer's id, 8 hex digits that count milliseconds
 * (modulo 2³², a cycle of 49.7 days; one up from the last when several come within a
 * millisecond) and 2 hex digits drawn once per process (two instances on one PostgreSQL
 * database adding in the same millisecond get different ids).
 *
 * Not random, for two reasons (issue 14, bench-store's ten writers):
 * - A random id lands on a random page of the features' primary key and of the history's index:
 *   every new feature dirtied two pages of its own, each written whole to the WAL at COMMIT
 *   (4 kB for a ~50-byte key). Ids that count up share the rightmost page.
 * - 32 random bits collide: in a layer of 36 000 features one new id in 120 000 was taken, and
 *   the feature was refused with a 409 about an id nobody chose (or, for a deleted one's id,
 *   would have continued its history). A taken id is now replaced by the store (FeatureStore
 *   `create`, `newId`), which also covers the cycle's wrap.
 */
import { randomInt } from 'node:crypto';

const CYCLE = 2 ** 32;

/** A maker of ids with its own count; `suffix`: this process's two hex digits. */
export function featureIdMaker(suffix: string = randomInt(256).toString(16).padStart(2, '0')): (layerId: string, now?: number) => string {
	let last = 0;
	return (layerId, now = Date.now()) => {
		last = Math.max(last + 1, now);
		return `${layerId}-${(last % CYCLE).toString(16).padStart(8, '0')}${suffix}`;
	};
}

/** The process's maker: every id the server makes comes from it, so they count up together. */
export const newFeatureId = featureIdMaker();
