/**
 * Checks one geometry a user drew or sent: numbers that are finite and in WGS84 range, rings that
 * are closed with at least four positions and do not cross themselves. Returns the first problem
 * in Swedish, naming the bad value, or null. Takes anything (`unknown`): it is the one check at
 * the boundary for every endpoint that accepts geometry, so `coordinates: null`, a number where a
 * list belongs or an unknown type must come back as a message, never as a TypeError.
 */
import type { Geometry, Position } from 'geojson';
import * as v from 'valibot';
import { findRingFault, type XY } from './import/self-intersections';

export type GeometryType = Geometry['type'];

/** The value as it was sent, shortened, for a message. */
function shown(value: unknown): string {
	const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
	return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function positionProblem(p: unknown): string | null {
	if (!Array.isArray(p) || p.length < 2) return `koordinaten ${shown(p)} ska vara [lon, lat]`;
	const [lon, lat] = p as unknown[];
	if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
		return `koordinaten ${shown(p)} är inte två tal`;
	}
	if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return `koordinaten [${lon}, ${lat}] ligger utanför WGS84 (lon ±180, lat ±90)`;
	return null;
}

function positionsProblem(list: unknown, what: string, min: number): string | null {
	if (!Array.isArray(list)) return `${what} ska vara en lista med koordinater, inte ${shown(list)}`;
	if (list.length < min) return `${what} har ${list.length} punkter; minst ${min} behövs`;
	for (const p of list) {
		const problem = positionProblem(p);
		if (problem) return problem;
	}
	return null;
}

function ringProblem(ring: unknown): string | null {
	const problem = positionsProblem(ring, 'en ring', 4);
	if (problem) return problem.replace('minst 4 behövs', 'minst 4 (första = sista) behövs');
	const positions = ring as Position[];
	const [first, last] = [positions[0]!, positions[positions.length - 1]!];
	if (first[0] !== last[0] || first[1] !== last[1]) return `en ring är inte sluten: ${JSON.stringify(first)} ≠ ${JSON.stringify(last)}`;
	return null;
}

function polygonProblem(rings: unknown): string | null {
	if (!Array.isArray(rings)) return `en polygon ska vara en lista med ringar, inte ${shown(rings)}`;
	if (rings.length === 0) return 'en polygon saknar ringar';
	for (const ring of rings) {
		const problem = ringProblem(ring);
		if (problem) return problem;
	}
	// The importer's check (indexed, near O(n log n)): turf's kinks is O(n²), hours for a large ring.
	const fault = findRingFault(rings as XY[][]);
	if (!fault) return null;
	const at = JSON.stringify(fault.at.map((c) => Number(c.toFixed(6))));
	if (fault.kind === 'rings-cross') return `polygonens ringar korsar varandra vid ${at}`;
	if (fault.kind === 'spike') return `polygonen går fram och tillbaka längs samma linje vid ${at}`;
	return `polygonen korsar sig själv vid ${at}`;
}

/** Each part of a Multi* geometry, checked by `part`. */
function partsProblem(parts: unknown, part: (p: unknown) => string | null): string | null {
	if (!Array.isArray(parts)) return `coordinates ska vara en lista, inte ${shown(parts)}`;
	if (parts.length === 0) return 'geometrin har inga delar';
	for (const p of parts) {
		const problem = part(p);
		if (problem) return problem;
	}
	return null;
}

const line = (coordinates: unknown) => positionsProblem(coordinates, 'en linje', 2);

const CHECKS: Partial<Record<GeometryType, (coordinates: unknown) => string | null>> = {
	Point: positionProblem,
	MultiPoint: (c) => partsProblem(c, positionProblem),
	LineString: line,
	MultiLineString: (c) => partsProblem(c, line),
	Polygon: polygonProblem,
	MultiPolygon: (c) => partsProblem(c, polygonProblem)
};

/**
 * The first problem with `geometry` as a sentence ("Geometrin: …."), or null when it is valid and
 * of one of the `allowed` types (default: any but GeometryCollection).
 *
 * @example
 * validateGeometry({ type: 'Point', coordinates: null }); // "Geometrin: koordinaten null ska vara [lon, lat]."
 * validateGeometry({ type: 'Point', coordinates: [17.9, 59.4] }, ['Polygon']); // "Geometrin: … ska vara Polygon, inte Point."
 */
export function validateGeometry(geometry: unknown, allowed?: readonly GeometryType[]): string | null {
	const problem = (() => {
		if (!geometry || typeof geometry !== 'object' || Array.isArray(geometry)) {
			return `ska vara ett GeoJSON-objekt med "type" och "coordinates", inte ${shown(geometry)}`;
		}
		const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
		const check = typeof type === 'string' ? CHECKS[type as GeometryType] : undefined;
		if (!check) return `geometritypen ${shown(type)} stöds inte`;
		if (allowed && !allowed.includes(type as GeometryType)) return `typen ska vara ${allowed.join(' eller ')}, inte ${type}`;
		return check(coordinates);
	})();
	return problem && `Geometrin: ${problem}.`;
}

/**
 * A valibot schema for a geometry of the `allowed` types, checked by validateGeometry: for the
 * endpoints that read geometry inside a larger body (WDQ, walks, meetings).
 *
 * @example
 * v.parse(v.object({ area: geometrySchema(['Polygon']) }), body);
 */
export function geometrySchema<T extends Geometry>(allowed: readonly T['type'][]) {
	return v.custom<T>(
		(input) => validateGeometry(input, allowed) === null,
		(issue) => (validateGeometry(issue.input, allowed) ?? 'Ogiltig geometri').replace(/\.$/, '')
	);
}
