/**
 * Undo for the editing session. The server never rewrites history, so undoing is itself a write
 * based on the version the change made: undoing a save puts the old state back, undoing a create
 * deletes, undoing a delete restores the version before it. If someone changed the feature in
 * between, the server answers 409 and nothing is overwritten.
 */
import type { Feature } from 'geojson';
import type { StoredFeature } from '$lib/feature-types';

/** One change this session made, with what is needed to take it back. */
export type Change =
	| { action: 'create'; layerId: string; featureId: string; after: StoredFeature }
	| { action: 'update'; layerId: string; featureId: string; before: StoredFeature; after: StoredFeature }
	| { action: 'delete'; layerId: string; featureId: string; before: StoredFeature; deletedVersion: number };

/** The write that takes a change back. */
export type Inverse =
	| { method: 'DELETE'; layerId: string; featureId: string; baseVersion: number }
	| { method: 'PUT'; layerId: string; featureId: string; feature: Feature; baseVersion: number }
	| { method: 'RESTORE'; layerId: string; featureId: string; version: number; baseVersion: number };

export function inverseOf(change: Change): Inverse {
	const { layerId, featureId } = change;
	switch (change.action) {
		case 'create':
			return { method: 'DELETE', layerId, featureId, baseVersion: change.after.version };
		case 'update':
			return {
				method: 'PUT',
				layerId,
				featureId,
				feature: { type: 'Feature', properties: change.before.properties, geometry: change.before.geometry },
				baseVersion: change.after.version
			};
		case 'delete':
			return { method: 'RESTORE', layerId, featureId, version: change.before.version, baseVersion: change.deletedVersion };
	}
}

/** What the undo button says it will do, in Swedish. */
export function describeUndo(change: Change): string {
	const nameOf = (feature: StoredFeature) => String(feature.properties.name ?? change.featureId);
	const name = nameOf(change.action === 'create' ? change.after : change.before);
	switch (change.action) {
		case 'create':
			return `Ta bort nyss skapade ”${name}”`;
		case 'update': {
			const now = nameOf(change.after);
			return now === name ? `Ta tillbaka ändringen av ”${name}”` : `Byt tillbaka ”${now}” till ”${name}”`;
		}
		case 'delete':
			return `Återskapa borttagna ”${name}”`;
	}
}
