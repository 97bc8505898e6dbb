/**
 * Migration 13 (issue 16, items 1 and 2): two new kinds of partner organisation and the import
 * of reports from CSV.
 *
 * - `organisations.kind` also takes 'säkerhetsföretag' and 'transportföretag'. SQLite cannot
 *   change a CHECK in place, so the table is rebuilt (create the new one, copy, drop the old,
 *   rename): SQLite's documented way, which needs foreign keys off while it runs – this migration
 *   is declared `foreignKeysOff` and migrate() (db/database.ts) switches them off around its
 *   transaction and runs `PRAGMA foreign_key_check` before it commits.
 * - A report may come from an import: its source ("Tyck till", the partner's own system) and the
 *   id it had there. The same source id is never imported twice by one organisation (a unique
 *   index), so importing the same file again adds nothing.
 * - Column mappings saved per organisation and source, offered the next time a file from the
 *   same source is imported.
 *
 * Self-contained SQL: the kinds are written out here, not read from src/lib/accounts.ts.
 */
export const REPORT_IMPORT_MIGRATION = `
	CREATE TABLE organisations_new (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		kind TEXT NOT NULL CHECK (kind IN ('stadsdelsförvaltning', 'polis', 'fastighetsägare', 'säkerhetsföretag', 'transportföretag', 'annan')),
		created_at TEXT NOT NULL
	) STRICT;
	INSERT INTO organisations_new (id, name, kind, created_at) SELECT id, name, kind, created_at FROM organisations;
	DROP TABLE organisations;
	ALTER TABLE organisations_new RENAME TO organisations;

	ALTER TABLE reports ADD COLUMN source TEXT;
	ALTER TABLE reports ADD COLUMN source_id TEXT;
	CREATE UNIQUE INDEX reports_by_source ON reports (organisation_id, source, source_id) WHERE source_id IS NOT NULL;

	CREATE TABLE report_import_presets (
		organisation_id TEXT NOT NULL REFERENCES organisations(id),
		source TEXT NOT NULL COLLATE NOCASE,
		-- JSON: which column is which field, the date and coordinate formats, and category values.
		mapping TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL,
		PRIMARY KEY (organisation_id, source)
	) STRICT;
`;
