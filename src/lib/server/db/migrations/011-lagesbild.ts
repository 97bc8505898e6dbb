/**
 * Migration 10: the yearly lägesbild's own data – the analysts' summary (one row per edition year),
 * the indicators imported from tables and the action plan's collaboration areas – versioned in
 * object_history as kinds 'report-summary', 'indicator' and 'plan-area'. SQLite cannot widen a CHECK in place, so object_history is rebuilt with the
 * same columns and rows (seq kept) and the new kinds allowed.
 */
export const LAGESBILD_MIGRATION = `
	CREATE TABLE object_history_new (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		kind TEXT NOT NULL CHECK (kind IN ('meeting', 'agenda-item', 'inventory', 'finding', 'view', 'report-summary', 'indicator', 'plan-area')),
		object_id TEXT NOT NULL,
		parent_id TEXT,
		version INTEGER NOT NULL,
		action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
		at TEXT NOT NULL,
		by TEXT NOT NULL,
		changed TEXT NOT NULL,
		before TEXT,
		after TEXT
	) STRICT;
	INSERT INTO object_history_new (seq, kind, object_id, parent_id, version, action, at, by, changed, before, after)
		SELECT seq, kind, object_id, parent_id, version, action, at, by, changed, before, after FROM object_history;
	DROP TABLE object_history;
	ALTER TABLE object_history_new RENAME TO object_history;
	CREATE INDEX object_history_by_object ON object_history (kind, object_id, seq);

	-- The summary of "Lägesbild Järva {year}": its sections as JSON [{ title, body }].
	CREATE TABLE report_summaries (
		year INTEGER PRIMARY KEY,
		sections TEXT NOT NULL,
		version INTEGER NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;

	-- An indicator imported from a table (CSV): its values as JSON [{ area, year, value, note? }],
	-- value a number or one of scale's levels (JSON list, worst first; NULL: numbers). Provenance:
	-- the source the table names, the file it came from, who imported it and when.
	CREATE TABLE indicators (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		unit TEXT NOT NULL,
		scale TEXT,
		source TEXT NOT NULL,
		data TEXT NOT NULL,
		file TEXT,
		version INTEGER NOT NULL,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;

	-- The action plan: one collaboration area of one year's lägesbild (JSON: description, goals,
	-- work forms, comment, results, priorities with links to measures and places by id).
	CREATE TABLE plan_areas (
		year INTEGER NOT NULL,
		id TEXT NOT NULL,
		position INTEGER NOT NULL,
		data TEXT NOT NULL,
		version INTEGER NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL,
		PRIMARY KEY (year, id)
	) STRICT;
`;
