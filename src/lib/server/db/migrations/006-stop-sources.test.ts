import type { MultiPolygon, Polygon } from 'geojson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../../auth/access';
import { LayerView } from '../../layer-view';
import { tempServices } from '../../testing/temp-service';
import { migrate, openDatabase } from '../database';
import { linkStopsToTheirObjects } from './006-stop-sources';
import { MIGRATIONS } from './index';

/**
 * Migration 6 on a store with a walk planned before stops kept their source: each stop named after
 * a drug scene or insecure place, and lying at it, is linked to it – at start, by `openDatabase`,
 * never by a store's first call.
 */
let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

const SCENE = { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };
const LEGACY_STOPS = [
	{ id: 'a', name: 'Nordkapsgatan, Husby (2023)', position: [17.9317, 59.4066] },
	// Added by a click near the scene: named after it, a little off its middle.
	{ id: 'b', name: 'Nordkapsgatan, Husby (2023)', position: [17.932, 59.4068] },
	{ id: 'c', name: 'Husby centrum', position: [17.926, 59.41] },
	// The same name far away is not that scene.
	{ id: 'd', name: 'Nordkapsgatan, Husby (2023)', position: [17.94, 59.4] }
];

async function walkWithLegacyStops(): Promise<string> {
	const viewer: Viewer = { id: 1, username: 'sdf', displayName: 'Test', role: 'redaktör', organisation: { id: 'sdf-jarva', name: 'sdf-jarva', kind: 'annan' } };
	const layers = new LayerView(services.layers, services.accounts, viewer);
	const husby = services.layers.features('stadsdelar').features.find((f) => f.properties?.name === 'Husby')!.geometry as Polygon | MultiPolygon;
	const { id } = await services.inventories.create(
		{ title: 'Kvällsvandring', area: { kind: 'district', name: 'Husby' }, startsAt: '2025-05-14T16:30:00.000Z', organisationIds: ['sdf-jarva'], purpose: '' },
		() => husby,
		layers
	);
	services.db.prepare('UPDATE inventories SET stops = ? WHERE id = ?').run(JSON.stringify(LEGACY_STOPS), id);
	return id;
}

const storedStops = (id: string) =>
	JSON.parse((services.db.prepare('SELECT stops FROM inventories WHERE id = ?').get(id) as { stops: string }).stops) as { id: string; source?: unknown }[];

describe('migration 6: stop sources', () => {
	it('links the stops named after an object and lying at it, and only those', async () => {
		const id = await walkWithLegacyStops();
		expect(linkStopsToTheirObjects(services.db)).toBe(2);
		expect(storedStops(id).map((s) => [s.id, s.source ?? null])).toEqual([
			['a', SCENE],
			['b', SCENE],
			['c', null],
			['d', null]
		]);
		expect(linkStopsToTheirObjects(services.db)).toBe(0);
	});

	it('runs when a store at schema version 5 is opened, before any store is built', async () => {
		const id = await walkWithLegacyStops();
		services.db.pragma('user_version = 5');
		// What migrations after 6 added, taken away again so they can run (a store at version 5 had none of it).
		services.db.exec('ALTER TABLE findings DROP COLUMN stop_id');
		services.db.exec('ALTER TABLE agenda_items DROP COLUMN camera');
		services.db.exec('DROP TABLE focus_place_measures; DROP TABLE focus_places; DROP TABLE report_import_presets; DROP TABLE access_tokens; DROP TABLE report_summaries; DROP TABLE indicators; DROP TABLE plan_areas; DROP TABLE report_history; DROP TABLE reports; DROP TABLE report_categories');
		services.db.exec('DROP TRIGGER changes_from_features; DROP TRIGGER changes_from_measures; DROP TRIGGER changes_from_objects; DROP TABLE changes');
		services.db.exec('DROP TABLE login_throttle');
		for (const name of services.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'account_changes_%'").pluck().all() as string[]) services.db.exec(`DROP TRIGGER ${name}`);
		services.db.exec('DROP TABLE account_changes');
		services.db.exec('DROP TRIGGER changes_from_imports; DROP TABLE layer_imports');
		services.db.close();
		const reopened = openDatabase(services.dir);
		try {
			expect(reopened.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
			const stops = JSON.parse((reopened.prepare('SELECT stops FROM inventories WHERE id = ?').get(id) as { stops: string }).stops) as { source?: unknown }[];
			expect(stops.filter((s) => s.source)).toHaveLength(2);
			expect(migrate(reopened)).toBe(MIGRATIONS.length);
		} finally {
			reopened.close();
		}
	});
});
