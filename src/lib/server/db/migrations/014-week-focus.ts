/**
 * Migration 14: the weekly meeting's focus places (issue 16, item 5). A focus place belongs to an
 * ISO week: a place (a hot-spot cell of the anchored SWEREF 99 TM grid, a point, or an object on a
 * layer), an owning organisation and a short text; its short-term measures are the app's measures,
 * linked through focus_place_measures. Next week's meeting records its follow-up (klar, inte klar,
 * fortsätter: who and when) on the row itself; "fortsätter" makes a focus place of the next week
 * with `carried_from`. Versions in object_history as kind 'focus-place': SQLite cannot widen a
 * CHECK in place, so object_history is rebuilt with the same columns and rows (seq kept), as
 * migration 11 did. Self-contained SQL.
 */
export const WEEK_FOCUS_MIGRATION = `
	CREATE TABLE object_history_new (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		kind TEXT NOT NULL CHECK (kind IN ('meeting', 'agenda-item', 'inventory', 'finding', 'view', 'report-summary', 'indicator', 'plan-area', 'focus-place')),
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

	CREATE TABLE focus_places (
		id TEXT PRIMARY KEY,
		week TEXT NOT NULL,
		place_kind TEXT NOT NULL CHECK (place_kind IN ('cell', 'point', 'feature')),
		-- the place's point [lon, lat]: a cell's centre, the point, an object's representative point
		lon REAL NOT NULL,
		lat REAL NOT NULL,
		-- a cell: its id (E<east>N<north>, south-west corner in SWEREF 99 TM) and side in metres
		cell_id TEXT,
		cell_size INTEGER,
		layer_id TEXT,
		feature_id TEXT,
		name TEXT NOT NULL,
		owner_organisation_id TEXT NOT NULL REFERENCES organisations(id),
		text TEXT NOT NULL,
		carried_from TEXT REFERENCES focus_places(id),
		follow_up TEXT CHECK (follow_up IN ('klar', 'inte-klar', 'fortsatter')),
		follow_up_note TEXT,
		follow_up_at TEXT,
		follow_up_by TEXT,
		version INTEGER NOT NULL,
		deleted INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;
	CREATE INDEX focus_places_by_week ON focus_places (week, deleted);
	CREATE INDEX focus_places_by_origin ON focus_places (carried_from);

	CREATE TABLE focus_place_measures (
		focus_place_id TEXT NOT NULL REFERENCES focus_places(id),
		measure_id TEXT NOT NULL REFERENCES measures(id),
		PRIMARY KEY (focus_place_id, measure_id)
	) STRICT;
`;
