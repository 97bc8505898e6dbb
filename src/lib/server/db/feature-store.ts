/**
 * The feature store: layers, features with versions, and a history row for every change (who,
 * when, before, after). Every write is one `BEGIN IMMEDIATE` transaction, so it is all or nothing
 * and two writers never interleave; an update or delete names the version it was based on and is
 * refused with the current feature when someone else changed it first (optimistic concurrency).
 *
 * The store knows versions and history, not schemas: the layer service validates properties.
 * It records who owns a layer and which organisation added each feature; what those allow is
 * decided in auth/access.ts.
 * Relative imports only: the durability test runs this file outside SvelteKit.
 */
import type { Geometry } from 'geojson';
import type { HistoryAction, HistoryEntry, StoredFeature } from '../../feature-types';
import type Database from 'better-sqlite3';
import { write, type Db } from './database';
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';

export type { HistoryAction, HistoryEntry, StoredFeature };

export interface LayerRecord {
	id: string;
	title: string;
	titleEn: string;
	kind: string;
	year: number | null;
	geometry: string;
	source: string;
	precision: string;
	approximate: boolean;
	editable: boolean;
	/** Bumped by every change to the layer's features. */
	revision: number;
	createdAt: string;
	createdBy: string;
	/** The organisation that owns the layer (decides who sees and edits it). */
	ownerOrganisationId: string;
}

export type NewLayer = Omit<LayerRecord, 'revision' | 'createdAt' | 'createdBy' | 'ownerOrganisationId'>;

export interface FeatureInput {
	geometry: Geometry;
	properties: Record<string, unknown> & { id: string };
}


interface FeatureRow {
	layer_id: string;
	id: string;
	version: number;
	geometry: string;
	properties: string;
	deleted: number;
	updated_at: string;
	updated_by: string;
}

interface LayerRow {
	id: string;
	title: string;
	title_en: string;
	kind: string;
	year: number | null;
	geometry: string;
	source: string;
	precision: string;
	approximate: number;
	editable: number;
	revision: number;
	created_at: string;
	created_by: string;
	owner_organisation_id: string;
}

/** A write based on a version that is no longer current: what is stored now (null: deleted) and the refused change. */
function staleVersion(featureId: string, baseVersion: number, current: StoredFeature | null, yours: unknown): VersionConflictError {
	return new VersionConflictError(
		current
			? `Objektet ${featureId} har ändrats av ${current.updatedBy} (${current.updatedAt}) sedan version ${baseVersion}: nu version ${current.version}.`
			: `Objektet ${featureId} har tagits bort sedan version ${baseVersion}.`,
		{ baseVersion, current, yours }
	);
}

const toLayer = (row: LayerRow): LayerRecord => ({
	id: row.id,
	title: row.title,
	titleEn: row.title_en,
	kind: row.kind,
	year: row.year,
	geometry: row.geometry,
	source: row.source,
	precision: row.precision,
	approximate: row.approximate === 1,
	editable: row.editable === 1,
	revision: row.revision,
	createdAt: row.created_at,
	createdBy: row.created_by,
	ownerOrganisationId: row.owner_organisation_id
});

const toFeature = (row: FeatureRow): StoredFeature => ({
	type: 'Feature',
	properties: JSON.parse(row.properties) as Record<string, unknown>,
	geometry: JSON.parse(row.geometry) as Geometry,
	version: row.version,
	updatedAt: row.updated_at,
	updatedBy: row.updated_by
});

export class FeatureStore {
	readonly #db: Db;
	readonly #now: () => string;

	constructor(db: Db, now: () => string = () => new Date().toISOString()) {
		this.#db = db;
		this.#now = now;
	}

	readonly #statements = new Map<string, Database.Statement>();

	/** A prepared statement, prepared once: preparing is most of a small write's cost. */
	#sql(text: string): Database.Statement {
		let statement = this.#statements.get(text);
		if (!statement) {
			statement = this.#db.prepare(text);
			this.#statements.set(text, statement);
		}
		return statement;
	}

	/** True inside a write: what is read now may still be rolled back (caches must not keep it). */
	get inWrite(): boolean {
		return this.#db.inTransaction;
	}

	/** Runs `work` as one immediate transaction: it holds the write lock from the start. */
	#write<T>(work: () => T): T {
		return write(this.#db, work);
	}

	/**
	 * The layers as last committed, kept in memory: every request reads them (a layer's revision is
	 * its ETag) and only this store's writes change them, each of which forgets the copy. Never
	 * filled inside a transaction (a rollback would leave it holding what was never committed).
	 * Several app instances on one database (next: PostgreSQL) need another instance's writes to
	 * forget it too (LISTEN/NOTIFY).
	 */
	#layers: Map<string, LayerRecord> | undefined;

	#layerRecords(): Map<string, LayerRecord> {
		if (this.#layers) return this.#layers;
		const records = new Map((this.#sql('SELECT * FROM layers ORDER BY rowid').all() as LayerRow[]).map((row) => [row.id, toLayer(row)]));
		if (!this.#db.inTransaction) this.#layers = records;
		return records;
	}

	layers(): LayerRecord[] {
		return [...this.#layerRecords().values()];
	}

	layer(id: string): LayerRecord | undefined {
		if (this.#layers || !this.#db.inTransaction) return this.#layerRecords().get(id);
		// Inside a write that changed a layer (the copy is gone and cannot be kept until COMMIT): its
		// one row, not every layer's. A request checks its layer three or four times in its write.
		const row = this.#sql('SELECT * FROM layers WHERE id = ?').get(id) as LayerRow | undefined;
		return row && toLayer(row);
	}

	/** When any object of these layers last changed (deletions included), ISO; null when never. */
	lastChange(layerIds: readonly string[]): string | null {
		if (layerIds.length === 0) return null;
		const row = this.#db.prepare(`SELECT MAX(updated_at) AS at FROM features WHERE layer_id IN (${layerIds.map(() => '?').join(', ')})`).get(...layerIds) as { at: string | null };
		return row.at;
	}

	#requireLayer(id: string): LayerRecord {
		const layer = this.layer(id);
		if (!layer) throw new NotFoundError(`Lagret ${id} finns inte.`);
		return layer;
	}

	createLayer(layer: NewLayer, by: string, ownerOrganisationId: string): LayerRecord {
		return this.#write(() => {
			if (this.layer(layer.id)) throw new ConflictError(`Lagret ${layer.id} finns redan.`);
			this.#layers = undefined;
			this.#sql(
					`INSERT INTO layers (id, title, title_en, kind, year, geometry, source, precision, approximate, editable, created_at, created_by, owner_organisation_id)
					 VALUES (@id, @title, @titleEn, @kind, @year, @geometry, @source, @precision, @approximate, @editable, @at, @by, @owner)`
				)
				.run({ ...layer, approximate: layer.approximate ? 1 : 0, editable: layer.editable ? 1 : 0, at: this.#now(), by, owner: ownerOrganisationId });
			return this.#requireLayer(layer.id);
		});
	}

	/** The layer's live features, in the order they were first stored. */
	features(layerId: string): StoredFeature[] {
		this.#requireLayer(layerId);
		const rows = this.#sql('SELECT * FROM features WHERE layer_id = ? AND deleted = 0 ORDER BY rowid')
			.all(layerId) as FeatureRow[];
		return rows.map(toFeature);
	}

	/** One feature, live or deleted (then `null`), or undefined if it never existed. */
	feature(layerId: string, featureId: string): StoredFeature | null | undefined {
		const row = this.#sql('SELECT * FROM features WHERE layer_id = ? AND id = ?')
			.get(layerId, featureId) as FeatureRow | undefined;
		if (!row) return undefined;
		return row.deleted ? null : toFeature(row);
	}

	/**
	 * The organisation that added a feature (live or deleted), the layer's owner for features it
	 * has from the start; undefined when there is no such feature.
	 */
	addedBy(layerId: string, featureId: string): string | undefined {
		const row = this.#sql('SELECT f.organisation_id, l.owner_organisation_id FROM features f JOIN layers l ON l.id = f.layer_id WHERE f.layer_id = ? AND f.id = ?').get(layerId, featureId) as
			| { organisation_id: string | null; owner_organisation_id: string }
			| undefined;
		return row && (row.organisation_id ?? row.owner_organisation_id);
	}

	/** `after` may come as the JSON text already made (an import writes 10 000 of them). */
	#record(layerId: string, featureId: string, version: number, action: HistoryAction, by: string, at: string, before: StoredFeature | null, after: StoredFeature | string | null) {
		this.#sql(
				'INSERT INTO feature_history (layer_id, feature_id, version, action, at, by, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
			)
			.run(layerId, featureId, version, action, at, by, before && JSON.stringify(before), typeof after === 'string' ? after : after && JSON.stringify(after));
	}

	#bump(layerId: string) {
		this.#layers = undefined;
		this.#sql('UPDATE layers SET revision = revision + 1 WHERE id = ?').run(layerId);
	}

	/**
	 * Writes a feature's new state and its history row; the caller holds the transaction. A new
	 * feature records `organisationId` as the one that added it; an existing one keeps its own.
	 */
	#put(layerId: string, input: FeatureInput, action: HistoryAction, by: string, before: StoredFeature | null, existedDeleted: boolean, organisationId: string | null = null, at = this.#now()): StoredFeature {
		const id = input.properties.id;
		const version = before ? before.version + 1 : existedDeleted ? this.#lastVersion(layerId, id) + 1 : 1;
		const after: StoredFeature = { type: 'Feature', properties: input.properties, geometry: input.geometry, version, updatedAt: at, updatedBy: by };
		// Each part serialised once: the row and the history's snapshot share the text.
		const geometry = JSON.stringify(input.geometry);
		const properties = JSON.stringify(input.properties);
		const snapshot = `{"type":"Feature","properties":${properties},"geometry":${geometry},"version":${version},"updatedAt":${JSON.stringify(at)},"updatedBy":${JSON.stringify(by)}}`;
		this.#sql(
				`INSERT INTO features (layer_id, id, version, geometry, properties, deleted, updated_at, updated_by, organisation_id)
				 VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)
				 ON CONFLICT (layer_id, id) DO UPDATE SET version = excluded.version, geometry = excluded.geometry,
				   properties = excluded.properties, deleted = 0, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
			)
			.run(layerId, id, version, geometry, properties, at, by, organisationId);
		this.#record(layerId, id, version, action, by, at, before, snapshot);
		return after;
	}

	#lastVersion(layerId: string, featureId: string): number {
		const row = this.#sql('SELECT MAX(version) AS v FROM feature_history WHERE layer_id = ? AND feature_id = ?')
			.get(layerId, featureId) as { v: number | null };
		return row.v ?? 0;
	}

	/**
	 * Adds a feature; its id must be new to the layer (a deleted id can be reused: it continues its
	 * history, and stays the organisation's that first added it). `organisationId`: who adds it (null: the layer's owner).
	 */
	create(layerId: string, input: FeatureInput, by: string, organisationId: string | null = null): StoredFeature {
		return this.#write(() => {
			this.#requireLayer(layerId);
			const existing = this.feature(layerId, input.properties.id);
			if (existing) throw new ConflictError(`Det finns redan ett objekt med id ${input.properties.id} i ${layerId}.`);
			const created = this.#put(layerId, input, 'create', by, null, existing === null, organisationId);
			this.#bump(layerId);
			return created;
		});
	}

	/** The feature as it is now, if `baseVersion` is still current; else a 409 carrying it and `yours`, the refused change. */
	#current(layerId: string, featureId: string, baseVersion: number, yours: unknown): StoredFeature {
		const current = this.feature(layerId, featureId);
		if (current === undefined) throw new NotFoundError(`Objektet ${featureId} finns inte i ${layerId}.`);
		if (current === null || current.version !== baseVersion) {
			throw staleVersion(featureId, baseVersion, current, yours);
		}
		return current;
	}

	/** Replaces geometry and properties, if `baseVersion` is still the current version. */
	update(layerId: string, featureId: string, baseVersion: number, input: Omit<FeatureInput, 'properties'> & { properties: Record<string, unknown> }, by: string): StoredFeature {
		return this.#write(() => {
			const before = this.#current(layerId, featureId, baseVersion, { type: 'Feature', geometry: input.geometry, properties: input.properties });
			const updated = this.#put(layerId, { geometry: input.geometry, properties: { ...input.properties, id: featureId } }, 'update', by, before, false);
			this.#bump(layerId);
			return updated;
		});
	}

	/** Deletes (keeps the row and its history), if `baseVersion` is still the current version; returns the deletion's version. */
	delete(layerId: string, featureId: string, baseVersion: number, by: string): number {
		return this.#write(() => {
			const before = this.#current(layerId, featureId, baseVersion, null);
			const at = this.#now();
			const version = before.version + 1;
			this.#sql('UPDATE features SET deleted = 1, version = ?, updated_at = ?, updated_by = ? WHERE layer_id = ? AND id = ?')
				.run(version, at, by, layerId, featureId);
			this.#record(layerId, featureId, version, 'delete', by, at, before, null);
			this.#bump(layerId);
			return version;
		});
	}

	/** Makes an earlier version current again, as a new version (history is never rewritten). */
	restore(layerId: string, featureId: string, version: number, baseVersion: number, by: string): StoredFeature {
		return this.#write(() => {
			const row = this.#sql('SELECT after FROM feature_history WHERE layer_id = ? AND feature_id = ? AND version = ?')
				.get(layerId, featureId, version) as { after: string | null } | undefined;
			if (!row) throw new NotFoundError(`Objektet ${featureId} har ingen version ${version}.`);
			if (!row.after) throw new ConflictError(`Version ${version} av ${featureId} är en borttagning: välj en version före den.`);
			const snapshot = JSON.parse(row.after) as StoredFeature;
			const current = this.feature(layerId, featureId);
			if (current === undefined) throw new NotFoundError(`Objektet ${featureId} finns inte i ${layerId}.`);
			const currentVersion = current?.version ?? this.#lastVersion(layerId, featureId);
			if (currentVersion !== baseVersion) throw staleVersion(featureId, baseVersion, current, snapshot);
			const input = { geometry: snapshot.geometry, properties: { ...snapshot.properties, id: featureId } };
			const restored = this.#put(layerId, input, 'restore', by, current, current === null);
			this.#bump(layerId);
			return restored;
		});
	}

	/** History of one feature, or of the whole layer, oldest first. */
	history(layerId: string, featureId?: string): HistoryEntry[] {
		this.#requireLayer(layerId);
		const rows = (
			featureId === undefined
				? this.#sql('SELECT * FROM feature_history WHERE layer_id = ? ORDER BY seq').all(layerId)
				: this.#sql('SELECT * FROM feature_history WHERE layer_id = ? AND feature_id = ? ORDER BY seq').all(layerId, featureId)
		) as { seq: number; layer_id: string; feature_id: string; version: number; action: HistoryAction; at: string; by: string; before: string | null; after: string | null }[];
		return rows.map((r) => ({
			seq: r.seq,
			layerId: r.layer_id,
			featureId: r.feature_id,
			version: r.version,
			action: r.action,
			at: r.at,
			by: r.by,
			before: r.before ? (JSON.parse(r.before) as StoredFeature) : null,
			after: r.after ? (JSON.parse(r.after) as StoredFeature) : null
		}));
	}

	/**
	 * Adds (or, with `replace`, replaces every live feature of the layer with) many features in one
	 * transaction: all are written or none. Features whose id exists are updated; new ones are
	 * recorded as added by `options.organisationId` (null or absent: the layer's owner).
	 */
	importFeatures(layerId: string, inputs: FeatureInput[], options: { replace: boolean; action?: HistoryAction; organisationId?: string | null }, by: string) {
		return this.#write(() => {
			this.#requireLayer(layerId);
			const action = options.action ?? 'import';
			const incoming = new Set(inputs.map((f) => f.properties.id));
			let deleted = 0;
			if (options.replace) {
				const at = this.#now();
				for (const old of this.features(layerId)) {
					const id = old.properties.id as string;
					if (incoming.has(id)) continue;
					this.#sql('UPDATE features SET deleted = 1, version = version + 1, updated_at = ?, updated_by = ? WHERE layer_id = ? AND id = ?').run(at, by, layerId, id);
					this.#record(layerId, id, old.version + 1, 'delete', by, at, old, null);
					deleted++;
				}
			}
			let created = 0;
			let updated = 0;
			// What the layer has, read once (live and deleted), rather than one query per object.
			const stored = new Map((this.#sql('SELECT * FROM features WHERE layer_id = ?').all(layerId) as FeatureRow[]).map((row) => [row.id, row]));
			const at = this.#now();
			// An id twice in one file: the second is an update of the first.
			const written = new Map<string, StoredFeature>();
			for (const input of inputs) {
				const id = input.properties.id;
				const row = stored.get(id);
				const existing = written.get(id) ?? (row && !row.deleted ? toFeature(row) : null);
				written.set(id, this.#put(layerId, input, action, by, existing, !existing && row?.deleted === 1, options.organisationId ?? null, at));
				if (existing) updated++;
				else created++;
			}
			this.#bump(layerId);
			return { created, updated, deleted };
		});
	}
}
