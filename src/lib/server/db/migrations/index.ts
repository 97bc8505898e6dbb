import type Database from 'better-sqlite3';

/** The connection (db/database.ts names it Db; imported from there it would be a cycle). */
type Db = Database.Database;
import { MEETINGS_MIGRATION } from './003-meetings';
import { INVENTORIES_MIGRATION } from './004-inventories';
import { OWNERSHIP_MIGRATION } from './005-ownership';
import { linkStopsToTheirObjects } from './006-stop-sources';
import { orderStopsByRoute } from './007-stop-order';
import { LAGESBILD_MIGRATION } from './011-lagesbild';
import { REPORTS_MIGRATION } from './012-reports';
import { REPORT_IMPORT_MIGRATION } from './013-report-import';
import { WEEK_FOCUS_MIGRATION } from './014-week-focus';
import { CHANGES_MIGRATION } from './015-changes';
import { FOCUS_MEASURES_MIGRATION } from './016-focus-measures';
import { FOCUS_PLACE_CHANGES_MIGRATION } from './017-focus-place-changes';
import { LOGIN_THROTTLE_MIGRATION } from './018-login-throttle';
import { ACCOUNT_CHANGES_MIGRATION } from './019-account-changes';
import { IMPORT_CHANGES_MIGRATION } from './020-import-changes';

/**
 * A schema migration (SQL) or a data migration (a function on the database, for what SQL alone
 * cannot do). Each runs once, in order, inside its own transaction (db/database.ts `migrate`).
 * One that rebuilds a table others refer to (SQLite changes a CHECK only that way) is declared
 * `{ foreignKeysOff: true, run }`: migrate() switches foreign keys off around its transaction
 * (they cannot be switched inside one) and checks every reference before it commits.
 */
export type Migration = string | ((db: Db) => void) | { foreignKeysOff: true; run: string | ((db: Db) => void) };

/**
 * Every migration the store has had, and the only place one runs: `openDatabase` applies them at
 * start, before any store is built, so no store migrates data behind its first call.
 * `PRAGMA user_version` records how far a database has come. Never edit a migration that has
 * shipped: add a new one.
 */
export const MIGRATIONS: readonly Migration[] = [
	/* 1: layers, features with versions, and their history */ `
	CREATE TABLE layers (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		title_en TEXT NOT NULL,
		kind TEXT NOT NULL,
		year INTEGER,
		geometry TEXT NOT NULL,
		source TEXT NOT NULL,
		precision TEXT NOT NULL,
		approximate INTEGER NOT NULL,
		editable INTEGER NOT NULL DEFAULT 1,
		-- Bumped by every change to the layer's features: the layer's ETag.
		revision INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL
	) STRICT;

	CREATE TABLE features (
		layer_id TEXT NOT NULL REFERENCES layers(id),
		id TEXT NOT NULL,
		version INTEGER NOT NULL,
		geometry TEXT NOT NULL,
		properties TEXT NOT NULL,
		deleted INTEGER NOT NULL DEFAULT 0,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL,
		PRIMARY KEY (layer_id, id)
	) STRICT;

	CREATE TABLE feature_history (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		layer_id TEXT NOT NULL,
		feature_id TEXT NOT NULL,
		version INTEGER NOT NULL,
		action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import', 'seed')),
		at TEXT NOT NULL,
		by TEXT NOT NULL,
		before TEXT,
		after TEXT
	) STRICT;
	CREATE INDEX feature_history_by_feature ON feature_history (layer_id, feature_id, version);
	`,
	/* 2: organisations, accounts, sessions, who may see which layer, and the audit log */ `
	CREATE TABLE organisations (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		kind TEXT NOT NULL CHECK (kind IN ('stadsdelsförvaltning', 'polis', 'fastighetsägare', 'annan')),
		created_at TEXT NOT NULL
	) STRICT;
	-- The partners of the Järva lägesbild exist from the start, so the first admin (CLI) has an
	-- organisation to belong to; admins add others.
	INSERT INTO organisations (id, name, kind, created_at) VALUES
		('sdf-jarva', 'Järva stadsdelsförvaltning', 'stadsdelsförvaltning', strftime('%Y-%m-%dT%H:%M:%fZ')),
		('polis-jarva', 'Lokalpolisområde Järva', 'polis', strftime('%Y-%m-%dT%H:%M:%fZ')),
		('fastighetsagare', 'Fastighetsägare i Järva', 'fastighetsägare', strftime('%Y-%m-%dT%H:%M:%fZ'));

	CREATE TABLE accounts (
		id INTEGER PRIMARY KEY,
		username TEXT NOT NULL UNIQUE COLLATE NOCASE,
		display_name TEXT NOT NULL,
		organisation_id TEXT NOT NULL REFERENCES organisations(id),
		role TEXT NOT NULL CHECK (role IN ('läsare', 'redaktör', 'admin')),
		password_hash TEXT NOT NULL,
		disabled INTEGER NOT NULL DEFAULT 0,
		-- Made by demo mode; disabled whenever the app starts outside demo mode.
		demo INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		last_login_at TEXT
	) STRICT;

	-- Only a hash of the token is kept: a copy of the database does not let anyone in.
	CREATE TABLE sessions (
		token_hash TEXT PRIMARY KEY,
		account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
		created_ms INTEGER NOT NULL,
		last_seen_ms INTEGER NOT NULL
	) STRICT;
	CREATE INDEX sessions_by_account ON sessions (account_id);

	-- A layer without rows here is seen by all partners; with rows, only by those organisations.
	CREATE TABLE layer_visibility (
		layer_id TEXT NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
		organisation_id TEXT NOT NULL REFERENCES organisations(id),
		PRIMARY KEY (layer_id, organisation_id)
	) STRICT;
	-- The drug scenes are the police's and the district's picture: not for property owners.
	INSERT INTO layer_visibility (layer_id, organisation_id)
		SELECT layers.id, org.id FROM layers, (SELECT 'sdf-jarva' AS id UNION ALL SELECT 'polis-jarva') AS org
		WHERE layers.kind = 'drug-scene';

	CREATE TABLE audit_log (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		at TEXT NOT NULL,
		account_id INTEGER,
		username TEXT,
		organisation_id TEXT,
		action TEXT NOT NULL,
		target TEXT,
		outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
		ip TEXT,
		detail TEXT
	) STRICT;
	CREATE INDEX audit_by_time ON audit_log (at);
	CREATE INDEX audit_by_action ON audit_log (action, seq);
	CREATE INDEX audit_by_username ON audit_log (username COLLATE NOCASE, seq);
	`,
	/* 3: measures, meetings, saved views */ MEETINGS_MIGRATION,
	/* 4: safety walks, findings, photos */ INVENTORIES_MIGRATION,
	/* 5: owners, editing grants, the operating organisation, history of meetings, walks and views */ OWNERSHIP_MIGRATION,
	/* 6: walk stops from before stops kept their source, linked to the object they were named after */ linkStopsToTheirObjects,
	/* 7: walk stops numbered by their place in the list: earlier walks' stops put in their route's order */ orderStopsByRoute,
	/* 8: a finding belongs to a stop of its walk (the nearest, or one chosen) */ `
	ALTER TABLE findings ADD COLUMN stop_id TEXT;
	`,
	/* 9: an agenda place may carry its own saved camera (JSON: center, zoom, bearing) */ `
	ALTER TABLE agenda_items ADD COLUMN camera TEXT;
	`,
	/* 10: personal access tokens for GIS clients (OGC API – Features): only a hash of each is kept */ `
	CREATE TABLE access_tokens (
		id INTEGER PRIMARY KEY,
		-- SHA-256 of the token (hex). The token is 32 random bytes, so a fast hash cannot be guessed
		-- back, and a lookup by hash stays one index read per request.
		token_hash TEXT NOT NULL UNIQUE,
		account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		created_at TEXT NOT NULL,
		expires_at TEXT NOT NULL,
		last_used_at TEXT,
		revoked_at TEXT
	) STRICT;
	CREATE INDEX access_tokens_by_account ON access_tokens (account_id);
	`,
	/* 11: the yearly lägesbild's summary per year, imported indicators and the action plan, versioned (object_history widened) */ LAGESBILD_MIGRATION,
	/* 12: the weekly lägesbild's reports, their categories and history (issue 16) */ REPORTS_MIGRATION,
	/* 13: security and transport companies as organisation kinds (table rebuilt); reports imported from CSV, their source ids and saved mappings */ {
		foreignKeysOff: true,
		run: REPORT_IMPORT_MIGRATION
	},
	/* 14: the weekly meeting's focus places, their measures and follow-up (object_history widened) */ WEEK_FOCUS_MIGRATION,
	/* 15: the change table the live updates read (issue 15), filled by triggers on the histories */ CHANGES_MIGRATION,
	/* 16: a focus place's measures made for it (seen as the focus place is) or linked */ FOCUS_MEASURES_MIGRATION,
	/* 17: focus places in the live updates (the change trigger on object_history widened) */ FOCUS_PLACE_CHANGES_MIGRATION,
	/* 18: the login throttle's counters, shared by every app instance and kept over a restart (rate-limiter-flexible's table) */ LOGIN_THROTTLE_MIGRATION,
	/* 19: the accounts' change counter, bumped by triggers, that tells every instance its account caches are stale */ ACCOUNT_CHANGES_MIGRATION,
	/* 20: an import is one change in the live updates (layer_imports and its trigger), not one per object */ IMPORT_CHANGES_MIGRATION
];
