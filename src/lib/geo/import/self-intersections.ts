/**
 * Finds where a polygon's rings are not simple: a ring crossing or touching itself, running back
 * along itself (a spike), or two rings of one polygon crossing. Rings of one polygon may touch
 * at a point (OGC's rule), so that is allowed between rings but not within one.
 *
 * Why not turf `kinks`: it compares every segment with every other, O(n²): a 20 000-vertex
 * ring takes seconds and the 200 000-vertex limit hours. Here a flatbush index of the segments'
 * boxes keeps it near O(n log n).
 */
import Flatbush from 'flatbush';

export type XY = readonly [number, number];

const SMALL = 32;

/** What was found first, with where. */
export interface RingFault {
	kind: 'self-intersection' | 'spike' | 'rings-cross';
	/** Where, as [lon, lat]. */
	at: [number, number];
	/** 0-based ring indices (two for 'rings-cross'). */
	rings: number[];
}

/**
 * The first fault in a polygon's rings (each closed, at least 4 positions, repeated consecutive
 * positions allowed), or null when they are simple.
 *
 * @example
 * findRingFault([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]); // a bow tie: { kind: 'self-intersection', at: [1, 1], rings: [0] }
 */
export function findRingFault(rings: readonly (readonly XY[])[]): RingFault | null {
	const cleaned = rings.map(dedupe);
	const starts: number[] = [];
	let total = 0;
	for (const ring of cleaned) {
		starts.push(total);
		total += ring.length - 1;
	}
	if (total < 2) return null;

	const ringOf = new Int32Array(total);
	const indexIn = new Int32Array(total);
	cleaned.forEach((ring, r) => {
		const start = starts[r] ?? 0;
		for (let i = 0; i < ring.length - 1; i++) {
			ringOf[start + i] = r;
			indexIn[start + i] = i;
		}
	});
	const segment = (id: number): [XY, XY] => {
		const ring = cleaned[ringOf[id] ?? 0] as XY[];
		const i = indexIn[id] ?? 0;
		return [ring[i] as XY, ring[i + 1] as XY];
	};
	// Small polygons (most of them) are cheaper to check pair by pair than to index.
	const index = total > SMALL ? new Flatbush(total) : null;
	if (index) {
		for (let id = 0; id < total; id++) {
			const [a, b] = segment(id);
			index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
		}
		index.finish();
	}
	const later = (s: number, a: XY, b: XY): number[] => {
		if (!index) return Array.from({ length: total - s - 1 }, (_, k) => s + 1 + k);
		const found = index.search(
			Math.min(a[0], b[0]),
			Math.min(a[1], b[1]),
			Math.max(a[0], b[0]),
			Math.max(a[1], b[1]),
			(id) => id > s
		);
		return found.sort((x, y) => x - y);
	};

	for (let s = 0; s < total; s++) {
		const [a, b] = segment(s);
		const rs = ringOf[s] ?? 0;
		const segments = (cleaned[rs]?.length ?? 0) - 1;
		const candidates = later(s, a, b);
		for (const t of candidates) {
			const [c, d] = segment(t);
			const rt = ringOf[t] ?? 0;
			if (rs === rt) {
				const i = indexIn[s] ?? 0;
				const j = indexIn[t] ?? 0;
				const adjacent = j - i === 1 || (i === 0 && j === segments - 1);
				if (adjacent) {
					// They share one end (b = c, or a = d when t closes the ring); the other ends
					// must not lie on the same ray from it.
					const [p, q1, q2] = j - i === 1 ? [b, a, d] : [a, b, c];
					if (segments > 2 && orient(p, q1, q2) === 0 && dot(p, q1, q2) > 0)
						return { kind: 'spike', at: [p[0], p[1]], rings: [rs] };
					if (segments === 2) return { kind: 'spike', at: [p[0], p[1]], rings: [rs] };
					continue;
				}
				const hit = intersection(a, b, c, d);
				if (hit) return { kind: 'self-intersection', at: hit.at, rings: [rs] };
			} else {
				const hit = intersection(a, b, c, d);
				if (hit && (hit.proper || hit.overlap)) return { kind: 'rings-cross', at: hit.at, rings: [rs, rt] };
			}
		}
	}
	return null;
}

/** The ring without repeated consecutive positions (still closed). */
function dedupe(ring: readonly XY[]): XY[] {
	const out: XY[] = [];
	for (const p of ring) {
		const last = out[out.length - 1];
		if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
	}
	return out;
}

function orient(a: XY, b: XY, c: XY): number {
	return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function dot(p: XY, q1: XY, q2: XY): number {
	return (q1[0] - p[0]) * (q2[0] - p[0]) + (q1[1] - p[1]) * (q2[1] - p[1]);
}

/** Whether r, collinear with p–q, lies within the segment's box. */
function within(p: XY, q: XY, r: XY): boolean {
	return (
		r[0] >= Math.min(p[0], q[0]) &&
		r[0] <= Math.max(p[0], q[0]) &&
		r[1] >= Math.min(p[1], q[1]) &&
		r[1] <= Math.max(p[1], q[1])
	);
}

/**
 * Where segments a–b and c–d meet: `proper` when they cross at one interior point, `overlap`
 * when collinear and sharing more than a point, otherwise they touch.
 */
function intersection(a: XY, b: XY, c: XY, d: XY): { at: [number, number]; proper: boolean; overlap: boolean } | null {
	const d1 = orient(c, d, a);
	const d2 = orient(c, d, b);
	const d3 = orient(a, b, c);
	const d4 = orient(a, b, d);
	if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
		const t = d1 / (d1 - d2);
		return { at: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], proper: true, overlap: false };
	}
	if (d1 === 0 && d2 === 0) {
		// Collinear: overlapping in more than a point unless they only meet end to end.
		const touching: XY[] = [a, b, c, d].filter((p, k) => (k < 2 ? within(c, d, p) : within(a, b, p)));
		if (touching.length === 0) return null;
		const first = touching[0] as XY;
		const distinct = touching.some((p) => p[0] !== first[0] || p[1] !== first[1]);
		return { at: [first[0], first[1]], proper: false, overlap: distinct };
	}
	if (d1 === 0 && within(c, d, a)) return { at: [a[0], a[1]], proper: false, overlap: false };
	if (d2 === 0 && within(c, d, b)) return { at: [b[0], b[1]], proper: false, overlap: false };
	if (d3 === 0 && within(a, b, c)) return { at: [c[0], c[1]], proper: false, overlap: false };
	if (d4 === 0 && within(a, b, d)) return { at: [d[0], d[1]], proper: false, overlap: false };
	return null;
}
