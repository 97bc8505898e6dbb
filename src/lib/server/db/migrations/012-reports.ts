/**
 * Migration 10: the weekly lägesbild's reports (issue 16). Self-contained SQL: the categories EST
 * usually starts with are written out here (not read from src/lib/reports/categories.ts), so this
 * migration means the same whatever that list later becomes.
 */
export const REPORTS_MIGRATION = `
	-- The configurable list: the system administrator adds categories; a retired one stays for old reports.
	CREATE TABLE report_categories (
		id TEXT PRIMARY KEY,
		label TEXT NOT NULL UNIQUE,
		position INTEGER NOT NULL,
		active INTEGER NOT NULL DEFAULT 1,
		created_at TEXT NOT NULL
	) STRICT;
	INSERT INTO report_categories (id, label, position, created_at) VALUES
		('skadegorelse', 'Skadegörelse', 1, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('klotter', 'Klotter', 2, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('nedskrapning', 'Nedskräpning', 3, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('ungdomsgrupperingar', 'Ungdomsgrupperingar', 4, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('narkotikahandel', 'Narkotikahandel', 5, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('ordningsstorning', 'Ordningsstörning', 6, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('hot-vald-personal', 'Hot och våld mot personal', 7, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('brand', 'Brand', 8, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('inbrott-stold', 'Inbrott och stöld', 9, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('trasig-belysning', 'Trasig belysning', 10, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('otrygg-plats', 'Otrygg plats', 11, strftime('%Y-%m-%dT%H:%M:%fZ')),
		('ovrigt', 'Övrigt', 12, strftime('%Y-%m-%dT%H:%M:%fZ'));

	-- A report's id is the device's clientId: a resend after a lost answer finds the stored one.
	CREATE TABLE reports (
		id TEXT PRIMARY KEY,
		category TEXT NOT NULL REFERENCES report_categories(id),
		date TEXT NOT NULL,
		time TEXT,
		end_date TEXT,
		week TEXT NOT NULL,
		lon REAL NOT NULL,
		lat REAL NOT NULL,
		place_name TEXT,
		district TEXT,
		text TEXT NOT NULL,
		organisation_id TEXT NOT NULL REFERENCES organisations(id),
		-- Invented by the demo's seeded script.
		example INTEGER NOT NULL DEFAULT 0,
		version INTEGER NOT NULL,
		deleted INTEGER NOT NULL DEFAULT 0,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;
	CREATE INDEX reports_by_week ON reports (week, deleted);

	-- Versions of reports, as object_history keeps them for meetings and walks (db/object-history.ts).
	CREATE TABLE report_history (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		kind TEXT NOT NULL CHECK (kind = 'report'),
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
	CREATE INDEX report_history_by_object ON report_history (kind, object_id, seq);
`;
