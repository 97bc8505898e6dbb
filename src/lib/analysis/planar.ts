/**
 * Exact geometry on polygons already projected to a local metric plane (see local-metric.ts):
 * area, centroid, containment and distances in metres. Internal to the analysis modules.
 *
 * Rings may be closed (GeoJSON) or not: every ring is walked as a closed loop, and the extra
 * zero-length closing segment of a GeoJSON ring changes nothing.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { LocalMetric, XY } from './local-metric';

export type Ring = XY[];
/** Outer ring first, then holes. */
export type PlanarPolygon = Ring[];
/** A Polygon or MultiPolygon in the plane: a list of polygons. */
export type Shape = PlanarPolygon[];
export type BBox = [minX: number, minY: number, maxX: number, maxY: number];

export function projectShape(geometry: Polygon | MultiPolygon, metric: LocalMetric): Shape {
	const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
	return polygons.map((rings) => rings.map((ring) => ring.map(metric.project)));
}

export function shapeBBox(shape: Shape): BBox {
	const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (const polygon of shape) {
		// holes lie inside the outer ring, so the outer ring alone bounds the polygon
		for (const [x, y] of polygon[0] ?? []) {
			if (x < box[0]) box[0] = x;
			if (y < box[1]) box[1] = y;
			if (x > box[2]) box[2] = x;
			if (y > box[3]) box[3] = y;
		}
	}
	return box;
}

/** Distance between two boxes (0 if they touch or overlap): a lower bound of any exact distance. */
export function bboxDistance(a: BBox, b: BBox): number {
	const dx = Math.max(a[0] - b[2], b[0] - a[2], 0);
	const dy = Math.max(a[1] - b[3], b[1] - a[3], 0);
	return Math.hypot(dx, dy);
}

function ringMoments(ring: Ring): { area: number; cx: number; cy: number } {
	let twiceArea = 0;
	let cx = 0;
	let cy = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xj, yj] = ring[j]!;
		const [xi, yi] = ring[i]!;
		const cross = xj * yi - xi * yj;
		twiceArea += cross;
		cx += (xj + xi) * cross;
		cy += (yj + yi) * cross;
	}
	return { area: twiceArea / 2, cx, cy };
}

/** Area in m², holes subtracted, whatever the rings' winding. */
export function shapeArea(shape: Shape): number {
	let area = 0;
	for (const polygon of shape) {
		polygon.forEach((ring, r) => {
			const a = Math.abs(ringMoments(ring).area);
			area += r === 0 ? a : -a;
		});
	}
	return area;
}

/**
 * Area-weighted centroid (the centre of mass of the surface, not the mean of the vertices, which
 * leans towards wherever a drawing happens to have many vertices). Falls back to the vertex mean
 * for a shape without area.
 */
export function shapeCentroid(shape: Shape): XY {
	let area = 0;
	let mx = 0;
	let my = 0;
	for (const polygon of shape) {
		polygon.forEach((ring, r) => {
			const m = ringMoments(ring);
			if (m.area === 0) return;
			// outer rings add, holes subtract, whatever their winding: weight ±|area| times the
			// ring's centroid (cx / 6·area)
			const role = r === 0 ? 1 : -1;
			area += role * Math.abs(m.area);
			mx += (role * Math.sign(m.area) * m.cx) / 6;
			my += (role * Math.sign(m.area) * m.cy) / 6;
		});
	}
	if (Math.abs(area) > 1e-9) return [mx / area, my / area];
	const vertices = shape.flatMap((polygon) => polygon[0] ?? []);
	const n = Math.max(vertices.length, 1);
	return [vertices.reduce((s, v) => s + v[0], 0) / n, vertices.reduce((s, v) => s + v[1], 0) / n];
}

function pointInRing([x, y]: readonly number[], ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i]!;
		const [xj, yj] = ring[j]!;
		if (yi > y! !== yj > y! && x! < ((xj - xi) * (y! - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** True if the point lies inside the shape (outside its holes). */
export function pointInShape(point: readonly number[], shape: Shape): boolean {
	for (const polygon of shape) {
		let inside = false;
		// even–odd over all rings: inside the outer ring and not inside a hole
		for (const ring of polygon) if (pointInRing(point, ring)) inside = !inside;
		if (inside) return true;
	}
	return false;
}

/** Squared distance from p to segment ab, and the nearest point on it. */
function pointSegment(px: number, py: number, a: XY, b: XY): { d2: number; x: number; y: number } {
	const dx = b[0] - a[0];
	const dy = b[1] - a[1];
	const len2 = dx * dx + dy * dy;
	const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2));
	const x = a[0] + t * dx;
	const y = a[1] + t * dy;
	return { d2: (px - x) * (px - x) + (py - y) * (py - y), x, y };
}

/** Distance in metres from a point to a shape (0 inside) and the nearest point of the shape. */
export function pointToShapeDistance(point: XY, shape: Shape): { distance: number; nearest: XY } {
	if (pointInShape(point, shape)) return { distance: 0, nearest: point };
	let best = { d2: Infinity, x: NaN, y: NaN };
	for (const polygon of shape) {
		for (const ring of polygon) {
			for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
				const candidate = pointSegment(point[0], point[1], ring[j]!, ring[i]!);
				if (candidate.d2 < best.d2) best = candidate;
			}
		}
	}
	return { distance: Math.sqrt(best.d2), nearest: [best.x, best.y] };
}

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
	const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** p lies within the box of segment ab (used once p is known to be collinear with it). */
function within(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
	return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}

function segmentsIntersect(s: Float64Array, i: number, t: Float64Array, j: number): boolean {
	const ax = s[i]!;
	const ay = s[i + 1]!;
	const bx = s[i + 2]!;
	const by = s[i + 3]!;
	const cx = t[j]!;
	const cy = t[j + 1]!;
	const dx = t[j + 2]!;
	const dy = t[j + 3]!;
	const o1 = orientation(ax, ay, bx, by, cx, cy);
	const o2 = orientation(ax, ay, bx, by, dx, dy);
	const o3 = orientation(cx, cy, dx, dy, ax, ay);
	const o4 = orientation(cx, cy, dx, dy, bx, by);
	if (o1 !== o2 && o3 !== o4) return true;
	return (
		(o1 === 0 && within(ax, ay, bx, by, cx, cy)) ||
		(o2 === 0 && within(ax, ay, bx, by, dx, dy)) ||
		(o3 === 0 && within(cx, cy, dx, dy, ax, ay)) ||
		(o4 === 0 && within(cx, cy, dx, dy, bx, by))
	);
}

/** Squared distance from (px, py) to the segment at offset j of a flat segment list. */
function pointSegment2(px: number, py: number, t: Float64Array, j: number): number {
	const ax = t[j]!;
	const ay = t[j + 1]!;
	const dx = t[j + 2]! - ax;
	const dy = t[j + 3]! - ay;
	const len2 = dx * dx + dy * dy;
	const k = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
	const ex = px - (ax + k * dx);
	const ey = py - (ay + k * dy);
	return ex * ex + ey * ey;
}

// shapes are compared with many others: flatten each one's edges once
const flatCache = new WeakMap<Shape, Float64Array>();

/** A shape's edges as [x1, y1, x2, y2, …]. */
function flatSegments(shape: Shape): Float64Array {
	let flat = flatCache.get(shape);
	if (flat) return flat;
	const n = shape.reduce((sum, polygon) => sum + polygon.reduce((s, ring) => s + ring.length, 0), 0);
	flat = new Float64Array(n * 4);
	let k = 0;
	for (const polygon of shape) {
		for (const ring of polygon) {
			for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
				flat[k++] = ring[j]![0];
				flat[k++] = ring[j]![1];
				flat[k++] = ring[i]![0];
				flat[k++] = ring[i]![1];
			}
		}
	}
	flatCache.set(shape, flat);
	return flat;
}

/**
 * Smallest distance in metres between two shapes; 0 if they touch, cross or one contains the
 * other. Two disjoint polygons are nearest at a vertex of one and an edge of the other, so the
 * vertex–edge distances both ways cover every case.
 */
export function shapeDistance(a: Shape, b: Shape): number {
	const sa = flatSegments(a);
	const sb = flatSegments(b);
	for (let i = 0; i < sa.length; i += 4) for (let j = 0; j < sb.length; j += 4) if (segmentsIntersect(sa, i, sb, j)) return 0;
	// no boundary crossings: either disjoint or one lies wholly inside the other
	for (const polygon of a) if (polygon[0]?.[0] && pointInShape(polygon[0][0], b)) return 0;
	for (const polygon of b) if (polygon[0]?.[0] && pointInShape(polygon[0][0], a)) return 0;
	let best = Infinity;
	// each segment's start point covers every vertex, as rings are walked closed
	for (let i = 0; i < sa.length; i += 4) {
		for (let j = 0; j < sb.length; j += 4) best = Math.min(best, pointSegment2(sa[i]!, sa[i + 1]!, sb, j));
	}
	for (let j = 0; j < sb.length; j += 4) {
		for (let i = 0; i < sa.length; i += 4) best = Math.min(best, pointSegment2(sb[j]!, sb[j + 1]!, sa, i));
	}
	return Math.sqrt(best);
}

/** A triangle (o, p, q) in counter-clockwise order with its weight ±1 in a fan decomposition. */
interface FanTriangle {
	xs: [number, number, number];
	ys: [number, number, number];
	weight: number;
	box: BBox;
}

/**
 * Decompose a shape into signed triangles fanned from `o`: the sum of their weighted indicator
 * functions is the shape's indicator (1 inside, 0 outside) everywhere but on edges. Outer rings
 * count as counter-clockwise and holes as clockwise, whatever their drawn winding.
 */
function fan(shape: Shape, o: XY): FanTriangle[] {
	const triangles: FanTriangle[] = [];
	for (const polygon of shape) {
		polygon.forEach((ring, r) => {
			const area = ringMoments(ring).area;
			if (area === 0) return;
			const role = (r === 0 ? 1 : -1) * Math.sign(area);
			for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
				const [px, py] = ring[j]!;
				const [qx, qy] = ring[i]!;
				const cross = (px - o[0]) * (qy - o[1]) - (py - o[1]) * (qx - o[0]);
				if (cross === 0) continue;
				const [ax, ay, bx, by] = cross > 0 ? [px, py, qx, qy] : [qx, qy, px, py];
				triangles.push({
					xs: [o[0], ax, bx],
					ys: [o[1], ay, by],
					weight: Math.sign(cross) * role,
					box: [Math.min(o[0], ax, bx), Math.min(o[1], ay, by), Math.max(o[0], ax, bx), Math.max(o[1], ay, by)]
				});
			}
		});
	}
	return triangles;
}

// scratch buffers for clipping: a triangle clipped by three half-planes has at most 6 vertices
const bufX = [new Float64Array(12), new Float64Array(12)];
const bufY = [new Float64Array(12), new Float64Array(12)];

/** Area of the intersection of two counter-clockwise triangles (Sutherland–Hodgman, then shoelace). */
function triangleOverlap(a: FanTriangle, b: FanTriangle): number {
	let inX = bufX[0]!;
	let inY = bufY[0]!;
	let outX = bufX[1]!;
	let outY = bufY[1]!;
	for (let k = 0; k < 3; k++) {
		inX[k] = a.xs[k]!;
		inY[k] = a.ys[k]!;
	}
	let n = 3;
	for (let e = 0; e < 3 && n > 0; e++) {
		const x1 = b.xs[e]!;
		const y1 = b.ys[e]!;
		const ex = b.xs[(e + 1) % 3]! - x1;
		const ey = b.ys[(e + 1) % 3]! - y1;
		let m = 0;
		// side ≥ 0: left of the clip edge, inside the counter-clockwise triangle
		let prevX = inX[n - 1]!;
		let prevY = inY[n - 1]!;
		let prevSide = ex * (prevY - y1) - ey * (prevX - x1);
		for (let k = 0; k < n; k++) {
			const x = inX[k]!;
			const y = inY[k]!;
			const side = ex * (y - y1) - ey * (x - x1);
			if ((side >= 0) !== (prevSide >= 0)) {
				const t = prevSide / (prevSide - side);
				outX[m] = prevX + t * (x - prevX);
				outY[m++] = prevY + t * (y - prevY);
			}
			if (side >= 0) {
				outX[m] = x;
				outY[m++] = y;
			}
			prevX = x;
			prevY = y;
			prevSide = side;
		}
		[inX, outX] = [outX, inX];
		[inY, outY] = [outY, inY];
		n = m;
	}
	let twice = 0;
	for (let k = 0, prev = n - 1; k < n; prev = k++) twice += inX[prev]! * inY[k]! - inX[k]! * inY[prev]!;
	return twice / 2;
}

/**
 * Area in m² of the intersection of two shapes, without building it: both are written as signed
 * fan triangles from one point, so area(A ∩ B) = Σ wᵢ·wⱼ·area(Tᵢ ∩ Tⱼ), a sum of convex clips.
 * Exact up to rounding, indifferent to shared edges and touching vertices (they have no area),
 * and far cheaper than general polygon clipping for the small polygons of scenes. The polygons
 * of a MultiPolygon must not overlap each other (as GeoJSON requires).
 */
export function intersectionArea(a: Shape, b: Shape): number {
	const boxA = shapeBBox(a);
	const boxB = shapeBBox(b);
	if (boxA[0] > boxB[2] || boxB[0] > boxA[2] || boxA[1] > boxB[3] || boxB[1] > boxA[3]) return 0;
	// fan from the middle of the common box: short triangles, less cancellation
	const o: XY = [
		(Math.max(boxA[0], boxB[0]) + Math.min(boxA[2], boxB[2])) / 2,
		(Math.max(boxA[1], boxB[1]) + Math.min(boxA[3], boxB[3])) / 2
	];
	const ta = fan(a, o);
	const tb = fan(b, o);
	let area = 0;
	for (const s of ta) {
		for (const t of tb) {
			if (s.box[0] > t.box[2] || t.box[0] > s.box[2] || s.box[1] > t.box[3] || t.box[1] > s.box[3]) continue;
			area += s.weight * t.weight * triangleOverlap(s, t);
		}
	}
	// rounding can leave a hair below zero for shapes that only touch
	return Math.max(area, 0);
}
