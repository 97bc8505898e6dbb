import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database';
import { tempServices } from '../../testing/temp-service';
import { MIGRATIONS } from './index';

let services: Awaited<ReturnType<typeof tempServices>> | undefined;
afterEach(() => services?.close());

describe('migration 14: the weekly meeting’s focus places', () => {
	it('rebuilds object_history with every row kept and the kind focus-place allowed, and adds the focus-place tables', async () => {
		services = await tempServices();
		const insert = "INSERT INTO object_history (kind, object_id, version, action, at, by, changed, before, after) VALUES (?, 'x', 1, 'create', '2025-01-01', 'A', '[]', NULL, '{}')";
		services.db.prepare(insert).run('meeting');
		services.db.prepare(insert).run('plan-area');
		const before = services.db.prepare('SELECT * FROM object_history ORDER BY seq').all();
		// back to the store before migration 14 (the one before it in the list)
		const index = MIGRATIONS.findIndex((m) => typeof m === 'string' && m.includes('CREATE TABLE focus_places'));
		expect(index).toBeGreaterThan(10);
		services.db.pragma(`user_version = ${index}`);
		services.db.exec('DROP TABLE focus_place_measures; DROP TABLE focus_places');
		// and what later migrations made (15: the change table and its triggers)
		services.db.exec('DROP TRIGGER changes_from_features; DROP TRIGGER changes_from_measures; DROP TRIGGER changes_from_objects; DROP TRIGGER changes_from_reports; DROP TABLE changes');
		services.db.exec('DROP TABLE login_throttle');
		for (const name of services.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'account_changes_%'").pluck().all() as string[]) services.db.exec(`DROP TRIGGER ${name}`);
		services.db.exec('DROP TABLE account_changes');
		services.db.exec('DROP TRIGGER changes_from_imports; DROP TABLE layer_imports');
		services.db.close();
		const reopened = openDatabase(services.dir);
		try {
			expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
			expect(reopened.prepare('SELECT * FROM object_history ORDER BY seq').all()).toEqual(before);
			expect(() => reopened.prepare(insert).run('focus-place')).not.toThrow();
			expect(() => reopened.prepare(insert).run('something-else')).toThrow(/CHECK/);
			expect(reopened.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN ('focus_places', 'focus_place_measures', 'object_history_by_object')").get()).toEqual({ n: 3 });
			expect(() =>
				reopened.prepare("INSERT INTO focus_places (id, week, place_kind, lon, lat, name, owner_organisation_id, text, follow_up, version, created_at, created_by, updated_at, updated_by) VALUES ('f', '2026-W49', 'point', 17.9, 59.4, 'P', 'sdf-jarva', 'T', 'kanske', 1, 'a', 'b', 'a', 'b')").run()
			).toThrow(/CHECK/);
		} finally {
			reopened.close();
		}
	});
});
