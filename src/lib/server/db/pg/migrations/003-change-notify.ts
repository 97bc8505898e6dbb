/**
 * The live updates across instances (issue 15): each change row NOTIFYs the channel
 * `lageskarta_changes` with its seq, so every instance's PgChangeBus (live/pg-change-bus.ts) wakes
 * as soon as a change commits. PostgreSQL delivers a NOTIFY only when its transaction commits (a
 * rolled-back change wakes nobody), in commit order; the advisory lock of 001 keeps commit order
 * and seq order the same.
 *
 * The four trigger functions of 001 are replaced (CREATE OR REPLACE FUNCTION) with the same body
 * plus the NOTIFY: the triggers themselves, and so their names (which pg/schema.test.ts compares
 * with SQLite's), stay as they are.
 */
export const CHANGES_CHANNEL = 'lageskarta_changes';

const notifyingTrigger = (name: string, values: string) => `
	CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
	DECLARE
		new_seq bigint;
	BEGIN
		PERFORM pg_advisory_xact_lock(1526015);
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at) VALUES (${values}) RETURNING seq INTO new_seq;
		DELETE FROM changes WHERE seq <= new_seq - 10000;
		PERFORM pg_notify('${CHANGES_CHANNEL}', new_seq::text);
		RETURN NULL;
	END $$;
`;

export const CHANGE_NOTIFY_MIGRATION = `
	${notifyingTrigger('changes_from_features', `'feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at`)}
	${notifyingTrigger('changes_from_measures', `'measure', NULL, NULL, NEW.measure_id, NEW.version, CASE WHEN NEW.before IS NULL THEN 'create' ELSE 'update' END, NEW.at`)}
	${notifyingTrigger('changes_from_objects', `NEW.kind, NULL, NEW.parent_id, NEW.object_id, NEW.version, NEW.action, NEW.at`)}
	${notifyingTrigger('changes_from_reports', `'report', NULL, NULL, NEW.object_id, NEW.version, NEW.action, NEW.at`)}
`;
