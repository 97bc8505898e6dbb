import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE, migrate, openDatabase } from '../database';
import { MIGRATIONS } from './index';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = undefined;
});

const AT = '2026-01-05T10:00:00.000Z';

/** A real database file at schema version 12 with rows in every table that refers to organisations. */
function storeAtVersion12(): Database.Database {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-m13-'));
	const db = new Database(join(dir, DB_FILE));
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	expect(migrate(db, 12)).toBe(12);
	db.exec(`
		INSERT INTO organisations (id, name, kind, created_at) VALUES ('annan-x', 'Föreningen X', 'annan', '${AT}');
		INSERT INTO layers (id, title, title_en, kind, geometry, source, precision, approximate, created_at, created_by, owner_organisation_id)
			VALUES ('l1', 'Lager', 'Layer', 'insecure-place', 'Point', 's', 'p', 0, '${AT}', 't', 'polis-jarva');
		INSERT INTO layer_visibility (layer_id, organisation_id) VALUES ('l1', 'polis-jarva'), ('l1', 'annan-x');
		INSERT INTO layer_editors (layer_id, organisation_id, level) VALUES ('l1', 'fastighetsagare', 'contribute');
		INSERT INTO accounts (id, username, display_name, organisation_id, role, password_hash, created_at) VALUES
			(1, 'anna', 'Anna', 'sdf-jarva', 'admin', 'h', '${AT}'), (2, 'bo', 'Bo', 'annan-x', 'redaktör', 'h', '${AT}');
		INSERT INTO sessions (token_hash, account_id, created_ms, last_seen_ms) VALUES ('t1', 2, 1, 1);
		INSERT INTO access_tokens (token_hash, account_id, name, created_at, expires_at) VALUES ('a1', 1, 'QGIS', '${AT}', '2027-01-01');
		INSERT INTO settings (key, value) VALUES ('operator_organisation', 'sdf-jarva');
		INSERT INTO reports (id, category, date, week, lon, lat, text, organisation_id, version, created_at, created_by, updated_at, updated_by)
			VALUES ('r1', 'klotter', '2026-01-05', '2026-W02', 17.9, 59.4, 'Klotter på väggen', 'annan-x', 1, '${AT}', 'Bo', '${AT}', 'Bo');
	`);
	return db;
}

const TABLES = ['organisations', 'layers', 'layer_visibility', 'layer_editors', 'accounts', 'sessions', 'access_tokens', 'settings', 'reports'];
const everything = (db: Database.Database) => Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));

describe('migration 13: new organisation kinds, imported reports', () => {
	it('rebuilds organisations on a real file: every row that refers to one is kept and every reference still holds', () => {
		const db = storeAtVersion12();
		const before = everything(db);
		db.close();

		const reopened = openDatabase(dir!);
		try {
			expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
			// The old columns and rows, unchanged (reports gained two empty columns).
			const after = everything(reopened);
			const { reports: reportsAfter, ...rest } = after;
			const { reports: reportsBefore, ...restBefore } = before;
			expect(rest).toEqual(restBefore);
			expect(reportsAfter).toEqual((reportsBefore as object[]).map((r) => ({ ...r, source: null, source_id: null })));
			expect(reopened.pragma('foreign_key_check')).toEqual([]);
			// Foreign keys are on again and still refer to the rebuilt table.
			expect(reopened.pragma('foreign_keys', { simple: true })).toBe(1);
			expect(() => reopened.prepare(`INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, created_at) VALUES ('c', 'C', 'finns-inte', 'läsare', 'h', '${AT}')`).run()).toThrow(
				/FOREIGN KEY/
			);
			expect(() => reopened.prepare("DELETE FROM organisations WHERE id = 'annan-x'").run()).toThrow(/FOREIGN KEY/);
			expect(reopened.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE sql LIKE '%organisations_new%'").get()).toEqual({ n: 0 });
			// The new kinds are allowed, others still refused.
			const insert = reopened.prepare(`INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, ?, '${AT}')`);
			expect(() => insert.run('sak', 'Säkerhetsbolaget', 'säkerhetsföretag')).not.toThrow();
			expect(() => insert.run('tra', 'Bussbolaget', 'transportföretag')).not.toThrow();
			expect(() => insert.run('x', 'X', 'bank')).toThrow(/CHECK/);
		} finally {
			reopened.close();
		}
	});

	it('a source id is stored once per organisation and source', () => {
		const db = storeAtVersion12();
		migrate(db);
		const insert = db.prepare(
			`INSERT INTO reports (id, category, date, week, lon, lat, text, organisation_id, version, created_at, created_by, updated_at, updated_by, source, source_id)
			 VALUES (?, 'klotter', '2026-01-05', '2026-W02', 17.9, 59.4, 't', ?, 1, '${AT}', 'x', '${AT}', 'x', ?, ?)`
		);
		insert.run('a', 'annan-x', 'Tyck till', '17');
		expect(() => insert.run('b', 'annan-x', 'Tyck till', '17')).toThrow(/UNIQUE/);
		expect(() => insert.run('c', 'sdf-jarva', 'Tyck till', '17')).not.toThrow();
		expect(() => insert.run('d', 'annan-x', 'Eget system', '17')).not.toThrow();
		// Reports from the form have no source id: any number of them.
		expect(() => insert.run('e', 'annan-x', null, null)).not.toThrow();
		expect(() => insert.run('f', 'annan-x', null, null)).not.toThrow();
		db.close();
	});

	it('a store with a broken reference is not migrated: the migration says so and changes nothing', () => {
		const db = storeAtVersion12();
		db.pragma('foreign_keys = OFF');
		db.exec(`INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, created_at) VALUES ('z', 'Z', 'borta', 'läsare', 'h', '${AT}')`);
		db.pragma('foreign_keys = ON');
		expect(() => migrate(db)).toThrow(/Migration 13 would leave 1 broken references/);
		expect(db.pragma('user_version', { simple: true })).toBe(12);
		expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'organisations'").get()).toMatchObject({ sql: expect.not.stringContaining('säkerhetsföretag') });
		expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
		db.close();
	});
});
