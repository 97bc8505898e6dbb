/**
 * Migration 7 (data): a walk's stops are numbered by their place in the list (the planner orders
 * them by hand; the optimiser is a button), not by the order the route found. Walks planned before
 * keep the numbers their field sheets were printed with: their stops are put in the stored route's
 * order (stops the route did not reach – added since, or a route never planned – keep their order
 * after them). Frozen as it shipped: reads the tables of schema version 6, no imports but types.
 */
import type Database from 'better-sqlite3';

/** The connection (db/database.ts names it Db; imported from there it would be a cycle). */
type Db = Database.Database;

interface StopLike {
	id: string;
}

export function orderStopsByRoute(db: Db): void {
	const rows = db.prepare('SELECT id, stops, route FROM inventories').all() as { id: string; stops: string; route: string | null }[];
	const update = db.prepare('UPDATE inventories SET stops = ? WHERE id = ?');
	for (const row of rows) {
		if (!row.route) continue;
		const route = JSON.parse(row.route) as { plan?: { order?: unknown } | null; order?: unknown };
		// { avoidSteps, plan } since routes were walked on the network; a bare plan before.
		const order = route.plan?.order ?? route.order;
		if (!Array.isArray(order)) continue;
		const stops = JSON.parse(row.stops) as StopLike[];
		const byId = new Map(stops.map((stop) => [stop.id, stop]));
		const ordered = order.flatMap((id) => (typeof id === 'string' && byId.has(id) ? [byId.get(id)!] : []));
		for (const stop of stops) if (!ordered.includes(stop)) ordered.push(stop);
		if (ordered.some((stop, i) => stop !== stops[i])) update.run(JSON.stringify(ordered), row.id);
	}
}
