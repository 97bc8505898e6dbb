/**
 * Migration 3: measures (åtgärder, shared by meetings and safety walks), meetings with their
 * agenda, notes and decisions, and saved map views. Part of MIGRATIONS (index.ts).
 * Until this ships it may still change; after that, add a new migration instead.
 */
export const MEETINGS_MIGRATION = `
	CREATE TABLE measures (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		description TEXT NOT NULL DEFAULT '',
		owner_organisation_id TEXT NOT NULL REFERENCES organisations(id),
		due_date TEXT NOT NULL,
		status TEXT NOT NULL CHECK (status IN ('föreslagen', 'beslutad', 'pågår', 'klar', 'avslagen')),
		place_layer_id TEXT,
		place_feature_id TEXT,
		-- [lon, lat] or a GeoJSON geometry, as JSON text
		position TEXT,
		origin_kind TEXT CHECK (origin_kind IN ('meeting', 'inventory')),
		origin_id TEXT,
		version INTEGER NOT NULL,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;
	CREATE INDEX measures_by_status ON measures (status);
	CREATE INDEX measures_by_place ON measures (place_layer_id, place_feature_id);

	CREATE TABLE measure_history (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		measure_id TEXT NOT NULL REFERENCES measures(id),
		version INTEGER NOT NULL,
		at TEXT NOT NULL,
		by TEXT NOT NULL,
		before TEXT,
		after TEXT NOT NULL
	) STRICT;

	CREATE TABLE meetings (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		date TEXT NOT NULL,
		-- JSON: participants as written, and the organisations taking part
		participants TEXT NOT NULL,
		organisation_ids TEXT NOT NULL,
		version INTEGER NOT NULL,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL
	) STRICT;

	CREATE TABLE agenda_items (
		id TEXT PRIMARY KEY,
		meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
		position INTEGER NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('feature', 'area')),
		layer_id TEXT,
		feature_id TEXT,
		title TEXT NOT NULL,
		-- an area drawn for the meeting (GeoJSON geometry as JSON text)
		geometry TEXT,
		notes TEXT NOT NULL DEFAULT '',
		version INTEGER NOT NULL
	) STRICT;
	CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position);

	CREATE TABLE decisions (
		id TEXT PRIMARY KEY,
		item_id TEXT NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
		text TEXT NOT NULL,
		measure_id TEXT REFERENCES measures(id),
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL
	) STRICT;

	CREATE TABLE saved_views (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL,
		-- the view as a URL query string (?lager=…&ar=…&karta=…)
		query TEXT NOT NULL,
		shared INTEGER NOT NULL DEFAULT 0,
		account_id INTEGER NOT NULL REFERENCES accounts(id),
		created_at TEXT NOT NULL
	) STRICT;
`;
