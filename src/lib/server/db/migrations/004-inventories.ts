/**
 * Migration 4: trygghetsinventeringar (safety walks), their findings and photos. Part of
 * MIGRATIONS (index.ts). Until this ships it may still change; after that, add a new
 * migration instead.
 */
export const INVENTORIES_MIGRATION = `
	CREATE TABLE inventories (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		-- JSON: { kind: 'district', name } or { kind: 'polygon', geometry }
		area TEXT NOT NULL,
		starts_at TEXT NOT NULL,
		organisation_ids TEXT NOT NULL,
		purpose TEXT NOT NULL DEFAULT '',
		-- JSON: [{ id, name, position }] and the planned walk
		stops TEXT NOT NULL DEFAULT '[]',
		route TEXT,
		version INTEGER NOT NULL,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;
	CREATE INDEX inventories_by_start ON inventories (starts_at);

	-- The id is the device's clientId: a finding sent twice (a lost answer, a retried sync) is stored once.
	CREATE TABLE findings (
		id TEXT PRIMARY KEY,
		inventory_id TEXT NOT NULL REFERENCES inventories(id) ON DELETE CASCADE,
		category TEXT NOT NULL,
		severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
		note TEXT NOT NULL DEFAULT '',
		position TEXT NOT NULL,
		measure_id TEXT REFERENCES measures(id),
		place_feature_id TEXT,
		version INTEGER NOT NULL,
		-- When the device recorded it (may be long before it reached the server).
		recorded_at TEXT NOT NULL,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL,
		updated_at TEXT NOT NULL,
		updated_by TEXT NOT NULL
	) STRICT;
	CREATE INDEX findings_by_inventory ON findings (inventory_id);

	CREATE TABLE photos (
		id TEXT PRIMARY KEY,
		finding_id TEXT REFERENCES findings(id) ON DELETE CASCADE,
		measure_id TEXT REFERENCES measures(id),
		-- 'finding', or 'before' / 'after' for a measure
		kind TEXT NOT NULL CHECK (kind IN ('finding', 'before', 'after')),
		mime TEXT NOT NULL,
		bytes BLOB NOT NULL,
		width INTEGER,
		height INTEGER,
		created_at TEXT NOT NULL,
		created_by TEXT NOT NULL
	) STRICT;
	CREATE INDEX photos_by_finding ON photos (finding_id);
	CREATE INDEX photos_by_measure ON photos (measure_id);
`;
