/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` records
 * how far a database has come. Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
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
	`
];
