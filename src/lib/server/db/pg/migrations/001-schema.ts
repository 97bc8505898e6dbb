/**
 * PostgreSQL migration 001: the whole schema of the SQLite store at its migration 16, in one step
 * (a PostgreSQL database starts where SQLite has come, it never walks SQLite's path). The same
 * tables, columns, NOT NULLs, defaults, CHECKs, keys, unique and partial indexes, foreign keys
 * with their ON DELETE, the same first rows (the three partner organisations, the twelve report
 * categories), and the change table's triggers. The guard that keeps the two in step is
 * pg/schema.test.ts: it compares this schema, column by column, with a freshly migrated SQLite
 * store. Never edit after it ships: add 002-….
 *
 * Types (docs/postgresql.md says why):
 * - Times stay ISO-8601 UTC text with milliseconds, exactly as SQLite keeps them
 *   ('2026-11-25T03:44:00.123Z'): the app reads back the very string it wrote on both databases,
 *   compares and sorts them as text (fixed width, so text order is time order), and db:copy's
 *   checksums are equal byte for byte. Dates ('2026-11-27'), ISO weeks and walk start times too.
 * - 0/1 flags are boolean. PostgreSQL takes '0'/'1' as boolean input, so a parameter 0 or 1
 *   (what better-sqlite3 must be given) is accepted; read them with Boolean().
 * - JSON text is `json` (not jsonb): PostgreSQL checks that it is JSON and keeps the text exactly
 *   as written (jsonb reorders keys and respaces: a layer's properties would come back in another
 *   order, and its export columns with them). pg/connection.ts reads json as text, like SQLite.
 * - Geometry: the GeoJSON the app reads stays in its text column, exactly; beside it a STORED
 *   generated column `geom geometry(Geometry, 4326)` made from that text, with a GiST index, for
 *   PostGIS queries. Generated, it cannot disagree with the text; no store writes it.
 * - Photos are bytea in `photos.bytes`, as in SQLite: in the same transaction as their finding,
 *   in every backup (pg_dump), seen by every instance, behind the same access checks.
 * - Ids that SQLite numbers itself (INTEGER PRIMARY KEY, AUTOINCREMENT) are bigint identity
 *   columns BY DEFAULT (db:copy writes the SQLite numbers, then moves the sequences past them);
 *   epoch milliseconds are bigint; other integers are integer. pg/connection.ts reads bigint
 *   as a JS number.
 * - `rowid`: SQLite's hidden row number, which four stores order by (`ORDER BY rowid`: the
 *   layers, a layer's features, a decision's place among its item's, a focus place's measures),
 *   is a real column on PostgreSQL with that name (an identity, so new rows come last, as in
 *   SQLite): the stores' `ORDER BY rowid` works unchanged, and db:copy keeps SQLite's numbers, so
 *   the order the app shows is the same after a move. Only those four tables have it.
 * - COLLATE NOCASE (user names, a report source, and the queries that say `COLLATE NOCASE`) is
 *   a case-insensitive ICU collation named `nocase`: the stores' SQL works unchanged.
 */
const geoJson = (column: string) => `ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(${column})), 4326)`;
/** [lon, lat] (findings, measures), or a GeoJSON geometry (measures made before issue 11). */
const lonLatOrGeoJson = (column: string) =>
	`CASE WHEN json_typeof(${column}) = 'array' THEN ST_SetSRID(ST_MakePoint((${column}->>0)::float8, (${column}->>1)::float8), 4326) WHEN json_typeof(${column}) = 'object' THEN ${geoJson(column)} END`;
const point = `ST_SetSRID(ST_MakePoint(lon, lat), 4326)`;
const geometryColumn = (expression: string) => `geom geometry(Geometry, 4326) GENERATED ALWAYS AS (${expression}) STORED`;
/** The time as the app writes it: toISOString(). */
const now = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const changeTrigger = (name: string, table: string, values: string, when = '') => `
	CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		-- One writer of changes at a time, until it commits: a change's seq is then never
		-- visible before a smaller one (SQLite has one writer anyway). A reader resuming from
		-- Last-Event-ID can trust that nothing below the newest seq it saw is still to come.
		PERFORM pg_advisory_xact_lock(1526015);
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at) VALUES (${values});
		DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - 10000;
		RETURN NULL;
	END $$;
	CREATE TRIGGER ${name} AFTER INSERT ON ${table} FOR EACH ROW ${when} EXECUTE FUNCTION ${name}();
`;

/**
 * The rows this migration writes, as SQLite's migrations 2 and 12 do: a database holding these
 * and nothing else is empty to db:copy. (Also the one row 005-account-changes writes, the counter.)
 */
export const FIRST_ROWS: Readonly<Record<string, readonly string[]>> = {
	account_changes: ['1'],
	organisations: ['sdf-jarva', 'polis-jarva', 'fastighetsagare'],
	report_categories: ['skadegorelse', 'klotter', 'nedskrapning', 'ungdomsgrupperingar', 'narkotikahandel', 'ordningsstorning', 'hot-vald-personal', 'brand', 'inbrott-stold', 'trasig-belysning', 'otrygg-plats', 'ovrigt']
};

export const SCHEMA_MIGRATION = `
	CREATE EXTENSION IF NOT EXISTS postgis;
	CREATE COLLATION nocase (provider = icu, locale = 'sv-u-ks-level2', deterministic = false);

	CREATE TABLE organisations (
		id text PRIMARY KEY,
		name text NOT NULL UNIQUE,
		kind text NOT NULL CHECK (kind IN ('stadsdelsförvaltning', 'polis', 'fastighetsägare', 'säkerhetsföretag', 'transportföretag', 'annan')),
		created_at text NOT NULL
	);
	INSERT INTO organisations (id, name, kind, created_at) VALUES
		('sdf-jarva', 'Järva stadsdelsförvaltning', 'stadsdelsförvaltning', ${now}),
		('polis-jarva', 'Lokalpolisområde Järva', 'polis', ${now}),
		('fastighetsagare', 'Fastighetsägare i Järva', 'fastighetsägare', ${now});

	CREATE TABLE settings (
		key text PRIMARY KEY,
		value text NOT NULL
	);

	CREATE TABLE layers (
		id text PRIMARY KEY,
		title text NOT NULL,
		title_en text NOT NULL,
		kind text NOT NULL,
		year integer,
		-- the layer's geometry type ('Point', 'Polygon' …), not a geometry
		geometry text NOT NULL,
		source text NOT NULL,
		precision text NOT NULL,
		approximate boolean NOT NULL,
		editable boolean NOT NULL DEFAULT true,
		revision integer NOT NULL DEFAULT 0,
		created_at text NOT NULL,
		created_by text NOT NULL,
		owner_organisation_id text REFERENCES organisations(id),
		rowid bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL UNIQUE
	);

	CREATE TABLE features (
		layer_id text NOT NULL REFERENCES layers(id),
		id text NOT NULL,
		version integer NOT NULL,
		geometry json NOT NULL,
		properties json NOT NULL,
		deleted boolean NOT NULL DEFAULT false,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		organisation_id text REFERENCES organisations(id),
		${geometryColumn(geoJson('geometry'))},
		rowid bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL UNIQUE,
		PRIMARY KEY (layer_id, id)
	);
	CREATE INDEX features_geom ON features USING gist (geom);

	CREATE TABLE feature_history (
		seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		layer_id text NOT NULL,
		feature_id text NOT NULL,
		version integer NOT NULL,
		action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import', 'seed')),
		at text NOT NULL,
		by text NOT NULL,
		before json,
		after json
	);
	CREATE INDEX feature_history_by_feature ON feature_history (layer_id, feature_id, version);

	CREATE TABLE accounts (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		username text COLLATE nocase NOT NULL UNIQUE,
		display_name text NOT NULL,
		organisation_id text NOT NULL REFERENCES organisations(id),
		role text NOT NULL CHECK (role IN ('läsare', 'redaktör', 'admin')),
		password_hash text NOT NULL,
		disabled boolean NOT NULL DEFAULT false,
		demo boolean NOT NULL DEFAULT false,
		created_at text NOT NULL,
		last_login_at text
	);

	CREATE TABLE sessions (
		token_hash text PRIMARY KEY,
		account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
		created_ms bigint NOT NULL,
		last_seen_ms bigint NOT NULL
	);
	CREATE INDEX sessions_by_account ON sessions (account_id);

	CREATE TABLE layer_visibility (
		layer_id text NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
		organisation_id text NOT NULL REFERENCES organisations(id),
		PRIMARY KEY (layer_id, organisation_id)
	);

	CREATE TABLE layer_editors (
		layer_id text NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
		organisation_id text NOT NULL REFERENCES organisations(id),
		level text NOT NULL CHECK (level IN ('edit', 'contribute')),
		PRIMARY KEY (layer_id, organisation_id)
	);

	CREATE TABLE audit_log (
		seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		at text NOT NULL,
		account_id bigint,
		username text,
		organisation_id text,
		action text NOT NULL,
		target text,
		outcome text NOT NULL CHECK (outcome IN ('ok', 'refused')),
		ip text,
		detail json
	);
	CREATE INDEX audit_by_time ON audit_log (at);
	CREATE INDEX audit_by_action ON audit_log (action, seq);
	CREATE INDEX audit_by_username ON audit_log (username COLLATE nocase, seq);

	CREATE TABLE measures (
		id text PRIMARY KEY,
		title text NOT NULL,
		description text NOT NULL DEFAULT '',
		owner_organisation_id text NOT NULL REFERENCES organisations(id),
		due_date text NOT NULL,
		status text NOT NULL CHECK (status IN ('föreslagen', 'beslutad', 'pågår', 'klar', 'avslagen')),
		place_layer_id text,
		place_feature_id text,
		position json,
		origin_kind text CHECK (origin_kind IN ('meeting', 'inventory')),
		origin_id text,
		version integer NOT NULL,
		created_at text NOT NULL,
		created_by text NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		maker_organisation_id text REFERENCES organisations(id),
		${geometryColumn(lonLatOrGeoJson('position'))}
	);
	CREATE INDEX measures_by_status ON measures (status);
	CREATE INDEX measures_by_place ON measures (place_layer_id, place_feature_id);
	CREATE INDEX measures_geom ON measures USING gist (geom);

	CREATE TABLE measure_history (
		seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		measure_id text NOT NULL REFERENCES measures(id),
		version integer NOT NULL,
		at text NOT NULL,
		by text NOT NULL,
		before json,
		after json NOT NULL
	);

	CREATE TABLE meetings (
		id text PRIMARY KEY,
		title text NOT NULL,
		date text NOT NULL,
		participants json NOT NULL,
		organisation_ids json NOT NULL,
		version integer NOT NULL,
		created_at text NOT NULL,
		created_by text NOT NULL,
		owner_organisation_id text REFERENCES organisations(id)
	);

	CREATE TABLE agenda_items (
		id text PRIMARY KEY,
		meeting_id text NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
		position integer NOT NULL,
		kind text NOT NULL CHECK (kind IN ('feature', 'area')),
		layer_id text,
		feature_id text,
		title text NOT NULL,
		geometry json,
		notes text NOT NULL DEFAULT '',
		version integer NOT NULL,
		organisation_id text REFERENCES organisations(id),
		camera json,
		${geometryColumn(geoJson('geometry'))}
	);
	CREATE INDEX agenda_by_meeting ON agenda_items (meeting_id, position);
	CREATE INDEX agenda_items_geom ON agenda_items USING gist (geom);

	CREATE TABLE decisions (
		id text PRIMARY KEY,
		item_id text NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
		text text NOT NULL,
		measure_id text REFERENCES measures(id),
		created_at text NOT NULL,
		created_by text NOT NULL,
		rowid bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL UNIQUE
	);

	CREATE TABLE saved_views (
		id text PRIMARY KEY,
		name text NOT NULL,
		query text NOT NULL,
		shared boolean NOT NULL DEFAULT false,
		account_id bigint NOT NULL REFERENCES accounts(id),
		created_at text NOT NULL,
		version integer NOT NULL DEFAULT 1
	);

	CREATE TABLE inventories (
		id text PRIMARY KEY,
		title text NOT NULL,
		area json NOT NULL,
		starts_at text NOT NULL,
		organisation_ids json NOT NULL,
		purpose text NOT NULL DEFAULT '',
		stops json NOT NULL DEFAULT '[]',
		route json,
		version integer NOT NULL,
		created_at text NOT NULL,
		created_by text NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		owner_organisation_id text REFERENCES organisations(id),
		-- the walk's area when it is drawn ({ kind: 'polygon', geometry }); null for a district
		${geometryColumn(`CASE WHEN area->>'kind' = 'polygon' THEN ${geoJson(`area->'geometry'`)} END`)}
	);
	CREATE INDEX inventories_by_start ON inventories (starts_at);
	CREATE INDEX inventories_geom ON inventories USING gist (geom);

	CREATE TABLE findings (
		id text PRIMARY KEY,
		inventory_id text NOT NULL REFERENCES inventories(id) ON DELETE CASCADE,
		category text NOT NULL,
		severity integer NOT NULL CHECK (severity BETWEEN 1 AND 3),
		note text NOT NULL DEFAULT '',
		position json NOT NULL,
		measure_id text REFERENCES measures(id),
		place_feature_id text,
		version integer NOT NULL,
		recorded_at text NOT NULL,
		created_at text NOT NULL,
		created_by text NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		organisation_id text REFERENCES organisations(id),
		stop_id text,
		${geometryColumn(lonLatOrGeoJson('position'))}
	);
	CREATE INDEX findings_by_inventory ON findings (inventory_id);
	CREATE INDEX findings_geom ON findings USING gist (geom);

	CREATE TABLE photos (
		id text PRIMARY KEY,
		finding_id text REFERENCES findings(id) ON DELETE CASCADE,
		measure_id text REFERENCES measures(id),
		kind text NOT NULL CHECK (kind IN ('finding', 'before', 'after')),
		mime text NOT NULL,
		bytes bytea NOT NULL,
		width integer,
		height integer,
		created_at text NOT NULL,
		created_by text NOT NULL
	);
	CREATE INDEX photos_by_finding ON photos (finding_id);
	CREATE INDEX photos_by_measure ON photos (measure_id);

	CREATE TABLE object_history (
		seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		kind text NOT NULL CHECK (kind IN ('meeting', 'agenda-item', 'inventory', 'finding', 'view', 'report-summary', 'indicator', 'plan-area', 'focus-place')),
		object_id text NOT NULL,
		parent_id text,
		version integer NOT NULL,
		action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
		at text NOT NULL,
		by text NOT NULL,
		changed json NOT NULL,
		before json,
		after json
	);
	CREATE INDEX object_history_by_object ON object_history (kind, object_id, seq);

	CREATE TABLE access_tokens (
		id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		token_hash text NOT NULL UNIQUE,
		account_id bigint NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
		name text NOT NULL,
		created_at text NOT NULL,
		expires_at text NOT NULL,
		last_used_at text,
		revoked_at text
	);
	CREATE INDEX access_tokens_by_account ON access_tokens (account_id);

	CREATE TABLE report_summaries (
		year integer PRIMARY KEY,
		sections json NOT NULL,
		version integer NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL
	);

	CREATE TABLE indicators (
		id text PRIMARY KEY,
		title text NOT NULL,
		unit text NOT NULL,
		scale json,
		source text NOT NULL,
		data json NOT NULL,
		file text,
		version integer NOT NULL,
		created_at text NOT NULL,
		created_by text NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL
	);

	CREATE TABLE plan_areas (
		year integer NOT NULL,
		id text NOT NULL,
		position integer NOT NULL,
		data json NOT NULL,
		version integer NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		PRIMARY KEY (year, id)
	);

	CREATE TABLE report_categories (
		id text PRIMARY KEY,
		label text NOT NULL UNIQUE,
		position integer NOT NULL,
		active boolean NOT NULL DEFAULT true,
		created_at text NOT NULL
	);
	INSERT INTO report_categories (id, label, position, created_at) VALUES
		('skadegorelse', 'Skadegörelse', 1, ${now}),
		('klotter', 'Klotter', 2, ${now}),
		('nedskrapning', 'Nedskräpning', 3, ${now}),
		('ungdomsgrupperingar', 'Ungdomsgrupperingar', 4, ${now}),
		('narkotikahandel', 'Narkotikahandel', 5, ${now}),
		('ordningsstorning', 'Ordningsstörning', 6, ${now}),
		('hot-vald-personal', 'Hot och våld mot personal', 7, ${now}),
		('brand', 'Brand', 8, ${now}),
		('inbrott-stold', 'Inbrott och stöld', 9, ${now}),
		('trasig-belysning', 'Trasig belysning', 10, ${now}),
		('otrygg-plats', 'Otrygg plats', 11, ${now}),
		('ovrigt', 'Övrigt', 12, ${now});

	CREATE TABLE reports (
		id text PRIMARY KEY,
		category text NOT NULL REFERENCES report_categories(id),
		date text NOT NULL,
		time text,
		end_date text,
		week text NOT NULL,
		lon double precision NOT NULL,
		lat double precision NOT NULL,
		place_name text,
		district text,
		text text NOT NULL,
		organisation_id text NOT NULL REFERENCES organisations(id),
		example boolean NOT NULL DEFAULT false,
		version integer NOT NULL,
		deleted boolean NOT NULL DEFAULT false,
		created_at text NOT NULL,
		created_by text NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		source text,
		source_id text,
		${geometryColumn(point)}
	);
	CREATE INDEX reports_by_week ON reports (week, deleted);
	CREATE UNIQUE INDEX reports_by_source ON reports (organisation_id, source, source_id) WHERE source_id IS NOT NULL;
	CREATE INDEX reports_geom ON reports USING gist (geom);

	CREATE TABLE report_history (
		seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		kind text NOT NULL CHECK (kind = 'report'),
		object_id text NOT NULL,
		parent_id text,
		version integer NOT NULL,
		action text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
		at text NOT NULL,
		by text NOT NULL,
		changed json NOT NULL,
		before json,
		after json
	);
	CREATE INDEX report_history_by_object ON report_history (kind, object_id, seq);

	CREATE TABLE report_import_presets (
		organisation_id text NOT NULL REFERENCES organisations(id),
		source text COLLATE nocase NOT NULL,
		mapping json NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		PRIMARY KEY (organisation_id, source)
	);

	CREATE TABLE focus_places (
		id text PRIMARY KEY,
		week text NOT NULL,
		place_kind text NOT NULL CHECK (place_kind IN ('cell', 'point', 'feature')),
		lon double precision NOT NULL,
		lat double precision NOT NULL,
		cell_id text,
		cell_size integer,
		layer_id text,
		feature_id text,
		name text NOT NULL,
		owner_organisation_id text NOT NULL REFERENCES organisations(id),
		text text NOT NULL,
		-- deferrable: db:copy may insert a week's focus place before the one it was carried from
		carried_from text REFERENCES focus_places(id) DEFERRABLE INITIALLY IMMEDIATE,
		follow_up text CHECK (follow_up IN ('klar', 'inte-klar', 'fortsatter')),
		follow_up_note text,
		follow_up_at text,
		follow_up_by text,
		version integer NOT NULL,
		deleted boolean NOT NULL DEFAULT false,
		created_at text NOT NULL,
		created_by text NOT NULL,
		updated_at text NOT NULL,
		updated_by text NOT NULL,
		${geometryColumn(point)}
	);
	CREATE INDEX focus_places_by_week ON focus_places (week, deleted);
	CREATE INDEX focus_places_by_origin ON focus_places (carried_from);
	CREATE INDEX focus_places_geom ON focus_places USING gist (geom);

	CREATE TABLE focus_place_measures (
		focus_place_id text NOT NULL REFERENCES focus_places(id),
		measure_id text NOT NULL REFERENCES measures(id),
		made_here boolean NOT NULL DEFAULT false,
		rowid bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL UNIQUE,
		PRIMARY KEY (focus_place_id, measure_id)
	);
	CREATE INDEX focus_place_measures_by_measure ON focus_place_measures (measure_id);

	-- The live updates' change table (SQLite migration 15), filled by triggers on the histories.
	CREATE TABLE changes (
		seq bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
		kind text NOT NULL,
		layer_id text,
		parent_id text,
		object_id text NOT NULL,
		version integer NOT NULL,
		action text NOT NULL,
		at text NOT NULL
	);
	${changeTrigger('changes_from_features', 'feature_history', `'feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at`, `WHEN (NEW.action <> 'seed')`)}
	${changeTrigger('changes_from_measures', 'measure_history', `'measure', NULL, NULL, NEW.measure_id, NEW.version, CASE WHEN NEW.before IS NULL THEN 'create' ELSE 'update' END, NEW.at`)}
	${changeTrigger('changes_from_objects', 'object_history', `NEW.kind, NULL, NEW.parent_id, NEW.object_id, NEW.version, NEW.action, NEW.at`, `WHEN (NEW.kind IN ('meeting', 'agenda-item', 'inventory', 'finding'))`)}
	${changeTrigger('changes_from_reports', 'report_history', `'report', NULL, NULL, NEW.object_id, NEW.version, NEW.action, NEW.at`)}
`;
