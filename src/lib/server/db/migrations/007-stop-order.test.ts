import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../../testing/temp-service';
import { orderStopsByRoute } from './007-stop-order';

/**
 * Migration 7 on walks planned while the optimiser numbered the stops: each walk's stops are put in
 * its stored route's order (new and bare-plan routes alike), so a printed sheet keeps its numbers.
 */
let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => (services = await tempServices()));
afterEach(() => services.close());

const STOPS = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, name: id.toUpperCase(), position: [17.92 + i / 1000, 59.41] }));

function walk(route: unknown): string {
	const id = `walk-${Math.random()}`;
	const at = '2025-05-14T16:30:00.000Z';
	services.db
		.prepare(
			`INSERT INTO inventories (id, title, area, starts_at, organisation_ids, purpose, stops, route, version, created_at, created_by, updated_at, updated_by, owner_organisation_id)
			 VALUES (?, 'Vandring', '{}', ?, '["sdf-jarva"]', '', ?, ?, 1, ?, 't', ?, 't', 'sdf-jarva')`
		)
		.run(id, at, JSON.stringify(STOPS), route === null ? null : JSON.stringify(route), at, at);
	return id;
}
const order = (id: string) => (JSON.parse((services.db.prepare('SELECT stops FROM inventories WHERE id = ?').get(id) as { stops: string }).stops) as { id: string }[]).map((s) => s.id);

describe('migration 7: stops in their route’s order', () => {
	it('orders by the stored plan, stops the route did not reach last; walks without a route stay as they are', () => {
		const planned = walk({ avoidSteps: false, plan: { order: ['a', 'c', 'b'] } });
		const bare = walk({ order: ['d', 'a', 'b', 'c'] });
		const none = walk(null);
		const empty = walk({ avoidSteps: false, plan: null });
		orderStopsByRoute(services.db);
		expect(order(planned)).toEqual(['a', 'c', 'b', 'd']);
		expect(order(bare)).toEqual(['d', 'a', 'b', 'c']);
		expect(order(none)).toEqual(['a', 'b', 'c', 'd']);
		expect(order(empty)).toEqual(['a', 'b', 'c', 'd']);
		// Once ordered, running again changes nothing.
		orderStopsByRoute(services.db);
		expect(order(planned)).toEqual(['a', 'c', 'b', 'd']);
	});
});
