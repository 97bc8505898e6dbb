/**
 * PostgreSQL's side of SQLite's migration 17: the weekly meeting's focus places join the live
 * updates. The trigger function of 001 stays; only its WHEN widens to 'focus-place'.
 */
export const FOCUS_PLACE_CHANGES_MIGRATION = `
	DROP TRIGGER changes_from_objects ON object_history;
	CREATE TRIGGER changes_from_objects AFTER INSERT ON object_history FOR EACH ROW
		WHEN (NEW.kind IN ('meeting', 'agenda-item', 'inventory', 'finding', 'focus-place')) EXECUTE FUNCTION changes_from_objects();
`;
