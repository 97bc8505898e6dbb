/**
 * The feature store: layers, features with versions, and a history row for every change (who,
 * when, before, after), on SQLite or PostgreSQL (db/app-database.ts: one query code). Every write
 * is one `database.write` (all or nothing; writes are serialised on both databases); an update or
 * delete names the version it was based on and is refused with the current feature when someone
 * else changed it first (optimistic concurrency). The checks a write makes read the database inside
 * its transaction.
 *
 * Reads are synchronous, for their many callers (layer views, access checks, analysis, OGC): they
 * read a copy in memory of what is committed – every layer and every feature (live and deleted) –
 * which `fresh()` makes current. On SQLite only this process writes, and a committed write brings
 * the copy up to date right after its COMMIT (before its caller continues), so no request needs a
 * query for it. On PostgreSQL another instance may have written: `fresh()` asks one cheap query
 * (the newest history seq and the layer rows) at each request, and reads the features whose history
 * moved since the copy's seq. The copy is never filled from inside a write (a rollback would leave
 * it holding what never committed). An import on SQLite hands the copy the rows it wrote once its
 * write has committed (`database.onCommitted`: not when it, or a write around it, rolled back),
 * so the copy does not read 10 000 objects back; the refresh skips their history seqs.
 *
 * The store knows versions and history, not schemas: the layer service validates properties.
 * It records who owns a layer and which organisation added each feature; what those allow is
 * decided in auth/access.ts.
 * Relative imports only: the durability test runs this file outside SvelteKit.
 */
import type { Geometry } from 'geojson';
import type { HistoryAction, HistoryEntry, StoredFeature } from '../../feature-types';
import { CompiledQuery, sql, type RawBuilder } from 'kysely';
import type Database from 'better-sqlite3';
import type { AppDatabase } from './app-database';
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
	/** 0/1 on SQLite, a boolean on PostgreSQL. */
	deleted: number | boolean;
	updated_at: string;
	updated_by: string;
	organisation_id: string | null;
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
	approximate: number | boolean;
	editable: number | boolean;
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
	approximate: Boolean(row.approximate),
	editable: Boolean(row.editable),
	revision: row.revision,
	createdAt: row.created_at,
	createdBy: row.created_by,
	ownerOrganisationId: row.owner_organisation_id
});

/** A feature's state from its row's columns (also from a history row's `now_…` columns: stateMade). */
const toFeature = (row: Pick<FeatureRow, 'properties' | 'geometry' | 'version' | 'updated_at' | 'updated_by'>): StoredFeature => ({
	type: 'Feature',
	properties: JSON.parse(row.properties) as Record<string, unknown>,
	geometry: JSON.parse(row.geometry) as Geometry,
	version: row.version,
	updatedAt: row.updated_at,
	updatedBy: row.updated_by
});

/** One feature in the copy, as stored: deleted ones too (a reused id continues their history; addedBy asks for them). */
interface CopiedFeature {
	feature: StoredFeature;
	deleted: boolean;
	/** The organisation that added it; null: the layer's owner. */
	organisationId: string | null;
}

/**
 * Rows per INSERT of an import: 8 parameters each, 8 000 a statement (SQLite takes 32 766, PostgreSQL
 * 65 535). Larger blocks save little: the statements are a few per 10 000 objects already.
 */
export const IMPORT_BLOCK = 1000;

const isDeleted = (row: FeatureRow) => Boolean(row.deleted);

/**
 * The history seqs after `after` up to `newest` that are not in `handed` (ranges whose features
 * the copy already holds), as inclusive ranges; the last one open-ended (Infinity): a row written
 * since `newest` was read is harmlessly read too.
 */
export function unread(after: number, newest: number, handed: readonly (readonly [number, number])[]): [number, number][] {
	const out: [number, number][] = [];
	let next = after + 1;
	for (const [first, last] of [...handed].sort((a, b) => a[0] - b[0])) {
		if (last < next) continue;
		if (first > next) out.push([next, first - 1]);
		next = last + 1;
	}
	if (newest >= next) out.push([next, Infinity]);
	return out;
}

function blocks<T>(items: readonly T[], size = IMPORT_BLOCK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/**
 * A history row as written: the state it replaced (`before`, JSON), not the state it made. That
 * one is the next version's `before` or, for the newest version, the feature row itself, and
 * `#versions` reads it from there: stored twice it was half of an import's bytes (issue 14 item 6).
 * Rows written before then keep their own `after`.
 */
interface HistoryValues {
	featureId: string;
	version: number;
	action: HistoryAction;
	before: string | null;
}

/** A history row with what `#versions` reads beside it: the next version's `before`, and the feature row when it is this version. */
interface HistoryRow {
	seq: number;
	layer_id: string;
	feature_id: string;
	version: number;
	action: HistoryAction;
	at: string;
	by: string;
	before: string | null;
	after: string | null;
	next_before: string | null;
	now_properties: string | null;
	now_geometry: string | null;
	now_at: string | null;
	now_by: string | null;
}

/** The state a (not deleting) history row's version made: see `#versions`. */
function stateMade(r: HistoryRow): StoredFeature | null {
	const text = r.after ?? r.next_before;
	if (text) return JSON.parse(text) as StoredFeature;
	if (r.now_properties === null || r.now_geometry === null || r.now_at === null || r.now_by === null) return null;
	return toFeature({ properties: r.now_properties, geometry: r.now_geometry, version: r.version, updated_at: r.now_at, updated_by: r.now_by });
}

export class FeatureStore {
	readonly #database: AppDatabase;
	readonly #now: () => string;

	/** The committed copy: the layers, and every feature of each (live and deleted) in stored order. */
	#layers = new Map<string, LayerRecord>();
	#features = new Map<string, Map<string, CopiedFeature>>();
	/** The live features per layer, made from #features when asked for (dropped when the layer changes). */
	#live = new Map<string, StoredFeature[]>();
	/** The newest feature_history seq the copy has taken in; -1: not loaded yet. */
	#seq = -1;
	/** A write of this store may have committed since the copy was made. */
	#changed = true;
	/**
	 * History seq ranges (first, last) whose features a committed import handed the copy itself
	 * (SQLite): the next refresh does not read them again. Emptied by every refresh.
	 */
	#handed: [number, number][] = [];
	#running: Promise<void> | undefined;
	#queued: Promise<void> | undefined;
	readonly #statements = new Map<string, Database.Statement>();
	/** The INSERT texts of #insertBlock, per statement and number of rows. */
	readonly #blockTexts = new Map<string, string>();

	constructor(database: AppDatabase, now: () => string = () => new Date().toISOString()) {
		this.#database = database;
		this.#now = now;
		// SQLite: right after the COMMIT, before the writer's caller continues, the copy takes in
		// what was written (three statements that return at once; only this process writes the file).
		database.onAfterCommit(() => {
			if (this.#changed && database.sqlite) this.#refreshNow();
		});
	}

	/**
	 * Makes the copy the synchronous reads use current with what is committed. Call it once where a
	 * request enters (hooks.server.ts), before reading. SQLite: nothing to ask unless it was never
	 * loaded (a write already brought it up to date). PostgreSQL: one query (the newest history seq
	 * and the layer rows), then the features whose history moved since – another instance may
	 * have written. Calls made while one runs share the next one, which starts after it: a call
	 * never returns a copy older than the moment it was made. Inside a write it does nothing (a copy
	 * is never filled from a transaction that may yet roll back).
	 */
	fresh(): Promise<void> {
		if (this.#database.inWrite) return Promise.resolve();
		if (this.#database.sqlite) {
			if (this.#changed || this.#seq < 0) this.#refreshNow();
			return Promise.resolve();
		}
		if (!this.#running) return this.#start();
		return (this.#queued ??= this.#running
			.catch(() => undefined)
			.then(() => {
				this.#queued = undefined;
				return this.#start();
			}));
	}

	#start(): Promise<void> {
		const running = this.#refreshAsync().finally(() => {
			if (this.#running === running) this.#running = undefined;
		});
		this.#running = running;
		return running;
	}

	/**
	 * The refresh as the queries it asks (yielded, compiled) and what it does with their rows (sent
	 * back): one code, run synchronously on SQLite and awaited on PostgreSQL. Nothing is changed
	 * until every row is in, so a reader never sees half of a refresh.
	 */
	*#refresh(): Generator<CompiledQuery, void, unknown[]> {
		this.#changed = false;
		const handed = this.#handed;
		this.#handed = [];
		const layers = (yield sql`SELECT (SELECT COALESCE(MAX(seq), 0) FROM feature_history) AS last_seq, l.* FROM layers l ORDER BY l.rowid`.compile(
			this.#database.query
		)) as (LayerRow & { last_seq: number })[];
		const seq = Number(layers[0]?.last_seq ?? 0);
		const first = this.#seq < 0;
		// The history seqs to read: after the copy's, but for the ranges an import handed over.
		const ranges = first ? [] : unread(this.#seq, seq, handed);
		// Features whose history moved: read as they are now (a row newer than `seq` is read again next time; harmless).
		const rows = (
			first
				? yield sql`SELECT * FROM features ORDER BY rowid`.compile(this.#database.query)
				: ranges.length
					? // Row values IN: SQLite then reads only the new history rows (its key range), where a join scanned all of them.
						yield sql`SELECT * FROM features WHERE (layer_id, id) IN (SELECT layer_id, feature_id FROM feature_history WHERE ${sql.join(
							ranges.map(([from, to]) => (to === Infinity ? sql`seq > ${from - 1}` : sql`seq BETWEEN ${from} AND ${to}`)),
							sql` OR `
						)}) ORDER BY rowid`.compile(this.#database.query)
					: []
		) as FeatureRow[];
		if (first) {
			this.#features.clear();
			this.#live.clear();
		}
		this.#layers = new Map(layers.map((row) => [row.id, toLayer(row)]));
		for (const row of rows) {
			let features = this.#features.get(row.layer_id);
			if (!features) this.#features.set(row.layer_id, (features = new Map()));
			features.set(row.id, { feature: toFeature(row), deleted: isDeleted(row), organisationId: row.organisation_id });
			this.#live.delete(row.layer_id);
		}
		this.#seq = Math.max(seq, this.#seq, 0);
	}

	/**
	 * After a committed import (SQLite): its features' new states, whose history rows are seqs
	 * first..last. Only when the copy holds everything before them: a write committed in the same
	 * group before the import (or a copy never loaded) is read as before, import and all, so the
	 * copy keeps the objects in the order they were stored.
	 */
	#takeIn(layerId: string, first: number, last: number, handed: readonly [string, CopiedFeature][]): void {
		if (this.#seq !== first - 1) return;
		this.#handed.push([first, last]);
		let features = this.#features.get(layerId);
		if (!features) this.#features.set(layerId, (features = new Map()));
		for (const [id, copied] of handed) features.set(id, copied);
		this.#live.delete(layerId);
	}

	#refreshNow(): void {
		const db = this.#database.sqlite!;
		const refresh = this.#refresh();
		let step = refresh.next();
		while (!step.done) {
			const query = step.value;
			let statement = this.#statements.get(query.sql);
			if (!statement) this.#statements.set(query.sql, (statement = db.prepare(query.sql)));
			step = refresh.next(statement.all(...query.parameters));
		}
	}

	async #refreshAsync(): Promise<void> {
		const refresh = this.#refresh();
		let step = refresh.next();
		while (!step.done) step = refresh.next(await this.#database.rows(step.value));
	}

	/** The copy, loaded if it never was (SQLite, outside a write); PostgreSQL needs `fresh()` first. */
	#copy(): void {
		if (this.#seq >= 0) return;
		if (this.#database.sqlite && !this.#database.inWrite && !this.#database.sqlite.inTransaction) return this.#refreshNow();
		throw new Error('The feature store has not been loaded: await fresh() (outside a write) before reading.');
	}

	#rows<T>(query: RawBuilder<T>): Promise<T[]> {
		return this.#database.rows(query);
	}

	/**
	 * Runs `work` as one write (a savepoint inside another). Outermost, it returns once the copy
	 * holds what it committed: a caller reads its own write.
	 */
	async #write<T>(work: () => Promise<T>): Promise<T> {
		const result = await this.#database.write(() => {
			this.#changed = true;
			return work();
		});
		if (!this.#database.inWrite) await this.fresh();
		return result;
	}

	/** The database it writes (a write of several stores, such as a new layer and its visibility). */
	get database(): AppDatabase {
		return this.#database;
	}

	layers(): LayerRecord[] {
		this.#copy();
		return [...this.#layers.values()];
	}

	layer(id: string): LayerRecord | undefined {
		this.#copy();
		return this.#layers.get(id);
	}

	/** When any object of these layers last changed (deletions included), ISO; null when never. */
	lastChange(layerIds: readonly string[]): string | null {
		this.#copy();
		let last: string | null = null;
		for (const id of layerIds) {
			for (const copied of this.#features.get(id)?.values() ?? []) {
				if (last === null || copied.feature.updatedAt > last) last = copied.feature.updatedAt;
			}
		}
		return last;
	}

	#requireLayer(id: string): LayerRecord {
		const layer = this.layer(id);
		if (!layer) throw new NotFoundError(`Lagret ${id} finns inte.`);
		return layer;
	}

	/** Whether the layer exists, as the write sees it (its transaction): one key lookup, not its row. */
	async #layerExistsIn(id: string): Promise<boolean> {
		const [found] = await this.#rows<{ found: number }>(sql`SELECT 1 AS found FROM layers WHERE id = ${id}`);
		return found !== undefined;
	}

	async #requireLayerIn(id: string): Promise<void> {
		if (!(await this.#layerExistsIn(id))) throw new NotFoundError(`Lagret ${id} finns inte.`);
	}

	createLayer(layer: NewLayer, by: string, ownerOrganisationId: string): Promise<LayerRecord> {
		return this.#write(async () => {
			if (await this.#layerExistsIn(layer.id)) throw new ConflictError(`Lagret ${layer.id} finns redan.`);
			const [row] = await this.#rows<LayerRow>(sql`INSERT INTO layers (id, title, title_en, kind, year, geometry, source, precision, approximate, editable, created_at, created_by, owner_organisation_id)
				VALUES (${layer.id}, ${layer.title}, ${layer.titleEn}, ${layer.kind}, ${layer.year}, ${layer.geometry}, ${layer.source}, ${layer.precision},
					${layer.approximate}, ${layer.editable}, ${this.#now()}, ${by}, ${ownerOrganisationId})
				RETURNING *`);
			return toLayer(row!);
		});
	}

	/** The layer's live features, in the order they were first stored (the committed copy: do not change them). */
	features(layerId: string): StoredFeature[] {
		this.#requireLayer(layerId);
		let live = this.#live.get(layerId);
		if (!live) {
			live = [];
			for (const copied of this.#features.get(layerId)?.values() ?? []) if (!copied.deleted) live.push(copied.feature);
			this.#live.set(layerId, live);
		}
		return [...live];
	}

	/** One feature, live or deleted (then `null`), or undefined if it never existed (the committed copy). */
	feature(layerId: string, featureId: string): StoredFeature | null | undefined {
		this.#copy();
		const copied = this.#features.get(layerId)?.get(featureId);
		if (!copied) return undefined;
		return copied.deleted ? null : copied.feature;
	}

	/**
	 * The organisation that added a feature (live or deleted), the layer's owner for features it
	 * has from the start; undefined when there is no such feature.
	 */
	addedBy(layerId: string, featureId: string): string | undefined {
		this.#copy();
		const copied = this.#features.get(layerId)?.get(featureId);
		if (!copied) return undefined;
		return copied.organisationId ?? this.#layers.get(layerId)?.ownerOrganisationId;
	}

	/** One feature as the write sees it: live, deleted (null), or undefined if it never existed. */
	async #featureIn(layerId: string, featureId: string): Promise<StoredFeature | null | undefined> {
		const [row] = await this.#rows<FeatureRow>(sql`SELECT * FROM features WHERE layer_id = ${layerId} AND id = ${featureId}`);
		if (!row) return undefined;
		return isDeleted(row) ? null : toFeature(row);
	}

	/**
	 * Runs `INSERT … VALUES (…), (…) …` for a block of rows: `head`, then `tuple` (its `?` the row's
	 * values) once per row, then `tail`. The text is made here rather than with `sql.join` (Kysely
	 * builds a node per value: ~9 ms to compile a block of 1 000 rows, most of an import's time);
	 * it is the same on both databases but for the placeholders (`?` on SQLite, `$n` on PostgreSQL).
	 */
	async #insertBlock(head: string, tuple: string, rows: number, parameters: unknown[], tail = ''): Promise<void> {
		// The text per statement and block size, made once (a full block's is ~30 kB).
		const key = `${head}|${rows}`;
		let text = this.#blockTexts.get(key);
		if (text === undefined) {
			text = `${head} VALUES ${Array.from({ length: rows }, () => tuple).join(', ')} ${tail}`;
			if (this.#database.dialect === 'postgres') {
				let n = 0;
				text = text.replace(/\?/g, () => `$${++n}`);
			}
			if (this.#blockTexts.size > 100) this.#blockTexts.clear();
			this.#blockTexts.set(key, text);
		}
		await this.#database.rows(CompiledQuery.raw(text, parameters));
	}

	/** History rows, in blocks (one row: one statement like any other). The values in one array, not one per row (less garbage). */
	async #record(layerId: string, by: string, at: string, entries: readonly HistoryValues[]): Promise<void> {
		for (const block of blocks(entries)) {
			const values: unknown[] = [];
			for (const e of block) values.push(layerId, e.featureId, e.version, e.action, at, by, e.before);
			await this.#insertBlock('INSERT INTO feature_history (layer_id, feature_id, version, action, at, by, before)', '(?, ?, ?, ?, ?, ?, ?)', block.length, values);
		}
	}

	async #bump(layerId: string): Promise<void> {
		await this.#rows(sql`UPDATE layers SET revision = revision + 1 WHERE id = ${layerId}`);
	}

	/**
	 * Writes features' new states (one row per id), in blocks; inside the caller's write. A new
	 * feature records `organisationId` as the one that added it; an existing one keeps its own.
	 */
	async #putRows(layerId: string, rows: readonly { id: string; version: number; geometry: string; properties: string }[], by: string, at: string, organisationId: string | null): Promise<void> {
		for (const block of blocks(rows)) {
			const values: unknown[] = [];
			for (const r of block) values.push(layerId, r.id, r.version, r.geometry, r.properties, at, by, organisationId);
			await this.#insertBlock(
				'INSERT INTO features (layer_id, id, version, geometry, properties, deleted, updated_at, updated_by, organisation_id)',
				'(?, ?, ?, ?, ?, FALSE, ?, ?, ?)',
				block.length,
				values,
				`ON CONFLICT (layer_id, id) DO UPDATE SET version = excluded.version, geometry = excluded.geometry,
					properties = excluded.properties, deleted = FALSE, updated_at = excluded.updated_at, updated_by = excluded.updated_by`
			);
		}
	}

	/** Writes one feature's new state and its history row; inside the caller's write. */
	async #put(layerId: string, input: FeatureInput, action: HistoryAction, by: string, before: StoredFeature | null, existedDeleted: boolean, organisationId: string | null = null): Promise<StoredFeature> {
		const id = input.properties.id;
		const at = this.#now();
		const version = before ? before.version + 1 : existedDeleted ? (await this.#lastVersion(layerId, id)) + 1 : 1;
		const geometry = JSON.stringify(input.geometry);
		const properties = JSON.stringify(input.properties);
		await this.#putRows(layerId, [{ id, version, geometry, properties }], by, at, organisationId);
		await this.#record(layerId, by, at, [{ featureId: id, version, action, before: before && JSON.stringify(before) }]);
		return { type: 'Feature', properties: input.properties, geometry: input.geometry, version, updatedAt: at, updatedBy: by };
	}

	async #lastVersion(layerId: string, featureId: string): Promise<number> {
		const [row] = await this.#rows<{ v: number | null }>(sql`SELECT MAX(version) AS v FROM feature_history WHERE layer_id = ${layerId} AND feature_id = ${featureId}`);
		return row?.v ?? 0;
	}

	/**
	 * Adds a feature; its id must be new to the layer (a deleted id can be reused: it continues its
	 * history, and stays the organisation's that first added it). `organisationId`: who adds it (null: the layer's owner).
	 * `newId`: the id was made for it (feature-id.ts), not chosen: one the layer has ever had, live or
	 * deleted, is replaced by the next from `newId`.
	 */
	create(layerId: string, input: FeatureInput, by: string, organisationId: string | null = null, newId?: () => string): Promise<StoredFeature> {
		return this.#write(async () => {
			await this.#requireLayerIn(layerId);
			let existing = await this.#featureIn(layerId, input.properties.id);
			while (newId && existing !== undefined) {
				input = { ...input, properties: { ...input.properties, id: newId() } };
				existing = await this.#featureIn(layerId, input.properties.id);
			}
			if (existing) throw new ConflictError(`Det finns redan ett objekt med id ${input.properties.id} i ${layerId}.`);
			const created = await this.#put(layerId, input, 'create', by, null, existing === null, organisationId);
			await this.#bump(layerId);
			return created;
		});
	}

	/** The feature as it is now, if `baseVersion` is still current; else a 409 carrying it and `yours`, the refused change. */
	async #current(layerId: string, featureId: string, baseVersion: number, yours: unknown): Promise<StoredFeature> {
		const current = await this.#featureIn(layerId, featureId);
		if (current === undefined) throw new NotFoundError(`Objektet ${featureId} finns inte i ${layerId}.`);
		if (current === null || current.version !== baseVersion) {
			throw staleVersion(featureId, baseVersion, current, yours);
		}
		return current;
	}

	/** Replaces geometry and properties, if `baseVersion` is still the current version. */
	update(layerId: string, featureId: string, baseVersion: number, input: Omit<FeatureInput, 'properties'> & { properties: Record<string, unknown> }, by: string): Promise<StoredFeature> {
		return this.#write(async () => {
			const before = await this.#current(layerId, featureId, baseVersion, { type: 'Feature', geometry: input.geometry, properties: input.properties });
			const updated = await this.#put(layerId, { geometry: input.geometry, properties: { ...input.properties, id: featureId } }, 'update', by, before, false);
			await this.#bump(layerId);
			return updated;
		});
	}

	/** Deletes (keeps the row and its history), if `baseVersion` is still the current version; returns the deletion's version. */
	delete(layerId: string, featureId: string, baseVersion: number, by: string): Promise<number> {
		return this.#write(async () => {
			const before = await this.#current(layerId, featureId, baseVersion, null);
			const at = this.#now();
			const version = before.version + 1;
			await this.#rows(sql`UPDATE features SET deleted = TRUE, version = ${version}, updated_at = ${at}, updated_by = ${by} WHERE layer_id = ${layerId} AND id = ${featureId}`);
			await this.#record(layerId, by, at, [{ featureId, version, action: 'delete', before: JSON.stringify(before) }]);
			await this.#bump(layerId);
			return version;
		});
	}

	/** Makes an earlier version current again, as a new version (history is never rewritten). */
	restore(layerId: string, featureId: string, version: number, baseVersion: number, by: string): Promise<StoredFeature> {
		return this.#write(async () => {
			const entry = (await this.#versions(layerId, featureId)).find((e) => e.version === version);
			if (!entry) throw new NotFoundError(`Objektet ${featureId} har ingen version ${version}.`);
			if (!entry.after) throw new ConflictError(`Version ${version} av ${featureId} är en borttagning: välj en version före den.`);
			const snapshot = entry.after;
			const current = await this.#featureIn(layerId, featureId);
			if (current === undefined) throw new NotFoundError(`Objektet ${featureId} finns inte i ${layerId}.`);
			const currentVersion = current?.version ?? (await this.#lastVersion(layerId, featureId));
			if (currentVersion !== baseVersion) throw staleVersion(featureId, baseVersion, current, snapshot);
			const input = { geometry: snapshot.geometry, properties: { ...snapshot.properties, id: featureId } };
			const restored = await this.#put(layerId, input, 'restore', by, current, current === null);
			await this.#bump(layerId);
			return restored;
		});
	}

	/** History of one feature, or of the whole layer, oldest first. */
	async history(layerId: string, featureId?: string): Promise<HistoryEntry[]> {
		this.#requireLayer(layerId);
		return this.#versions(layerId, featureId);
	}

	/**
	 * The history rows of one feature or a layer, oldest first, each with the state its version
	 * made (`after`; null for a deletion): stored in rows written before issue 14, else the next
	 * version's `before`, else – the newest version – the feature row, whose version is then this one.
	 */
	async #versions(layerId: string, featureId?: string): Promise<HistoryEntry[]> {
		const rows = await this.#rows<HistoryRow>(
			sql`SELECT h.seq, h.layer_id, h.feature_id, h.version, h.action, h.at, h.by, h.before, h.after,
					LEAD(h.before) OVER (PARTITION BY h.feature_id ORDER BY h.version) AS next_before,
					f.properties AS now_properties, f.geometry AS now_geometry, f.updated_at AS now_at, f.updated_by AS now_by
				FROM feature_history h LEFT JOIN features f ON f.layer_id = h.layer_id AND f.id = h.feature_id AND f.version = h.version
				WHERE h.layer_id = ${layerId}${featureId === undefined ? sql`` : sql` AND h.feature_id = ${featureId}`}
				ORDER BY h.seq`
		);
		return rows.map((r) => ({
			seq: Number(r.seq),
			layerId: r.layer_id,
			featureId: r.feature_id,
			version: r.version,
			action: r.action,
			at: r.at,
			by: r.by,
			before: r.before ? (JSON.parse(r.before) as StoredFeature) : null,
			after: r.action === 'delete' ? null : stateMade(r)
		}));
	}

	/**
	 * Adds (or, with `replace`, replaces every live feature of the layer with) many features in one
	 * transaction: all are written or none. Features whose id exists are updated; new ones are
	 * recorded as added by `options.organisationId` (null or absent: the layer's owner). The rows
	 * go in multi-row INSERTs of IMPORT_BLOCK rows: 10 000 objects are some twenty statements.
	 * The live updates get one change for it (action 'import', the layer's id and new revision;
	 * migration 20), not one per object.
	 */
	importFeatures(layerId: string, inputs: FeatureInput[], options: { replace: boolean; action?: HistoryAction; organisationId?: string | null }, by: string) {
		return this.#write(async () => {
			await this.#requireLayerIn(layerId);
			const action = options.action ?? 'import';
			const at = this.#now();
			// What the layer has, read once (live and deleted), rather than one query per object.
			const stored = new Map((await this.#rows<FeatureRow>(sql`SELECT * FROM features WHERE layer_id = ${layerId} ORDER BY rowid`)).map((row) => [row.id, row]));
			const history: HistoryValues[] = [];
			// The features' new states as the copy holds them, in the order the rows are written.
			const handed: [string, CopiedFeature][] = [];
			let deleted = 0;
			if (options.replace) {
				const incoming = new Set(inputs.map((f) => f.properties.id));
				const gone: string[] = [];
				for (const row of stored.values()) {
					if (isDeleted(row) || incoming.has(row.id)) continue;
					const old = toFeature(row);
					gone.push(row.id);
					handed.push([row.id, { feature: { ...old, version: old.version + 1, updatedAt: at, updatedBy: by }, deleted: true, organisationId: row.organisation_id }]);
					history.push({ featureId: row.id, version: old.version + 1, action: 'delete', before: JSON.stringify(old) });
				}
				for (const block of blocks(gone)) {
					await this.#rows(sql`UPDATE features SET deleted = TRUE, version = version + 1, updated_at = ${at}, updated_by = ${by}
						WHERE layer_id = ${layerId} AND id IN (${sql.join(block)})`);
				}
				deleted = gone.length;
			}
			let created = 0;
			let updated = 0;
			// An id twice in one file: the second is an update of the first (one row, two history entries).
			const written = new Map<string, { feature: StoredFeature; geometry: string; properties: string }>();
			for (const input of inputs) {
				const id = input.properties.id;
				const row = stored.get(id);
				const existing = written.get(id)?.feature ?? (row && !isDeleted(row) ? toFeature(row) : null);
				// A deleted row's version is its deletion's, the newest in its history.
				const version = existing ? existing.version + 1 : row ? row.version + 1 : 1;
				const geometry = JSON.stringify(input.geometry);
				const properties = JSON.stringify(input.properties);
				const feature: StoredFeature = { type: 'Feature', properties: input.properties, geometry: input.geometry, version, updatedAt: at, updatedBy: by };
				history.push({ featureId: id, version, action, before: existing && JSON.stringify(existing) });
				written.set(id, { feature, geometry, properties });
				if (existing) updated++;
				else created++;
			}
			await this.#putRows(
				layerId,
				[...written].map(([id, w]) => ({ id, version: w.feature.version, geometry: w.geometry, properties: w.properties })),
				by,
				at,
				options.organisationId ?? null
			);
			// One change for the live updates, not one per object (migration 20): the trigger records
			// nothing for the layer while its layer_imports row is there, and the row's deletion,
			// after the revision's bump, records the import. A seed records nothing either way.
			const summarised = action !== 'seed' && history.length > 0;
			if (summarised) await this.#rows(sql`INSERT INTO layer_imports (layer_id, at) VALUES (${layerId}, ${at})`);
			await this.#record(layerId, by, at, history);
			// Nothing written (an empty file): the layer is as it was, and its ETag stays.
			if (history.length > 0) await this.#bump(layerId);
			if (summarised) await this.#rows(sql`DELETE FROM layer_imports WHERE layer_id = ${layerId}`);
			if (this.#database.sqlite && history.length > 0) {
				// SQLite: the copy takes the rows from here once this commits, rather than reading them
				// again after the COMMIT (~85 ms for 10 000 objects). Their history rows are one seq range
				// (one connection, written just now, nothing between), which the refresh then skips.
				for (const [id, w] of written) {
					// An existing row keeps the organisation that added it (null: the layer's owner).
					const row = stored.get(id);
					handed.push([id, { feature: w.feature, deleted: false, organisationId: row ? row.organisation_id : (options.organisationId ?? null) }]);
				}
				const [newest] = await this.#rows<{ seq: number }>(sql`SELECT MAX(seq) AS seq FROM feature_history`);
				const last = Number(newest!.seq);
				this.#database.onCommitted(() => this.#takeIn(layerId, last - history.length + 1, last, handed));
			}
			return { created, updated, deleted };
		});
	}
}
