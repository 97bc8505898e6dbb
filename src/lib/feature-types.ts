/**
 * A stored feature and its history as the write API hands them out: shared by the store
 * (server) and the editing UI (browser). Types only.
 */
import type { Feature, Geometry } from 'geojson';

/** A GeoJSON feature as stored: `properties.id` is its id, `version` its current version. */
export interface StoredFeature extends Feature<Geometry, Record<string, unknown>> {
	version: number;
	updatedAt: string;
	updatedBy: string;
}

export type HistoryAction = 'create' | 'update' | 'delete' | 'restore' | 'import' | 'seed';

export interface HistoryEntry {
	seq: number;
	layerId: string;
	featureId: string;
	version: number;
	action: HistoryAction;
	at: string;
	by: string;
	before: StoredFeature | null;
	after: StoredFeature | null;
}
