/**
 * PostgreSQL's side of SQLite's migration 20: an import is one change in the live updates. The
 * table `layer_imports` (a row only inside an import's transaction) and the trigger
 * `changes_from_imports` on its deletion, as on SQLite; the feature trigger's function (003's,
 * with the NOTIFY) skips a layer with such a row (PostgreSQL allows no subquery in a trigger's
 * WHEN, so the test is in the function).
 */
import { CHANGES_CHANNEL } from './003-change-notify';

const record = (values: string) => `
		PERFORM pg_advisory_xact_lock(1526015);
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at) VALUES (${values}) RETURNING seq INTO new_seq;
		DELETE FROM changes WHERE seq <= new_seq - 10000;
		PERFORM pg_notify('${CHANGES_CHANNEL}', new_seq::text);
		RETURN NULL;`;

export const IMPORT_CHANGES_MIGRATION = `
	CREATE TABLE layer_imports (
		layer_id text NOT NULL PRIMARY KEY,
		at text NOT NULL
	);

	CREATE OR REPLACE FUNCTION changes_from_features() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		new_seq bigint;
	BEGIN
		IF EXISTS (SELECT 1 FROM layer_imports WHERE layer_id = NEW.layer_id) THEN
			RETURN NULL;
		END IF;
		${record(`'feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at`)}
	END $$;

	CREATE FUNCTION changes_from_imports() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		new_seq bigint;
	BEGIN
		${record(`'feature', OLD.layer_id, NULL, OLD.layer_id, (SELECT revision FROM layers WHERE id = OLD.layer_id), 'import', OLD.at`)}
	END $$;
	CREATE TRIGGER changes_from_imports AFTER DELETE ON layer_imports FOR EACH ROW EXECUTE FUNCTION changes_from_imports();
`;
