import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, type Db } from '../database';
import { MIGRATIONS } from './index';

/**
 * Migration 5 on a store as issue 10 left it (schema version 4, with layers, accounts, meetings,
 * walks, findings and measures made by accounts of each organisation): every object gets the owner
 * the rules say, and nothing else changes.
 */
let dir: string;
let db: Db;

const at = '2025-03-01T10:00:00.000Z';
const SEED = 'Lägeskartan (geodata/)';

function atVersion4(): Db {
	const store = new Database(join(dir, 'old.sqlite'));
	store.pragma('foreign_keys = ON');
	for (const sql of MIGRATIONS.slice(0, 4)) store.exec(sql as string);
	store.pragma('user_version = 4');
	const account = store.prepare("INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, demo, created_at) VALUES (?, ?, ?, ?, 'h', ?, ?)");
	account.run('demo-polis-admin', 'Demo', 'polis-jarva', 'admin', 1, at);
	account.run('anna', 'Anna (SDF)', 'sdf-jarva', 'admin', 0, at);
	account.run('pelle', 'Pelle', 'polis-jarva', 'redaktör', 0, at);
	account.run('fia_b', 'Fia', 'fastighetsagare', 'redaktör', 0, at);
	const layer = store.prepare("INSERT INTO layers (id, title, title_en, kind, year, geometry, source, precision, approximate, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'Polygon', 's', 'p', 1, ?, ?)");
	layer.run('stadsdelar', 'Stadsdelar', 'x', 'district', null, at, SEED);
	layer.run('omradesklassning', 'Klassning', 'x', 'area-class', 2023, at, SEED);
	layer.run('drogscener-2023', 'Scener', 'x', 'drug-scene', 2023, at, SEED);
	layer.run('otrygga-platser', 'Platser', 'x', 'insecure-place', 2023, at, SEED);
	layer.run('omrade-fia', 'Fias område', 'x', 'area', null, at, 'Fia (fia_b)');
	store.prepare("INSERT INTO layer_visibility VALUES ('drogscener-2023', 'sdf-jarva'), ('drogscener-2023', 'polis-jarva'), ('omrade-fia', 'polis-jarva')").run();
	const feature = store.prepare("INSERT INTO features (layer_id, id, version, geometry, properties, updated_at, updated_by) VALUES ('otrygga-platser', ?, 1, '{}', '{}', ?, ?)");
	const history = store.prepare("INSERT INTO feature_history (layer_id, feature_id, version, action, at, by, after) VALUES ('otrygga-platser', ?, 1, ?, ?, ?, '{}')");
	feature.run('seeded', at, SEED);
	history.run('seeded', 'seed', at, SEED);
	feature.run('by-pelle', at, 'Pelle (pelle)');
	history.run('by-pelle', 'create', at, 'Pelle (pelle)');
	const meeting = store.prepare("INSERT INTO meetings (id, title, date, participants, organisation_ids, version, created_at, created_by) VALUES (?, 'M', '2025-03-01', '[]', ?, 1, ?, ?)");
	meeting.run('m-pelle', '["sdf-jarva","polis-jarva"]', at, 'Pelle (pelle)');
	meeting.run('m-gone', '["fastighetsagare"]', at, 'Borttagen (finns-inte-mer)');
	store.prepare("INSERT INTO agenda_items (id, meeting_id, position, kind, title, notes, version) VALUES ('i1', 'm-pelle', 1, 'area', 'Yta', '', 1)").run();
	store
		.prepare("INSERT INTO inventories (id, title, area, starts_at, organisation_ids, version, created_at, created_by, updated_at, updated_by) VALUES ('w1', 'W', '{}', ?, '[\"sdf-jarva\"]', 1, ?, 'Pelle (pelle)', ?, 'Pelle (pelle)')")
		.run(at, at, at);
	store
		.prepare("INSERT INTO findings (id, inventory_id, category, severity, position, version, recorded_at, created_at, created_by, updated_at, updated_by) VALUES (?, 'w1', 'belysning', 2, '[17.9,59.4]', 1, ?, ?, ?, ?, ?)")
		.run('f-fia', at, at, 'Fia (fia_b)', at, 'Fia (fia_b)');
	store
		.prepare("INSERT INTO findings (id, inventory_id, category, severity, position, version, recorded_at, created_at, created_by, updated_at, updated_by) VALUES (?, 'w1', 'belysning', 2, '[17.9,59.4]', 1, ?, ?, ?, ?, ?)")
		.run('f-unknown', at, at, 'Okänd (borta)', at, 'Okänd (borta)');
	store
		.prepare("INSERT INTO measures (id, title, owner_organisation_id, due_date, status, version, created_at, created_by, updated_at, updated_by) VALUES ('a1', 'Belysning', 'polis-jarva', '2025-06-30', 'beslutad', 1, ?, 'Fia (fia_b)', ?, 'Fia (fia_b)')")
		.run(at, at);
	store.prepare("INSERT INTO saved_views (id, name, query, account_id, created_at) VALUES ('v1', 'Vy', 'lager=stadsdelar', 2, ?)").run(at);
	return store;
}

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-migration-'));
	db = atVersion4();
	migrate(db);
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});

const column = (sql: string) => db.prepare(sql).all().map((row) => Object.values(row as object));

describe('migration 5 on an existing store', () => {
	it('reaches the latest schema version', () => {
		expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
	});

	it('the oldest real admin’s organisation operates the installation (a demo admin does not count)', () => {
		expect(column("SELECT value FROM settings WHERE key = 'operator_organisation'")).toEqual([['sdf-jarva']]);
	});

	it('seeded layers get the owners the lägesbild gives; a layer someone made is their organisation’s', () => {
		expect(column('SELECT id, owner_organisation_id FROM layers ORDER BY id')).toEqual([
			['drogscener-2023', 'polis-jarva'],
			['omrade-fia', 'fastighetsagare'],
			['omradesklassning', 'polis-jarva'],
			['otrygga-platser', 'sdf-jarva'],
			['stadsdelar', 'sdf-jarva']
		]);
	});

	it('the district edits the police’s drug scenes, the police and property owners contribute insecure places', () => {
		expect(column('SELECT layer_id, organisation_id, level FROM layer_editors ORDER BY layer_id, organisation_id')).toEqual([
			['drogscener-2023', 'sdf-jarva', 'edit'],
			['otrygga-platser', 'fastighetsagare', 'contribute'],
			['otrygga-platser', 'polis-jarva', 'contribute']
		]);
	});

	it('an owner left out of its layer’s visibility is given it back; a layer for all partners stays so', () => {
		expect(column("SELECT organisation_id FROM layer_visibility WHERE layer_id = 'omrade-fia' ORDER BY organisation_id")).toEqual([['fastighetsagare'], ['polis-jarva']]);
		expect(column("SELECT COUNT(*) FROM layer_visibility WHERE layer_id = 'stadsdelar'")).toEqual([[0]]);
	});

	it('a feature someone added is their organisation’s; seeded ones are the layer owner’s (NULL)', () => {
		expect(column('SELECT id, organisation_id FROM features ORDER BY id')).toEqual([
			['by-pelle', 'polis-jarva'],
			['seeded', null]
		]);
	});

	it('meetings and walks are their maker’s organisation’s (else the first taking part), and the owner takes part', () => {
		expect(column('SELECT id, owner_organisation_id, organisation_ids FROM meetings ORDER BY id')).toEqual([
			['m-gone', 'fastighetsagare', '["fastighetsagare"]'],
			['m-pelle', 'polis-jarva', '["sdf-jarva","polis-jarva"]']
		]);
		expect(column('SELECT owner_organisation_id, organisation_ids FROM inventories')).toEqual([['polis-jarva', '["sdf-jarva","polis-jarva"]']]);
		expect(column('SELECT organisation_id FROM agenda_items')).toEqual([[null]]);
	});

	it('a finding is its recorder’s organisation’s (else the walk owner’s); a measure knows who made it', () => {
		expect(column('SELECT id, organisation_id FROM findings ORDER BY id')).toEqual([
			['f-fia', 'fastighetsagare'],
			['f-unknown', 'polis-jarva']
		]);
		expect(column('SELECT owner_organisation_id, maker_organisation_id FROM measures')).toEqual([['polis-jarva', 'fastighetsagare']]);
	});

	it('saved views start at version 1 and no history is invented', () => {
		expect(column('SELECT version FROM saved_views')).toEqual([[1]]);
		expect(column('SELECT COUNT(*) FROM object_history')).toEqual([[0]]);
	});
});
