/**
 * Migration 20: an import is one change in the live updates, not one per object (issue 14 item 6).
 * Until now every history row of an import wrote a change row (and pruned one): 10 000 objects
 * were 10 000 events to every open map – more than the table keeps, so each browser got a `reset`
 * and reloaded every layer – and a third of the import's rows.
 *
 * `layer_imports` holds a row only inside an import's transaction (FeatureStore.importFeatures
 * adds it before the objects and deletes it after them): while it is there the feature trigger
 * records nothing for that layer, and its deletion records one change – kind 'feature', the layer,
 * object id = the layer's id, version = the layer's new revision, action 'import' – through the
 * trigger `changes_from_imports`. A browser reloads that layer once (live/live-events.ts).
 * A rolled-back import leaves neither. A seed still records nothing.
 * PostgreSQL's side is pg/migrations/006-import-changes.ts (same table and trigger names).
 * Self-contained SQL: never edit after shipping.
 */
import { CHANGES_KEPT } from './015-changes';

export const IMPORT_CHANGES_MIGRATION = `
	CREATE TABLE layer_imports (
		layer_id TEXT NOT NULL PRIMARY KEY,
		-- the import's time: the change's
		at TEXT NOT NULL
	) STRICT;

	DROP TRIGGER changes_from_features;
	CREATE TRIGGER changes_from_features AFTER INSERT ON feature_history
		WHEN NEW.action <> 'seed' AND NOT EXISTS (SELECT 1 FROM layer_imports WHERE layer_id = NEW.layer_id) BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES ('feature', NEW.layer_id, NULL, NEW.feature_id, NEW.version, NEW.action, NEW.at);
		DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ${CHANGES_KEPT};
	END;

	CREATE TRIGGER changes_from_imports AFTER DELETE ON layer_imports BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES ('feature', OLD.layer_id, NULL, OLD.layer_id, (SELECT revision FROM layers WHERE id = OLD.layer_id), 'import', OLD.at);
		DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ${CHANGES_KEPT};
	END;
`;
