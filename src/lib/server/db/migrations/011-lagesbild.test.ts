import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../database';
import { tempServices } from '../../testing/temp-service';
import { MIGRATIONS } from './index';

let services: Awaited<ReturnType<typeof tempServices>> | undefined;
afterEach(() => services?.close());

describe('migration 11: the lägesbild’s tables', () => {
	it('rebuilds object_history with every row kept and the new kinds allowed', async () => {
		services = await tempServices();
		const insert = "INSERT INTO object_history (kind, object_id, version, action, at, by, changed, before, after) VALUES (?, 'x', 1, 'create', '2025-01-01', 'A', '[]', NULL, '{}')";
		services.db.prepare(insert).run('meeting');
		services.db.prepare(insert).run('view');
		const before = services.db.prepare('SELECT * FROM object_history ORDER BY seq').all();
		// back to a store at version 10 (migration 10: access tokens, kept)
		services.db.pragma('user_version = 10');
		services.db.exec('DROP TABLE focus_place_measures; DROP TABLE focus_places; DROP TABLE report_import_presets; DROP TABLE report_summaries; DROP TABLE indicators; DROP TABLE plan_areas; DROP TABLE report_history; DROP TABLE reports; DROP TABLE report_categories');
		services.db.exec('DROP TRIGGER changes_from_features; DROP TRIGGER changes_from_measures; DROP TRIGGER changes_from_objects; DROP TABLE changes');
		services.db.exec('DROP TABLE login_throttle');
		for (const name of services.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'account_changes_%'").pluck().all() as string[]) services.db.exec(`DROP TRIGGER ${name}`);
		services.db.exec('DROP TABLE account_changes');
		services.db.exec('DROP TRIGGER changes_from_imports; DROP TABLE layer_imports');
		services.db.close();
		const reopened = openDatabase(services.dir);
		try {
			expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
			expect(reopened.prepare('SELECT * FROM object_history ORDER BY seq').all()).toEqual(before);
			for (const kind of ['report-summary', 'indicator', 'plan-area']) expect(() => reopened.prepare(insert).run(kind)).not.toThrow();
			expect(() => reopened.prepare(insert).run('something-else')).toThrow(/CHECK/);
			expect(reopened.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'object_history_by_object'").get()).toEqual({ n: 1 });
		} finally {
			reopened.close();
		}
	});
});
