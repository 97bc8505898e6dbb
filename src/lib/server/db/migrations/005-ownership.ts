/**
 * Migration 5 (issue 11): every layer, meeting, walk and measure gets an owning organisation;
 * layers get editing grants; the operating organisation (whose admins are system administrators)
 * is a setting; meetings, agenda items, walks, findings and saved views get a shared versioned
 * history. Part of MIGRATIONS (index.ts). Until this ships it may still change; after that,
 * add a new migration instead.
 *
 * Who owns what already exists, decided from the lägesbild (see geodata/SOURCES.md, "Who owns
 * which layer"): the district administration (sdf-jarva) owns the districts and the insecure places,
 * the police (polis-jarva) own their area classification and the drug scenes, which the district
 * administration may edit (the lägesbild is "stadens och polisens gemensamma bild"); the police and
 * the property owners may contribute insecure places (they walk the trygghetsinventeringar).
 * A layer, meeting, walk, finding or measure someone made belongs to that account's organisation;
 * the account is found from `created_by`, which ends in "(username)".
 */

/** The organisation of the account named at the end of a `created_by`/`by` text: "Namn (användarnamn)". */
const orgOfAuthor = (column: string) =>
	`(SELECT a.organisation_id FROM accounts a WHERE substr(${column}, -length(a.username) - 2) = '(' || a.username || ')' ORDER BY length(a.username) DESC LIMIT 1)`;

export const OWNERSHIP_MIGRATION = `
	-- Install-time settings. operator_organisation: the organisation that runs the installation; its
	-- admins are system administrators. An upgraded installation takes its oldest real admin's.
	CREATE TABLE settings (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL
	) STRICT;
	INSERT INTO settings (key, value)
		SELECT 'operator_organisation', organisation_id FROM accounts WHERE role = 'admin' AND demo = 0 ORDER BY id LIMIT 1;

	ALTER TABLE layers ADD COLUMN owner_organisation_id TEXT REFERENCES organisations(id);
	UPDATE layers SET owner_organisation_id = COALESCE(
		${orgOfAuthor('layers.created_by')},
		CASE WHEN kind IN ('drug-scene', 'area-class') THEN 'polis-jarva' ELSE 'sdf-jarva' END
	);
	-- The owner always sees its layer.
	INSERT OR IGNORE INTO layer_visibility (layer_id, organisation_id)
		SELECT l.id, l.owner_organisation_id FROM layers l WHERE EXISTS (SELECT 1 FROM layer_visibility v WHERE v.layer_id = l.id);

	-- Organisations other than the owner that may write to a layer: 'edit' every object,
	-- 'contribute' add objects and change or delete their own.
	CREATE TABLE layer_editors (
		layer_id TEXT NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
		organisation_id TEXT NOT NULL REFERENCES organisations(id),
		level TEXT NOT NULL CHECK (level IN ('edit', 'contribute')),
		PRIMARY KEY (layer_id, organisation_id)
	) STRICT;
	INSERT INTO layer_editors (layer_id, organisation_id, level)
		SELECT id, 'sdf-jarva', 'edit' FROM layers WHERE kind = 'drug-scene' AND owner_organisation_id = 'polis-jarva';
	INSERT INTO layer_editors (layer_id, organisation_id, level)
		SELECT l.id, o.id, 'contribute' FROM layers l, (SELECT 'polis-jarva' AS id UNION ALL SELECT 'fastighetsagare') o
		WHERE l.id = 'otrygga-platser' AND l.owner_organisation_id = 'sdf-jarva';

	-- The organisation that added a feature (NULL: the layer's owner, e.g. the seeded data).
	ALTER TABLE features ADD COLUMN organisation_id TEXT REFERENCES organisations(id);
	UPDATE features SET organisation_id = (
		SELECT a.organisation_id FROM feature_history h JOIN accounts a ON substr(h.by, -length(a.username) - 2) = '(' || a.username || ')'
		WHERE h.layer_id = features.layer_id AND h.feature_id = features.id AND h.action IN ('create', 'import')
		ORDER BY h.seq LIMIT 1
	);

	ALTER TABLE meetings ADD COLUMN owner_organisation_id TEXT REFERENCES organisations(id);
	UPDATE meetings SET owner_organisation_id = COALESCE(${orgOfAuthor('meetings.created_by')}, json_extract(organisation_ids, '$[0]'), 'sdf-jarva');
	UPDATE meetings SET organisation_ids = json_insert(organisation_ids, '$[#]', owner_organisation_id)
		WHERE NOT EXISTS (SELECT 1 FROM json_each(meetings.organisation_ids) WHERE value = meetings.owner_organisation_id);
	-- The organisation that put an item on the agenda (NULL: the meeting's owner).
	ALTER TABLE agenda_items ADD COLUMN organisation_id TEXT REFERENCES organisations(id);

	ALTER TABLE inventories ADD COLUMN owner_organisation_id TEXT REFERENCES organisations(id);
	UPDATE inventories SET owner_organisation_id = COALESCE(${orgOfAuthor('inventories.created_by')}, json_extract(organisation_ids, '$[0]'), 'sdf-jarva');
	UPDATE inventories SET organisation_ids = json_insert(organisation_ids, '$[#]', owner_organisation_id)
		WHERE NOT EXISTS (SELECT 1 FROM json_each(inventories.organisation_ids) WHERE value = inventories.owner_organisation_id);
	ALTER TABLE findings ADD COLUMN organisation_id TEXT REFERENCES organisations(id);
	UPDATE findings SET organisation_id = COALESCE(
		${orgOfAuthor('findings.created_by')},
		(SELECT i.owner_organisation_id FROM inventories i WHERE i.id = findings.inventory_id)
	);

	-- The organisation that made a measure (owner_organisation_id carries it out).
	ALTER TABLE measures ADD COLUMN maker_organisation_id TEXT REFERENCES organisations(id);
	UPDATE measures SET maker_organisation_id = COALESCE(${orgOfAuthor('measures.created_by')}, owner_organisation_id);

	ALTER TABLE saved_views ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

	-- Versions of meetings, agenda items, walks, findings and saved views: who, when, which fields
	-- changed, before and after (JSON snapshots). A version's state is the 'after' of its row, or
	-- the 'before' of the next version's row (objects older than this table have no row of their own).
	CREATE TABLE object_history (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		kind TEXT NOT NULL CHECK (kind IN ('meeting', 'agenda-item', 'inventory', 'finding', 'view')),
		object_id TEXT NOT NULL,
		-- The meeting of an agenda item, the walk of a finding: where a deleted object belonged.
		parent_id TEXT,
		version INTEGER NOT NULL,
		action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
		at TEXT NOT NULL,
		by TEXT NOT NULL,
		changed TEXT NOT NULL,
		before TEXT,
		after TEXT
	) STRICT;
	CREATE INDEX object_history_by_object ON object_history (kind, object_id, seq);
`;
