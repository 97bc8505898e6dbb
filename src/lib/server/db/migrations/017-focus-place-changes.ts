/**
 * Migration 17: the weekly meeting's focus places join the live updates (issue 15). Their versions
 * are in object_history (kind 'focus-place', parent: the week, migration 14); the trigger of
 * migration 15 only sent meetings, agenda items, walks and findings from that table. Recreated
 * with 'focus-place' added: a focus place set, changed, followed up or removed reaches the week
 * page of those who may see it (live/visibility.ts: canSeeFocusPlace) within a second.
 * Self-contained SQL: never edit after shipping.
 */
import { CHANGES_KEPT } from './015-changes';

export const FOCUS_PLACE_CHANGES_MIGRATION = `
	DROP TRIGGER changes_from_objects;
	CREATE TRIGGER changes_from_objects AFTER INSERT ON object_history
		WHEN NEW.kind IN ('meeting', 'agenda-item', 'inventory', 'finding', 'focus-place') BEGIN
		INSERT INTO changes (kind, layer_id, parent_id, object_id, version, action, at)
			VALUES (NEW.kind, NULL, NEW.parent_id, NEW.object_id, NEW.version, NEW.action, NEW.at);
		DELETE FROM changes WHERE seq <= (SELECT MAX(seq) FROM changes) - ${CHANGES_KEPT};
	END;
`;
