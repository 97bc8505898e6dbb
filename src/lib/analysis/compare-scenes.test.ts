import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareScenes, STATUS_LABELS, type SceneComparison, type SceneRelation } from './compare-scenes';
import { comparisonToGeoJSON } from './comparison-to-geojson';
import { AnalysisInputError } from './errors';
import { readAreas } from './input';
import { localMetricFor } from './local-metric';
import { shapeDistance } from './planar';
import { collection, offset, oval, polygon, scene, square, JARVA } from './testing/shapes';
import { evolveScenes, syntheticScenes } from './testing/synthetic';

type Scenes = FeatureCollection<Polygon | MultiPolygon>;

const statusOf = (result: SceneComparison, id: string) => result.scenes.find((s) => s.id === id)?.status;

/** A 2021 oval (150 × 100 m) and a 2023 100 m square whose west edge lies `gap` m east of the oval. */
function ovalAndOutline(gap: number, outline: Record<string, unknown> = {}) {
	return {
		from: collection(oval(scene('oval', 2021), 150, 100)),
		to: collection(square(scene('outline', 2023, outline), 100, 150 + gap + 50))
	};
}

/** A rectangle from (x0, y0) to (x1, y1) metres around Järva. */
function rect(properties: Record<string, unknown>, x0: number, y0: number, x1: number, y1: number): Feature<Polygon> {
	const corners = [
		[x0, y0],
		[x1, y0],
		[x1, y1],
		[x0, y1],
		[x0, y0]
	] as const;
	return polygon(properties, [corners.map(([x, y]) => offset(JARVA, x, y))]);
}

describe('compareScenes: tolerance', () => {
	it("an outline 100 m outside an oval with precision 150 m is 'persisted'", () => {
		const { from, to } = ovalAndOutline(100);
		const result = compareScenes(from, to);
		expect([statusOf(result, 'oval'), statusOf(result, 'outline')]).toEqual(['persisted', 'persisted']);
	});

	it("an outline 200 m outside an oval with precision 150 m is not: 'ceased' and 'new'", () => {
		const { from, to } = ovalAndOutline(200);
		const result = compareScenes(from, to);
		expect([statusOf(result, 'oval'), statusOf(result, 'outline')]).toEqual(['ceased', 'new']);
	});

	it('the pair allowance is the coarser precision, not the sum (140 m apart with 150 and 75 m matches, 160 m does not)', () => {
		expect(statusOf(compareScenes(ovalAndOutline(140).from, ovalAndOutline(140).to), 'oval')).toBe('persisted');
		expect(statusOf(compareScenes(ovalAndOutline(160).from, ovalAndOutline(160).to), 'oval')).toBe('ceased');
	});

	it('a fixed tolerance replaces the precision: 40 m apart matches with tolerance 50, 60 m does not', () => {
		const near = ovalAndOutline(40);
		const far = ovalAndOutline(60);
		expect(statusOf(compareScenes(near.from, near.to, { tolerance: 50 }), 'oval')).toBe('persisted');
		expect(statusOf(compareScenes(far.from, far.to, { tolerance: 50 }), 'oval')).toBe('ceased');
	});

	it('tolerance 0 matches only drawings that touch or overlap', () => {
		const touching = ovalAndOutline(0);
		const apart = ovalAndOutline(1);
		expect(statusOf(compareScenes(touching.from, touching.to, { tolerance: 0 }), 'oval')).toBe('persisted');
		expect(statusOf(compareScenes(apart.from, apart.to, { tolerance: 0 }), 'oval')).toBe('ceased');
	});

	it('a pair matched only through the tolerance has overlap 0 and reports the gap between the drawings', () => {
		const { from, to } = ovalAndOutline(100);
		const [same] = compareScenes(from, to).relations;
		expect(same).toMatchObject({ type: 'same', overlapArea: 0, iou: 0 });
		expect(same?.gap).toBeCloseTo(100, 6);
	});
});

describe('compareScenes: drawing method', () => {
	it('a persisted oval → outline pair is flagged drawingChanged', () => {
		const { from, to } = ovalAndOutline(50);
		expect(compareScenes(from, to).relations[0]?.drawingChanged).toBe(true);
	});

	it('a persisted pair drawn the same way both years is not flagged', () => {
		const from = collection(square(scene('a', 2021, { drawing: 'outline' }), 100));
		const to = collection(square(scene('b', 2023), 100, 20));
		expect(compareScenes(from, to).relations[0]?.drawingChanged).toBe(false);
	});
});

describe('compareScenes: relations', () => {
	it('measures a same pair: two 100 m squares 50 m apart east overlap 5000 m², IoU 1/3, 50 m öst', () => {
		const from = collection(square(scene('a', 2021), 100));
		const to = collection(square(scene('b', 2023), 100, 50));
		const [same] = compareScenes(from, to).relations;
		expect(same).toMatchObject({ type: 'same', from: ['a'], to: ['b'], compass: 'öst', areaChangeRatio: expect.closeTo(1, 9) });
		expect(same?.distance).toBeCloseTo(50, 6);
		expect(same?.bearing).toBeCloseTo(90, 6);
		expect(same?.overlapArea).toBeCloseTo(5000, 3);
		expect(same?.iou).toBeCloseTo(1 / 3, 6);
		expect(same?.areaChange).toBeCloseTo(0, 3);
	});

	it('a ceased scene and a new one 600 m north-west are a displacement candidate with distance and bearing', () => {
		const from = collection(square(scene('husby-c', 2021, { name: 'Husby C' }), 100));
		const [x, y] = [-600 * Math.SQRT1_2, 600 * Math.SQRT1_2];
		const to = collection(square(scene('nordkapsgatan', 2023, { name: 'Nordkapsgatan' }), 80, x, y));
		const result = compareScenes(from, to);
		const [relation] = result.relations;
		expect(relation).toMatchObject({ type: 'displacement', from: ['husby-c'], to: ['nordkapsgatan'], compass: 'nordväst' });
		// built in a plane centred on JARVA, measured in one centred on the data: 1e-4 relative
		expect(relation?.distance).toBeCloseTo(600, 1);
		expect(relation?.bearing).toBeCloseTo(315, 2);
		expect(result.summary).toMatchObject({ ceased: 1, new: 1, displacementCandidates: 1 });
	});

	it('a ceased and a new scene further apart than displacementRadius are not related', () => {
		const from = collection(square(scene('a', 2021), 100));
		const to = collection(square(scene('b', 2023), 100, 0, 900));
		expect(compareScenes(from, to, { displacementRadius: 800 }).relations).toEqual([]);
		expect(compareScenes(from, to, { displacementRadius: 1000 }).relations).toHaveLength(1);
	});

	it('two from-scenes inside one to-scene are a merge, measured as their union', () => {
		const from = collection(square(scene('west', 2021), 100, -100), square(scene('east', 2021), 100, 100));
		const to = collection(rect(scene('both', 2023), -150, -50, 150, 50));
		const merge = compareScenes(from, to, { tolerance: 0 }).relations.find((r) => r.type === 'merge');
		expect(merge).toMatchObject({ from: ['west', 'east'], to: ['both'] });
		expect(merge?.fromArea).toBeCloseTo(20000, 2);
		expect(merge?.toArea).toBeCloseTo(30000, 2);
		expect(merge?.overlapArea).toBeCloseTo(20000, 2);
		expect(merge?.iou).toBeCloseTo(2 / 3, 6);
		expect(merge?.distance).toBeCloseTo(0, 6);
	});

	it('one from-scene covering two to-scenes is a split, and each pair is also a same relation', () => {
		const from = collection(rect(scene('both', 2021), -150, -50, 150, 50));
		const to = collection(square(scene('west', 2023), 100, -100), square(scene('east', 2023), 100, 100));
		const types = compareScenes(from, to, { tolerance: 0 }).relations.map((r) => `${r.type}:${r.from}>${r.to}`);
		expect(types).toEqual(['same:both>west', 'same:both>east', 'split:both>west,east']);
	});

	it('exports the Swedish status words', () => {
		expect(STATUS_LABELS).toEqual({ persisted: 'kvarstår', ceased: 'upphört', new: 'ny' });
	});
});

/** A mixed case: persisted, ceased, new, displacement, merge and split in one pair of years. */
function mixedCase(): { a: Scenes; b: Scenes } {
	return {
		a: collection(
			oval(scene('kvar', 2021), 150, 100),
			square(scene('borta', 2021), 100, 1500, 0),
			square(scene('m1', 2021), 100, -1500, -100),
			square(scene('m2', 2021), 100, -1500, 100),
			rect(scene('delad', 2021), 1000, -2000, 1300, -1900)
		),
		b: collection(
			square(scene('kvar-ny', 2023), 120, 60, 0),
			square(scene('ny', 2023), 90, 1500, 600),
			rect(scene('m', 2023), -1550, -150, -1450, 150),
			square(scene('d1', 2023), 100, 1050, -1950),
			square(scene('d2', 2023), 100, 1250, -1950)
		)
	};
}

const MIRROR: Record<string, string> = { same: 'same', displacement: 'displacement', merge: 'split', split: 'merge' };
const STATUS_MIRROR: Record<string, string> = { persisted: 'persisted', ceased: 'new', new: 'ceased' };
const relationKey = (r: SceneRelation) => `${r.type}|${r.from.join(',')}|${r.to.join(',')}`;
const mirroredKey = (r: SceneRelation) =>
	`${MIRROR[r.type]}|${[...r.to].sort().join(',')}|${[...r.from].sort().join(',')}`;
const sortedKey = (r: SceneRelation) => `${r.type}|${[...r.from].sort().join(',')}|${[...r.to].sort().join(',')}`;

function expectMirror(a: Scenes, b: Scenes) {
	const ab = compareScenes(a, b);
	const ba = compareScenes(b, a);
	for (const s of ab.scenes) expect(statusOf(ba, s.id)).toBe(STATUS_MIRROR[s.status]);
	expect(ab.relations.map(mirroredKey).sort()).toEqual(ba.relations.map(sortedKey).sort());
	const reverse = new Map(ba.relations.map((r) => [sortedKey(r), r]));
	for (const r of ab.relations) {
		const back = reverse.get(mirroredKey(r))!;
		expect(back.distance).toBeCloseTo(r.distance, 6);
		if (r.distance > 1) expect((back.bearing - r.bearing + 360) % 360).toBeCloseTo(180, 6);
		expect(back.overlapArea).toBeCloseTo(r.overlapArea, 3);
		expect(back.iou).toBeCloseTo(r.iou, 9);
		expect(back.areaChange).toBeCloseTo(-r.areaChange, 3);
	}
	return ab;
}

describe('compareScenes: properties', () => {
	it('compare(A, B) mirrors compare(B, A) on a hand-made case with every relation type', () => {
		const { a, b } = mixedCase();
		const ab = expectMirror(a, b);
		expect(new Set(ab.relations.map((r) => r.type))).toEqual(new Set(['same', 'displacement', 'merge', 'split']));
	});

	it('compare(A, B) mirrors compare(B, A) on random scenes', () => {
		const a = syntheticScenes(150, 7);
		const b = evolveScenes(a, 8);
		const ab = expectMirror(a, b);
		expect(ab.summary.persisted).toBeGreaterThan(0);
	});

	it('translating every geometry by +0.01° lon, +0.005° lat changes no status and no relation type', () => {
		const { a, b } = mixedCase();
		const random = { a: syntheticScenes(150, 11), b: evolveScenes(syntheticScenes(150, 11), 12) };
		for (const [x, y] of [
			[a, b],
			[random.a, random.b]
		] as const) {
			const before = compareScenes(x, y);
			const after = compareScenes(translate(x, 0.01, 0.005), translate(y, 0.01, 0.005));
			expect(after.scenes.map((s) => `${s.id}:${s.status}`)).toEqual(before.scenes.map((s) => `${s.id}:${s.status}`));
			expect(after.relations.map(relationKey)).toEqual(before.relations.map(relationKey));
		}
	});

	it('the index finds exactly the pairs an all-pairs loop finds', () => {
		const a = syntheticScenes(200, 21);
		const b = evolveScenes(a, 22);
		const metric = localMetricFor(a, b);
		const [pa, pb] = [readAreas(a, 'a', metric), readAreas(b, 'b', metric)];
		const naive: string[] = [];
		for (const s of pa) {
			for (const t of pb) {
				const allowance = Math.max(Number(s.properties['precisionMeters']), Number(t.properties['precisionMeters']));
				if (shapeDistance(s.shape, t.shape) <= allowance) naive.push(`same|${s.id}|${t.id}`);
			}
		}
		const indexed = compareScenes(a, b).relations.filter((r) => r.type === 'same').map(relationKey);
		expect(indexed.sort()).toEqual(naive.sort());
	});
});

function translate<G extends Polygon | MultiPolygon>(fc: FeatureCollection<G>, dLon: number, dLat: number): FeatureCollection<G> {
	const move = (p: Position) => [p[0]! + dLon, p[1]! + dLat];
	return {
		...fc,
		features: fc.features.map((f) => ({
			...f,
			geometry:
				f.geometry.type === 'Polygon'
					? { type: 'Polygon', coordinates: f.geometry.coordinates.map((r) => r.map(move)) }
					: { type: 'MultiPolygon', coordinates: f.geometry.coordinates.map((p) => p.map((r) => r.map(move))) }
		})) as Feature<G>[]
	};
}

describe('compareScenes: bad input', () => {
	const a = collection(square(scene('a', 2021), 100));
	const b = collection(square(scene('b', 2023), 100));

	it('refuses a collection with several years, naming them', () => {
		const mixed = collection(square(scene('a', 2021), 100), square(scene('x', 2023), 100, 500));
		expect(() => compareScenes(mixed, b)).toThrow('from: scenes from several years, 2021 (1: a); 2023 (1: x)');
	});

	it('refuses two collections of the same year', () => {
		expect(() => compareScenes(a, collection(square(scene('c', 2021), 100)))).toThrow(
			'from and to are both 2021: compare the scenes of two different years'
		);
	});

	it('refuses a scene without a year, naming it', () => {
		const bad = collection(square(scene('b', 2023, { year: '2023' }), 100));
		expect(() => compareScenes(a, bad)).toThrow('to: feature 0 (id "b") has year "2023"; expected an integer year');
	});

	it('refuses a scene without precisionMeters when the tolerance is its precision', () => {
		const bad = collection(square(scene('b', 2023, { precisionMeters: undefined }), 100));
		expect(() => compareScenes(a, bad)).toThrow(/to: feature 0 \(id "b"\) has precisionMeters undefined/);
		expect(compareScenes(a, bad, { tolerance: 10 }).summary.persisted).toBe(1);
	});

	it('refuses a negative tolerance and a zero radius as AnalysisInputError', () => {
		expect(() => compareScenes(a, b, { tolerance: -5 })).toThrow(AnalysisInputError);
		expect(() => compareScenes(a, b, { tolerance: -5 })).toThrow('Invalid tolerance -5: expected a number of metres ≥ 0');
		expect(() => compareScenes(a, b, { displacementRadius: 0 })).toThrow('Invalid displacementRadius 0');
	});

	it('refuses a point where a scene should be', () => {
		const pointy = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: scene('p', 2023), geometry: { type: 'Point', coordinates: JARVA } }] };
		expect(() => compareScenes(a, pointy as unknown as Scenes)).toThrow(
			'to: feature 0 (id "p") has geometry Point; expected Polygon or MultiPolygon'
		);
	});
});

describe('comparisonToGeoJSON', () => {
	it('draws scenes with status, a labelled line per relation and a point per centroid', () => {
		const from = collection(square(scene('husby-c', 2021, { name: 'Husby C' }), 100));
		const to = collection(square(scene('nordkapsgatan', 2023, { name: 'Nordkapsgatan' }), 80, -452, 452));
		const fc = comparisonToGeoJSON(compareScenes(from, to), from, to);
		const kinds = fc.features.map((f) => `${f.properties?.['kind']}:${f.geometry.type}`);
		expect(kinds).toEqual(['scene:Polygon', 'scene:Polygon', 'relation:LineString', 'centroid:Point', 'centroid:Point']);
		expect(fc.features[0]?.properties).toMatchObject({ id: 'husby-c', status: 'ceased', statusLabel: 'upphört' });
		expect(fc.features[2]?.properties?.['label']).toBe('Husby C → Nordkapsgatan, 640 m nordväst');
	});
});

const demo = (name: string) =>
	JSON.parse(readFileSync(new URL(`../../../geodata/layers/${name}.geojson`, import.meta.url), 'utf8')) as Scenes;

describe('compareScenes on the demo data (lägesbild 2021 → 2023)', () => {
	const result = compareScenes(demo('drogscener-2021'), demo('drogscener-2023'));
	const named = (status: string, year?: number) =>
		result.scenes
			.filter((s) => s.status === status && (year === undefined || s.year === year))
			.map((s) => s.name)
			.sort();

	it('finds the four persisting scenes of the lägesbild', () => {
		expect(result.summary.persisted).toBe(4);
		expect(named('persisted', 2021)).toEqual([
			expect.stringMatching(/^Dragongränd/),
			expect.stringMatching(/^Kista C/),
			expect.stringMatching(/Hällbybacken/),
			expect.stringMatching(/^Tenstagången/)
		]);
	});

	it('finds Hjulsta C, Husby C and Risingeplan ceased', () => {
		expect(named('ceased')).toEqual(['Hjulsta C', 'Husby C', 'Risingeplan']);
	});

	it('finds Nordkapsgatan and Sibeliusgången/Borgågatan new', () => {
		expect(named('new')).toEqual([expect.stringMatching(/^Nordkapsgatan/), expect.stringMatching(/^Sibeliusgången/)]);
	});

	it('offers Husby C → Nordkapsgatan as a displacement candidate within 1000 m', () => {
		const candidate = result.relations.find(
			(r) => r.type === 'displacement' && r.from[0] === 'ds2021-husby-c' && r.to[0] === 'ds2023-nordkapsgatan'
		);
		expect(candidate?.distance).toBeLessThanOrEqual(1000);
	});

	it('flags every persisting pair as redrawn (oval → outline)', () => {
		const same = result.relations.filter((r) => r.type === 'same');
		expect(same.map((r) => r.drawingChanged)).toEqual([true, true, true, true]);
	});
});

describe('compareScenes with a year that has no scenes', () => {
	it('every scene of the other year has ceased when the later year is given but empty', () => {
		const earlier = { type: 'FeatureCollection' as const, features: [] as never[] };
		expect(() => compareScenes(earlier, earlier)).toThrow(/pass options.fromYear/);
		expect(() => compareScenes(earlier, earlier, { fromYear: 2023, toYear: 2023 })).toThrow(/two different years/);
	});
});
