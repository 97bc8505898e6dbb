/**
 * Checks one geometry a user drew or sent: numbers that are finite and in WGS84 range, rings that
 * are closed with at least four positions and do not cross themselves. Returns the first problem
 * in Swedish, naming the bad value, or null.
 */
import type { Geometry, Position } from 'geojson';
import { findRingFault, type XY } from './import/self-intersections';

function positionProblem(p: Position): string | null {
	if (!Array.isArray(p) || p.length < 2) return `koordinaten ${JSON.stringify(p)} ska vara [lon, lat]`;
	const [lon, lat] = p;
	if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
		return `koordinaten ${JSON.stringify(p)} är inte två tal`;
	}
	if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return `koordinaten [${lon}, ${lat}] ligger utanför WGS84 (lon ±180, lat ±90)`;
	return null;
}

function ringProblem(ring: Position[]): string | null {
	if (!Array.isArray(ring) || ring.length < 4) return `en ring har ${ring?.length ?? 0} punkter; minst 4 (första = sista) behövs`;
	for (const p of ring) {
		const problem = positionProblem(p);
		if (problem) return problem;
	}
	const [first, last] = [ring[0]!, ring[ring.length - 1]!];
	if (first[0] !== last[0] || first[1] !== last[1]) return `en ring är inte sluten: ${JSON.stringify(first)} ≠ ${JSON.stringify(last)}`;
	return null;
}

function polygonProblem(rings: Position[][]): string | null {
	if (!Array.isArray(rings) || rings.length === 0) return 'en polygon saknar ringar';
	for (const ring of rings) {
		const problem = ringProblem(ring);
		if (problem) return problem;
	}
	// The importer's check (indexed, near O(n log n)): turf's kinks is O(n²), hours for a large ring.
	const fault = findRingFault(rings as unknown as XY[][]);
	if (!fault) return null;
	const at = JSON.stringify(fault.at.map((c) => Number(c.toFixed(6))));
	if (fault.kind === 'rings-cross') return `polygonens ringar korsar varandra vid ${at}`;
	if (fault.kind === 'spike') return `polygonen går fram och tillbaka längs samma linje vid ${at}`;
	return `polygonen korsar sig själv vid ${at}`;
}

export function validateGeometry(geometry: Geometry): string | null {
	const lines = (coordinates: Position[]) => {
		if (!Array.isArray(coordinates) || coordinates.length < 2) return 'en linje behöver minst två punkter';
		for (const p of coordinates) {
			const problem = positionProblem(p);
			if (problem) return problem;
		}
		return null;
	};
	const problem = (() => {
		switch (geometry?.type) {
			case 'Point':
				return positionProblem(geometry.coordinates);
			case 'MultiPoint':
				return geometry.coordinates.map(positionProblem).find(Boolean) ?? null;
			case 'LineString':
				return lines(geometry.coordinates);
			case 'MultiLineString':
				return geometry.coordinates.map(lines).find(Boolean) ?? null;
			case 'Polygon':
				return polygonProblem(geometry.coordinates);
			case 'MultiPolygon':
				return geometry.coordinates.map(polygonProblem).find(Boolean) ?? null;
			default:
				return `geometritypen ${JSON.stringify((geometry as { type?: unknown })?.type)} stöds inte`;
		}
	})();
	return problem && `Geometrin: ${problem}.`;
}
