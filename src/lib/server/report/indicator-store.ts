/**
 * Indicators imported from tables (indicator-csv.ts), kept with their provenance – the source the
 * table names, the file, who imported it and when – and every version in the object history (kind
 * 'indicator'), restorable like meetings and walks.
 *
 * An import merges: each row sets the indicator's value for its area and year, values the table
 * does not mention stay. It is all or nothing: a table with any bad row writes nothing (the
 * caller gets every row's problem), and `preview` says what an import would do without writing.
 * Every account reads the indicators (aggregate statistics, printed in every edition); they are
 * imported by those who write the lägesbild (auth/access.ts requireLagesbildEdit).
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; indicator-store.test.ts runs on both).
 */
import { sql } from 'kysely';
import type { IndicatorSeries, IndicatorValue } from '$lib/report/model';
import type { ParsedIndicator } from '$lib/report/indicator-csv';
import { requireLagesbildEdit, type Viewer } from '../auth/access';
import type { AppDatabase } from '../db/app-database';
import { ObjectHistory, type ObjectVersion } from '../db/object-history';
import { ConflictError, NotFoundError, VersionConflictError } from '../errors';

export interface StoredIndicator extends IndicatorSeries {
	version: number;
	/** The file the last import came from. */
	file: string | null;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

/** What a version of an indicator holds. */
export interface IndicatorSnapshot {
	title: string;
	unit: string;
	levels: string[] | null;
	source: string;
	file: string | null;
	values: IndicatorValue[];
}

/** What an import does to one indicator. */
export interface ImportEffect {
	id: string;
	title: string;
	/** Not stored before. */
	isNew: boolean;
	added: number;
	changed: number;
	unchanged: number;
	/** Unit, source or scale differ from the stored ones (the import replaces them). */
	describedAnew: boolean;
}

interface Row {
	id: string;
	title: string;
	unit: string;
	scale: string | null;
	source: string;
	data: string;
	file: string | null;
	version: number;
	created_at: string;
	created_by: string;
	updated_at: string;
	updated_by: string;
}

const key = (v: Pick<IndicatorValue, 'area' | 'year'>) => `${v.area}\u0000${v.year}`;
const byAreaAndYear = (a: IndicatorValue, b: IndicatorValue) => a.area.localeCompare(b.area, 'sv') || a.year - b.year;

function toIndicator(row: Row): StoredIndicator {
	const levels = row.scale === null ? null : (JSON.parse(row.scale) as string[]);
	return {
		id: row.id,
		title: row.title,
		unit: row.unit,
		scale: levels ? { kind: 'grade', levels } : null,
		source: row.source,
		example: false,
		origin: 'imported',
		values: JSON.parse(row.data) as IndicatorValue[],
		version: row.version,
		file: row.file,
		createdAt: row.created_at,
		createdBy: row.created_by,
		updatedAt: row.updated_at,
		updatedBy: row.updated_by
	};
}

const snapshotOf = (i: StoredIndicator): IndicatorSnapshot => ({ title: i.title, unit: i.unit, levels: i.scale?.levels ? [...i.scale.levels] : null, source: i.source, file: i.file, values: i.values });

export class IndicatorStore {
	readonly #database: AppDatabase;
	readonly #history: ObjectHistory;
	readonly #now: () => number;

	constructor(database: AppDatabase, now: () => number = Date.now) {
		this.#database = database;
		this.#history = new ObjectHistory(database);
		this.#now = now;
	}

	async list(): Promise<StoredIndicator[]> {
		const { rows } = await sql<Row>`SELECT * FROM indicators ORDER BY title COLLATE nocase, id`.execute(this.#database.query);
		return rows.map(toIndicator);
	}

	async get(id: string): Promise<StoredIndicator> {
		const stored = await this.#find(id);
		if (!stored) throw new NotFoundError(`Indikatorn ${id} finns inte.`);
		return stored;
	}

	async #find(id: string): Promise<StoredIndicator | null> {
		const { rows } = await sql<Row>`SELECT * FROM indicators WHERE id = ${id}`.execute(this.#database.query);
		return rows[0] ? toIndicator(rows[0]) : null;
	}

	/** What importing `indicators` would do, writing nothing. */
	async preview(indicators: ParsedIndicator[]): Promise<ImportEffect[]> {
		const effects: ImportEffect[] = [];
		for (const incoming of indicators) {
			const stored = await this.#find(incoming.id);
			const before = new Map((stored?.values ?? []).map((v) => [key(v), v]));
			let added = 0;
			let changed = 0;
			for (const value of incoming.values) {
				const old = before.get(key(value));
				if (!old) added++;
				else if (old.value !== value.value || (old.note ?? '') !== (value.note ?? '')) changed++;
			}
			const describedAnew =
				stored !== null &&
				(stored.unit !== incoming.unit || stored.source !== incoming.source || JSON.stringify(stored.scale?.levels ?? null) !== JSON.stringify(incoming.scale?.levels ?? null));
			effects.push({ id: incoming.id, title: incoming.title, isNew: stored === null, added, changed, unchanged: incoming.values.length - added - changed, describedAnew });
		}
		return effects;
	}

	/**
	 * Imports the table's indicators, each a new version (or a first). All in one transaction.
	 * A scale that changes must still hold every kept value.
	 */
	async import(indicators: ParsedIndicator[], file: string | null, viewer: Viewer, by: string): Promise<{ effects: ImportEffect[]; indicators: StoredIndicator[] }> {
		requireLagesbildEdit(viewer);
		return this.#database.write(async () => {
			const effects = await this.preview(indicators);
			const at = new Date(this.#now()).toISOString();
			const saved: StoredIndicator[] = [];
			for (const incoming of indicators) {
				const stored = await this.#find(incoming.id);
				const merged = new Map((stored?.values ?? []).map((v) => [key(v), v]));
				for (const value of incoming.values) merged.set(key(value), value);
				const values = [...merged.values()].sort(byAreaAndYear);
				const levels = incoming.scale ? [...incoming.scale.levels] : null;
				const misfit = values.find((v) => (levels ? typeof v.value !== 'string' || !levels.includes(v.value) : typeof v.value !== 'number'));
				if (misfit) {
					throw new ConflictError(
						`Indikatorn ”${incoming.title}” har redan värdet ”${misfit.value}” för ${misfit.area} ${misfit.year}, som inte passar ${levels ? `skalan ${levels.join(' < ')}` : 'tal'} i tabellen. Ta med alla år i tabellen med samma skala, eller ge indikatorn ett nytt namn. Inget är sparat.`
					);
				}
				saved.push(await this.#save(stored, { title: incoming.title, unit: incoming.unit, levels, source: incoming.source, file, values }, incoming.id, at, by, stored ? 'update' : 'create'));
			}
			return { effects, indicators: saved };
		});
	}

	async #save(stored: StoredIndicator | null, next: IndicatorSnapshot, id: string, at: string, by: string, action: 'create' | 'update' | 'restore'): Promise<StoredIndicator> {
		const version = (stored?.version ?? 0) + 1;
		const scale = next.levels ? JSON.stringify(next.levels) : null;
		const data = JSON.stringify(next.values);
		if (stored) {
			await sql`UPDATE indicators SET title = ${next.title}, unit = ${next.unit}, scale = ${scale}, source = ${next.source}, data = ${data}, file = ${next.file},
				version = ${version}, updated_at = ${at}, updated_by = ${by} WHERE id = ${id}`.execute(this.#database.query);
		} else {
			await sql`INSERT INTO indicators (id, title, unit, scale, source, data, file, version, created_at, created_by, updated_at, updated_by)
				VALUES (${id}, ${next.title}, ${next.unit}, ${scale}, ${next.source}, ${data}, ${next.file}, ${version}, ${at}, ${by}, ${at}, ${by})`.execute(this.#database.query);
		}
		await this.#history.record<IndicatorSnapshot>('indicator', id, { version, action, at, by, before: stored ? snapshotOf(stored) : null, after: next });
		return this.get(id);
	}

	async history(id: string): Promise<ObjectVersion<IndicatorSnapshot>[]> {
		await this.get(id);
		return this.#history.list<IndicatorSnapshot>('indicator', id);
	}

	/** Makes an earlier version current again, as a new version. */
	async restore(id: string, version: number, baseVersion: number, viewer: Viewer, by: string): Promise<StoredIndicator> {
		requireLagesbildEdit(viewer);
		return this.#database.write(async () => {
			const stored = await this.get(id);
			if (stored.version !== baseVersion) {
				throw new VersionConflictError(`Indikatorn ”${stored.title}” har ändrats sedan version ${baseVersion}: nu version ${stored.version}. Läs in den igen.`, {
					baseVersion,
					current: stored,
					yours: { version }
				});
			}
			const snapshot = await this.#history.snapshot<IndicatorSnapshot>('indicator', id, version);
			if (!snapshot) throw new NotFoundError(`Indikatorn ”${stored.title}” har ingen version ${version} att återställa.`);
			return this.#save(stored, snapshot, id, new Date(this.#now()).toISOString(), by, 'restore');
		});
	}
}
