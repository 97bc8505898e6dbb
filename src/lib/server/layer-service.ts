/**
 * The layer service: the one door through which the API and the analysis read and change layers.
 * It sits on the feature store (versions, history, concurrency; SQLite or PostgreSQL) and adds what
 * the store does not know: the catalogue's schemas, validation of every write, and the served
 * GeoJSON with its ETag, serialised once per layer revision.
 *
 * Reads are synchronous: they read the store's committed copy in memory, which `fresh()` makes
 * current (once per request, where requests enter: hooks.server.ts). Writes are async; each
 * returns once the copy holds it.
 */
import { createHash } from 'node:crypto';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import * as v from 'valibot';
import { bbox } from '@turf/turf';
import {
	LAYER_KINDS,
	PROPERTY_SCHEMAS,
	type LayerDefinition,
	type LayerKind,
	type LayerSummary
} from '$lib/layers/catalog';
import { validateGeometry } from '$lib/geo/geometry';
import { FeatureStore, type FeatureInput, type HistoryEntry, type LayerRecord, type StoredFeature } from './db/feature-store';
import { InvalidFeatureError, LayerNotFoundError, NotFoundError } from './errors';
import { newFeatureId } from './feature-id';

export type { LayerSummary };

export interface LayerBody {
	summary: LayerSummary;
	/** The FeatureCollection serialised once per revision, as served. */
	json: string;
	/** Strong validator for conditional requests. */
	etag: string;
}

function definitionOf(record: LayerRecord): LayerDefinition {
	return {
		id: record.id,
		title: record.title,
		titleEn: record.titleEn,
		kind: record.kind as LayerKind,
		year: record.year,
		geometry: record.geometry as LayerDefinition['geometry'],
		source: record.source,
		precision: record.precision,
		approximate: record.approximate
	};
}

/** Served features carry their version as a foreign member; properties stay as the schema says. */
function served(feature: StoredFeature): Feature & { version: number } {
	return { type: 'Feature', properties: feature.properties, geometry: feature.geometry, version: feature.version };
}

const GEOMETRIES_OF: Record<LayerDefinition['geometry'], Geometry['type'][]> = {
	Polygon: ['Polygon', 'MultiPolygon'],
	Point: ['Point'],
	LineString: ['LineString', 'MultiLineString']
};

/** What the analysis reads: the whole service, or one viewer's view of it (see layer-view.ts). */
export interface LayerReader {
	list(): LayerSummary[];
	get(id: string): LayerBody;
	features(id: string): FeatureCollection;
}

export class LayerService implements LayerReader {
	readonly store: FeatureStore;
	readonly #bodies = new Map<string, LayerBody>();

	constructor(store: FeatureStore) {
		this.store = store;
	}

	/** Makes the reads current with what is committed (db/feature-store.ts `fresh`). */
	fresh(): Promise<void> {
		return this.store.fresh();
	}

	#record(id: string): LayerRecord {
		const record = this.store.layer(id);
		if (!record) throw new LayerNotFoundError(id, this.store.layers().map((l) => l.id));
		return record;
	}

	list(): LayerSummary[] {
		return this.store.layers().map((record) => this.get(record.id).summary);
	}

	/** @throws LayerNotFoundError */
	get(id: string): LayerBody {
		const record = this.#record(id);
		const key = `${id}@${record.revision}`;
		let body = this.#bodies.get(key);
		if (!body) {
			const collection: FeatureCollection = { type: 'FeatureCollection', features: this.store.features(id).map(served) };
			const json = JSON.stringify(collection);
			const box = collection.features.length > 0 ? (bbox(collection) as LayerSummary['bbox']) : null;
			body = {
				summary: { ...definitionOf(record), featureCount: collection.features.length, bbox: box },
				json,
				etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`
			};
			// Made from the committed copy (never from inside a write), so it may be kept.
			for (const old of this.#bodies.keys()) if (old.startsWith(`${id}@`)) this.#bodies.delete(old);
			this.#bodies.set(key, body);
		}
		return body;
	}

	/** The summary of a layer without features (one just made), from its record. */
	emptySummary(record: LayerRecord): LayerSummary {
		return { ...definitionOf(record), featureCount: 0, bbox: null };
	}

	/** The parsed features, for analysis; a fresh copy each call. */
	features(id: string): FeatureCollection {
		return JSON.parse(this.get(id).json) as FeatureCollection;
	}

	feature(layerId: string, featureId: string): StoredFeature {
		this.#record(layerId);
		const feature = this.store.feature(layerId, featureId);
		if (feature === null) throw new NotFoundError(`Objektet ${featureId} i ${layerId} är borttaget; se historiken för att återställa det.`);
		if (!feature) throw new NotFoundError(`Objektet ${featureId} finns inte i ${layerId}.`);
		return feature;
	}

	/**
	 * Checks a feature against its layer: geometry type and validity, and properties by the
	 * layer's schema (a drug scene's year must be its layer's year). Returns it ready to store.
	 */
	validate(layerId: string, input: unknown, featureId?: string): FeatureInput {
		this.#requireEditable(layerId);
		const record = this.#record(layerId);
		const feature = input as Partial<Feature> | null;
		if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
			throw new InvalidFeatureError('Skicka ett GeoJSON-objekt med "type": "Feature", "geometry" och "properties".');
		}
		const allowed = GEOMETRIES_OF[record.geometry as LayerDefinition['geometry']] ?? [];
		const type = feature.geometry?.type;
		if (!type || !allowed.includes(type)) {
			throw new InvalidFeatureError(`Lagret ${layerId} tar ${allowed.join(' eller ')}, inte ${type ?? 'ingen geometri'}.`, 'geometry');
		}
		const problem = validateGeometry(feature.geometry!);
		if (problem) throw new InvalidFeatureError(problem, 'geometry');

		const properties: Record<string, unknown> = { ...(feature.properties ?? {}) };
		delete properties.version;
		properties.id = featureId ?? properties.id ?? newFeatureId(layerId);
		const kind = record.kind as LayerKind;
		if (!LAYER_KINDS.includes(kind)) throw new Error(`layer ${layerId} has unknown kind ${record.kind}`);
		const parsed = v.safeParse(PROPERTY_SCHEMAS[kind], properties);
		if (!parsed.success) {
			const issue = parsed.issues[0];
			const field = v.getDotPath(issue) ?? undefined;
			throw new InvalidFeatureError(`Egenskapen ${field ?? '?'}: ${issue.message}`, field);
		}
		if (record.year !== null && 'year' in properties && properties.year !== record.year) {
			throw new InvalidFeatureError(`Egenskapen year: ${String(properties.year)} hör inte till lagret ${layerId} (${record.year}).`, 'year');
		}
		return { geometry: feature.geometry!, properties: parsed.output as FeatureInput['properties'] };
	}

	/** `organisationId`: the organisation adding it (null: the layer's owner). */
	async createFeature(layerId: string, input: unknown, by: string, organisationId: string | null = null): Promise<StoredFeature> {
		const ownId = ((input as Partial<Feature> | null)?.properties?.id ?? null) !== null;
		return this.store.create(layerId, this.validate(layerId, input), by, organisationId, ownId ? undefined : () => newFeatureId(layerId));
	}

	async updateFeature(layerId: string, featureId: string, baseVersion: number, input: unknown, by: string): Promise<StoredFeature> {
		return this.store.update(layerId, featureId, baseVersion, this.validate(layerId, input, featureId), by);
	}

	#requireEditable(layerId: string) {
		if (!this.#record(layerId).editable) throw new InvalidFeatureError(`Lagret ${layerId} går inte att ändra.`);
	}

	/** Returns the version the deletion got (restore needs it as its base). */
	async deleteFeature(layerId: string, featureId: string, baseVersion: number, by: string): Promise<number> {
		this.#requireEditable(layerId);
		return this.store.delete(layerId, featureId, baseVersion, by);
	}

	/** Makes an earlier version current again, as a new version. */
	async restoreFeature(layerId: string, featureId: string, version: number, baseVersion: number, by: string): Promise<StoredFeature> {
		this.#requireEditable(layerId);
		return this.store.restore(layerId, featureId, version, baseVersion, by);
	}

	async history(layerId: string, featureId?: string): Promise<HistoryEntry[]> {
		this.#record(layerId);
		return this.store.history(layerId, featureId);
	}
}
