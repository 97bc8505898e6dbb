/**
 * Migration 6 (data): a walk's stop taken from an object on a layer keeps a reference to it
 * (`source: { layerId, featureId }`), so it is hidden from a viewer who may not see that layer.
 * Stops stored before they kept one are linked here to the drug scene or insecure place they were
 * named after ("Nordkapsgatan, Husby (2023)") when they lie at it (inside its area, or within 60 m
 * of a point or of its middle). Until issue 14 this ran at every start, from the inventory store's
 * first use; it is a migration like any other now: once, at start, before any store is built.
 *
 * Frozen as it shipped: it reads the tables of schema version 5 and carries its own geometry tests
 * rather than importing the app's or Turf (which may change, and take seconds to load in the
 * backup and restore scripts). No imports but types.
 */
import type { Feature, Geometry, Position } from 'geojson';
import type Database from 'better-sqlite3';

/** The connection (db/database.ts names it Db; imported from there it would be a cycle). */
type Db = Database.Database;

type LonLat = [number, number];

interface Candidate {
	label: string;
	source: { layerId: string; featureId: string };
	near: (position: LonLat) => boolean;
}

const EARTH_RADIUS = 6_371_008.8;
const RAD = Math.PI / 180;

function metres(a: LonLat, b: LonLat): number {
	const h = Math.sin(((b[1] - a[1]) * RAD) / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(((b[0] - a[0]) * RAD) / 2) ** 2;
	return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Even-odd ray casting over every ring (holes included): inside a polygon's area. */
function inside(position: LonLat, polygons: Position[][][]): boolean {
	let crossings = 0;
	for (const ring of polygons.flat()) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [xi, yi] = ring[i] as LonLat;
			const [xj, yj] = ring[j] as LonLat;
			if (yi > position[1] !== yj > position[1] && position[0] < ((xj - xi) * (position[1] - yi)) / (yj - yi) + xi) crossings++;
		}
	}
	return crossings % 2 === 1;
}

/** "At the object": inside its area, or within 60 m of a point or of the middle of its bounds. */
function nearTo(geometry: Geometry): (position: LonLat) => boolean {
	if (geometry.type === 'Point') return (position) => metres(position, geometry.coordinates as LonLat) <= 60;
	if (geometry.type === 'Polygon' || geometry.type === 'MultiPolygon') {
		const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
		const points = polygons.flat(2);
		const xs = points.map((p) => p[0]!);
		const ys = points.map((p) => p[1]!);
		const middle: LonLat = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
		return (position) => inside(position, polygons) || metres(position, middle) <= 60;
	}
	return () => false;
}

function candidates(db: Db): Candidate[] {
	const rows = db
		.prepare(
			`SELECT l.id AS layer_id, l.kind, l.year, f.geometry, f.properties FROM features f JOIN layers l ON l.id = f.layer_id
			 WHERE f.deleted = 0 AND l.kind IN ('drug-scene', 'insecure-place') ORDER BY l.rowid, f.rowid`
		)
		.all() as { layer_id: string; kind: string; year: number | null; geometry: string; properties: string }[];
	return rows.flatMap((row) => {
		const properties = JSON.parse(row.properties) as Feature['properties'] & object;
		const name = properties.name;
		const featureId = properties.id;
		if (typeof name !== 'string' || (typeof featureId !== 'string' && typeof featureId !== 'number')) return [];
		const label = row.kind === 'drug-scene' ? `${name} (${properties.year ?? row.year ?? ''})` : name;
		return [{ label, source: { layerId: row.layer_id, featureId: String(featureId) }, near: nearTo(JSON.parse(row.geometry) as Geometry) }];
	});
}

/** Links the stops it can; returns how many (the migration's caller runs it in a transaction). */
export function linkStopsToTheirObjects(db: Db): number {
	const walks = db.prepare(`SELECT id, stops FROM inventories WHERE stops != '[]'`).all() as { id: string; stops: string }[];
	if (walks.length === 0) return 0;
	const known = candidates(db);
	const update = db.prepare('UPDATE inventories SET stops = ? WHERE id = ?');
	let linked = 0;
	for (const walk of walks) {
		let changed = false;
		const stops = (JSON.parse(walk.stops) as { name: string; position: LonLat; source?: unknown }[]).map((stop) => {
			if (stop.source) return stop;
			const match = known.find((c) => c.label === stop.name && c.near(stop.position));
			if (!match) return stop;
			changed = true;
			linked++;
			return { ...stop, source: match.source };
		});
		// The stops read the same to those who see them all, so the walk's version stays.
		if (changed) update.run(JSON.stringify(stops), walk.id);
	}
	return linked;
}
