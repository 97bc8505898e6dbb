/**
 * One versioned history for everything besides features and measures that can be overwritten:
 * meetings, agenda items, walks, findings and saved views. Every write of such an object records a
 * row in the writer's transaction – its new version, who and when, which fields changed, and the
 * object before and after as plain JSON snapshots – so any version can be read back and restored
 * (as a new version, by the object's own store, which knows what a snapshot means and who may
 * write it). Relative imports only.
 *
 * Runs on either database (db/app-database.ts; object-history.test.ts runs on both).
 */
import type { ObjectAction, ObjectVersion } from '../../history';
import { sql } from 'kysely';
import type { AppDatabase } from './app-database';

export type { ObjectAction, ObjectVersion };
export type HistoryKind = 'meeting' | 'agenda-item' | 'inventory' | 'finding' | 'view' | 'report-summary' | 'indicator' | 'plan-area' | 'report' | 'focus-place';
/** The tables a history lives in: object_history, and report_history for reports (migration 12). */
export type HistoryTable = 'object_history' | 'report_history';

interface Row {
	version: number;
	action: ObjectAction;
	at: string;
	by: string;
	changed: string;
	before: string | null;
	after: string | null;
	parent_id: string | null;
}

/**
 * The top-level fields that differ between two snapshots, in the order they appear.
 *
 * @example
 * changedFields({ title: 'A', notes: 'x' }, { title: 'B', notes: 'x' }); // ['title']
 */
export function changedFields(before: object | null, after: object | null): string[] {
	const a = (before ?? {}) as Record<string, unknown>;
	const b = (after ?? {}) as Record<string, unknown>;
	const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
	return keys.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

const versionOf = <T>(row: Row): ObjectVersion<T> => ({
	version: row.version,
	action: row.action,
	at: row.at,
	by: row.by,
	changed: JSON.parse(row.changed) as string[],
	before: row.before === null ? null : (JSON.parse(row.before) as T),
	after: row.after === null ? null : (JSON.parse(row.after) as T)
});

/** The snapshot at `version` among an object's rows (see ObjectHistory.snapshot). */
function snapshotIn<T>(rows: Row[], version: number): T | null | undefined {
	const own = rows.find((r) => r.version === version);
	if (own) return own.after === null ? null : (JSON.parse(own.after) as T);
	const next = rows.find((r) => r.version === version + 1);
	return next?.before ? (JSON.parse(next.before) as T) : undefined;
}

export class ObjectHistory {
	readonly #database: AppDatabase;
	readonly #table: HistoryTable;

	constructor(database: AppDatabase, table: HistoryTable = 'object_history') {
		this.#database = database;
		this.#table = table;
	}

	/**
	 * Records one version; call it inside the object's write (database.write), so the row commits
	 * with the change or not at all. Returns the changed fields, which the audit log names.
	 */
	async record<T extends object>(
		kind: HistoryKind,
		objectId: string,
		entry: { version: number; action: ObjectAction; at: string; by: string; before: T | null; after: T | null; parentId?: string }
	): Promise<string[]> {
		const changed = changedFields(entry.before, entry.after);
		await sql`INSERT INTO ${sql.table(this.#table)} (kind, object_id, parent_id, version, action, at, by, changed, before, after)
			VALUES (${kind}, ${objectId}, ${entry.parentId ?? null}, ${entry.version}, ${entry.action}, ${entry.at}, ${entry.by}, ${JSON.stringify(changed)},
				${entry.before && JSON.stringify(entry.before)}, ${entry.after && JSON.stringify(entry.after)})`.execute(this.#database.query);
		return changed;
	}

	/**
	 * Records the first versions of many objects at once (a seed, an import of thousands), as
	 * `record` would one by one, in one statement per 500: inside the objects' write.
	 */
	async recordMany<T extends object>(
		kind: HistoryKind,
		entries: readonly { objectId: string; version: number; action: ObjectAction; at: string; by: string; before: T | null; after: T | null; parentId?: string }[]
	): Promise<void> {
		for (let i = 0; i < entries.length; i += 500) {
			const values = entries.slice(i, i + 500).map(
				(e) => sql`(${kind}, ${e.objectId}, ${e.parentId ?? null}, ${e.version}, ${e.action}, ${e.at}, ${e.by}, ${JSON.stringify(changedFields(e.before, e.after))},
					${e.before && JSON.stringify(e.before)}, ${e.after && JSON.stringify(e.after)})`
			);
			await sql`INSERT INTO ${sql.table(this.#table)} (kind, object_id, parent_id, version, action, at, by, changed, before, after) VALUES ${sql.join(values)}`.execute(
				this.#database.query
			);
		}
	}

	async #rows(kind: HistoryKind, objectId: string): Promise<Row[]> {
		const { rows } = await sql<Row>`SELECT * FROM ${sql.table(this.#table)} WHERE kind = ${kind} AND object_id = ${objectId} ORDER BY seq`.execute(this.#database.query);
		return rows;
	}

	/** The object's versions, oldest first (an object from before its first recorded change starts at that change's `before`). */
	async list<T>(kind: HistoryKind, objectId: string): Promise<ObjectVersion<T>[]> {
		return (await this.#rows(kind, objectId)).map((row) => versionOf<T>(row));
	}

	/**
	 * The object as it was at `version`: that version's `after`, or – for a version older than the
	 * history – the `before` of the next recorded version. null: that version is a deletion;
	 * undefined: no such version is known.
	 */
	async snapshot<T>(kind: HistoryKind, objectId: string, version: number): Promise<T | null | undefined> {
		return snapshotIn<T>(await this.#rows(kind, objectId), version);
	}

	/** Where an object belonged (the meeting of an agenda item), also after it was deleted. */
	async parentOf(kind: HistoryKind, objectId: string): Promise<string | undefined> {
		const { rows } = await sql<{ parent_id: string }>`SELECT parent_id FROM ${sql.table(this.#table)}
			WHERE kind = ${kind} AND object_id = ${objectId} AND parent_id IS NOT NULL ORDER BY seq DESC LIMIT 1`.execute(this.#database.query);
		return rows[0]?.parent_id;
	}

	/** The fields the object's latest recorded version changed (what the audit row names). */
	async lastChanged(kind: HistoryKind, objectId: string): Promise<string[]> {
		const { rows } = await sql<{ changed: string }>`SELECT changed FROM ${sql.table(this.#table)}
			WHERE kind = ${kind} AND object_id = ${objectId} ORDER BY seq DESC LIMIT 1`.execute(this.#database.query);
		return rows[0] ? (JSON.parse(rows[0].changed) as string[]) : [];
	}

	/** The highest version recorded (a deleted object's next version follows it). */
	async lastVersion(kind: HistoryKind, objectId: string): Promise<number> {
		const { rows } = await sql<{ v: number | null }>`SELECT MAX(version) AS v FROM ${sql.table(this.#table)} WHERE kind = ${kind} AND object_id = ${objectId}`.execute(
			this.#database.query
		);
		return rows[0]?.v ?? 0;
	}
}
