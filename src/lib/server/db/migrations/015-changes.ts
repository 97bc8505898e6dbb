/**
 * Migration 15: the change table behind the live updates (issue 15, `GET /api/events`). Every
 * version a store records – a feature's (feature_history), a measure's (measure_history), a
 * meeting's, agenda item's, walk's or finding's (object_history) and a report's (report_history) –
 * appends one row here, written by a trigger on the history table, so it is always in the same
 * transaction as the change itself: a change that commits has its row, one that rolls back has
 * none, and no store can forget to write it. Saved views (an account's own), the yearly
 * lägesbild's texts and the seeding of the geodata are not sent live.
 *
 * The row names what changed – never who, nor any content: kind, the layer (features) or the
 * parent (the meeting of an agenda item, the walk of a finding), the object's id, its version,
 * the action and the time. `seq` is the event id a browser resumes from (`Last-Event-ID`).
 *
 * Bounded: each insert deletes the rows more than CHANGES_KEPT (10 000) behind it, one range
 * delete on the primary key. A browser that was away for longer than that many changes gets a
 * `reset` and reloads what it shows. Self-contained SQL: never edit after shipping.
 */
export const CHANGES_KEPT = 10_000;

const keep = `DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ${CHANGES_KEPT};`;

export const CHANGES_MIGRATION = `
	CREATE TABLE changes (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		-- 'feature', 'measure', 'meeting', 'agenda-item', 'inventory', 'finding', 'report'
		kind TEXT NOT NULL,
		-- the layer of a feature; null otherwise
		layer_id TEXT,
		-- the meeting of an agenda item, the walk of a finding; null otherwise
		parent_id TEXT,
		object_id TEXT NOT NULL,
		version INTEGER NOT NULL,
		action TEXT NOT NULL,
		at TEXT NOT NULL
	) STRICT;

	CREATE TRIGGER changes_from_features AFTER INSERT ON feature_history WHEN NEW.action <> 'seed' BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES ('feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at);
		${keep}
	END;

	CREATE TRIGGER changes_from_measures AFTER INSERT ON measure_history BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES ('measure', NULL, NULL, NEW.measure_id, NEW.version, CASE WHEN NEW.before IS NULL THEN 'create' ELSE 'update' END, NEW.at);
		${keep}
	END;

	CREATE TRIGGER changes_from_objects AFTER INSERT ON object_history
		WHEN NEW.kind IN ('meeting', 'agenda-item', 'inventory', 'finding') BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES (NEW.kind, NULL, NEW.parent_id, NEW.object_id, NEW.version, NEW.action, NEW.at);
		${keep}
	END;

	CREATE TRIGGER changes_from_reports AFTER INSERT ON report_history BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES ('report', NULL, NULL, NEW.object_id, NEW.version, NEW.action, NEW.at);
		${keep}
	END;
`;
