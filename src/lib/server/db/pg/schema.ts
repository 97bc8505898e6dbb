/**
 * The two schemas as data: tables, columns, keys, foreign keys, indexes and triggers, read from a
 * SQLite store (sqlite_master, PRAGMA table_info …) and from a PostgreSQL database (its catalog).
 * db:copy takes its table order and columns from here; pg/schema.test.ts compares the two so a
 * SQLite migration without its PostgreSQL counterpart fails the tests.
 * Relative imports only: the db:* scripts run this file outside SvelteKit.
 */
import { sql, type Kysely } from 'kysely';
import type { Db } from '../database';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from './migrate';

export interface Column {
	name: string;
	/** SQLite: the declared type (TEXT, INTEGER, REAL, BLOB); PostgreSQL: format_type (text, json, bigint, boolean …). */
	type: string;
	notNull: boolean;
	/** The default as written, normalized: '' quotes kept, casts dropped, booleans as 0/1; null: none. */
	default: string | null;
	/** PostgreSQL only: a generated column (geom), which no one writes. */
	generated: boolean;
}

export interface ForeignKey {
	columns: string[];
	table: string;
	references: string[];
	onDelete: string;
}

export interface Table {
	name: string;
	columns: Column[];
	primaryKey: string[];
	foreignKeys: ForeignKey[];
	/** Unique indexes and constraints other than the primary key: "col1,col2" (+ " WHERE …" when partial). */
	unique: string[];
	/** Indexes made by name (CREATE INDEX / CREATE UNIQUE INDEX), not those a constraint makes. */
	indexes: string[];
	triggers: string[];
}

/** Tables that belong to PostGIS or the migrator, not to the app. */
export const PG_SYSTEM_TABLES = new Set(['spatial_ref_sys', MIGRATION_TABLE, MIGRATION_LOCK_TABLE]);

export function sqliteSchema(db: Db): Table[] {
	const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
	return names.map((name) => {
		const info = db.pragma(`table_info("${name}")`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
		const fks = db.pragma(`foreign_key_list("${name}")`) as { id: number; seq: number; table: string; from: string; to: string; on_delete: string }[];
		const foreignKeys = [...new Set(fks.map((fk) => fk.id))].map((id) => {
			const parts = fks.filter((fk) => fk.id === id).sort((a, b) => a.seq - b.seq);
			return { columns: parts.map((p) => p.from), table: parts[0]!.table, references: parts.map((p) => p.to), onDelete: parts[0]!.on_delete };
		});
		const indexList = db.pragma(`index_list("${name}")`) as { name: string; unique: number; origin: string; partial: number }[];
		const unique = indexList
			.filter((index) => index.unique && index.origin !== 'pk')
			.map((index) => {
				const columns = (db.pragma(`index_info("${index.name}")`) as { name: string }[]).map((c) => c.name).join(',');
				const where = index.partial ? String(db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').pluck().get(index.name)).replace(/^.*\bWHERE\s+/is, ' WHERE ') : '';
				return columns + where;
			});
		const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name").pluck().all(name) as string[];
		return {
			name,
			columns: info.map((c) => ({ name: c.name, type: c.type.toUpperCase(), notNull: c.notnull === 1 || c.pk > 0, default: c.dflt_value, generated: false })),
			primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
			foreignKeys,
			unique: unique.sort(),
			indexes: indexList.filter((index) => index.origin === 'c').map((index) => index.name).sort(),
			triggers
		};
	});
}

function normalizePgDefault(value: string | null, type: string): string | null {
	if (value === null) return null;
	if (type === 'boolean') return value === 'true' ? '1' : value === 'false' ? '0' : value;
	return value.replace(/::[a-z ]+$/, '');
}

export async function pgSchema(db: Kysely<any>): Promise<Table[]> {
	const columns = (
		await sql<{ table: string; name: string; type: string; not_null: boolean; default: string | null; generated: boolean }>`
		SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
		       CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default, a.attgenerated <> '' AS generated
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE a.attnum > 0 AND NOT a.attisdropped
		ORDER BY c.relname, a.attnum`.execute(db)
	).rows;
	const constraints = (
		await sql<{ table: string; type: string; columns: string[]; parent: string | null; parent_columns: string[] | null; on_delete: string; name: string; index: string | null }>`
		SELECT c.relname AS table, k.contype AS type, k.conname AS name,
		       (SELECT array_agg(a.attname::text ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS columns,
		       p.relname AS parent,
		       (SELECT array_agg(a.attname::text ORDER BY u.i) FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n) AS parent_columns,
		       k.confdeltype AS on_delete, (SELECT relname FROM pg_class WHERE oid = k.conindid) AS index
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
		LEFT JOIN pg_class p ON p.oid = k.confrelid
		WHERE k.contype IN ('p', 'f', 'u')
		-- A stable order (the catalog's own changes as objects are added: a restored copy differed).
		ORDER BY c.relname, k.conname`.execute(db)
	).rows;
	const indexes = (
		await sql<{ table: string; name: string; unique: boolean; columns: string; predicate: string | null }>`
		SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique,
		       (SELECT string_agg(pg_get_indexdef(x.indexrelid, k, true), ',' ORDER BY k) FROM generate_series(1, x.indnkeyatts) k) AS columns,
		       pg_get_expr(x.indpred, x.indrelid, true) AS predicate
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()`.execute(db)
	).rows;
	const triggers = (
		await sql<{ table: string; name: string }>`
		SELECT c.relname AS table, g.tgname AS name FROM pg_trigger g
		JOIN pg_class c ON c.oid = g.tgrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
		WHERE NOT g.tgisinternal ORDER BY g.tgname`.execute(db)
	).rows;
	const onDelete: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
	const tableNames = [...new Set(columns.map((c) => c.table))].filter((name) => !PG_SYSTEM_TABLES.has(name)).sort();
	return tableNames.map((name) => {
		const own = constraints.filter((k) => k.table === name);
		const constraintIndexes = new Set(own.map((k) => k.index));
		const ownIndexes = indexes.filter((i) => i.table === name);
		return {
			name,
			columns: columns
				.filter((c) => c.table === name)
				.map((c) => ({ name: c.name, type: c.type, notNull: c.not_null, default: normalizePgDefault(c.default, c.type), generated: c.generated })),
			primaryKey: own.find((k) => k.type === 'p')?.columns ?? [],
			foreignKeys: own
				.filter((k) => k.type === 'f')
				.map((k) => ({ columns: k.columns, table: k.parent!, references: k.parent_columns!, onDelete: onDelete[k.on_delete] ?? k.on_delete })),
			unique: ownIndexes
				.filter((i) => i.unique && !own.some((k) => k.type === 'p' && k.index === i.name))
				.map((i) => i.columns + (i.predicate ? ` WHERE ${i.predicate}` : ''))
				.sort(),
			indexes: ownIndexes
				.filter((i) => !constraintIndexes.has(i.name))
				.map((i) => i.name)
				.sort(),
			triggers: triggers.filter((t) => t.table === name).map((t) => t.name)
		};
	});
}

/**
 * The tables in an order that inserts every referenced row before the rows that refer to it
 * (references within a table are left to the copy, which orders those rows). Throws on a cycle.
 */
export function foreignKeyOrder(tables: readonly Table[]): Table[] {
	const byName = new Map(tables.map((t) => [t.name, t]));
	const done = new Set<string>();
	const order: Table[] = [];
	const visit = (table: Table, path: string[]) => {
		if (done.has(table.name)) return;
		if (path.includes(table.name)) throw new Error(`Främmande nycklar i en cirkel: ${[...path, table.name].join(' → ')}`);
		for (const fk of table.foreignKeys) {
			const parent = byName.get(fk.table);
			if (parent && parent.name !== table.name) visit(parent, [...path, table.name]);
		}
		done.add(table.name);
		order.push(table);
	};
	for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, []);
	return order;
}
