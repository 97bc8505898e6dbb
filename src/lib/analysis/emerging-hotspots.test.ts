import type { FeatureCollection, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { categorise, emergingHotspots, type WeekOfReports } from './emerging-hotspots';
import { refusal } from './testing/refusal';
import type { SpotClass } from './hotspot-class';
import { addWeeks } from './iso-week';
import { fromWgs84, toWgs84 } from '../geo/import/crs';
import { localMetric } from './local-metric';
import { JARVA, offset } from './testing/shapes';
import { syntheticReports, syntheticStudyBox, type Cluster } from './testing/reports';

const BOX = syntheticStudyBox(3_000);
const H: SpotClass = 'hot';
const C: SpotClass = 'cold';
const _: SpotClass = 'none';

/** The id of the 200 m cell holding the point `east`/`north` metres from JARVA. */
function cellIdAt(east: number, north: number): string {
	const [x, y] = fromWgs84(offset(JARVA, east, north), 'EPSG:3006');
	return `E${Math.floor(x / 200) * 200}N${Math.floor(y / 200) * 200}`;
}

/** East/north offsets from JARVA of the centre of the 200 m cell holding the point `east`/`north` from JARVA. */
function cellCentreNear(east: number, north: number): [number, number] {
	const [x, y] = fromWgs84(offset(JARVA, east, north), 'EPSG:3006');
	const lonLat = toWgs84([Math.floor(x / 200) * 200 + 100, Math.floor(y / 200) * 200 + 100], 'EPSG:3006');
	return localMetric(JARVA).project(lonLat);
}

/** `count` weeks from 2024-W01, each with 300 reports spread evenly plus the clusters of that week. */
function weeks(count: number, clustersOf: (week: number) => Cluster[] = () => []): WeekOfReports[] {
	return Array.from({ length: count }, (_, t) => {
		const week = addWeeks('2024-W01', t);
		return { week, reports: syntheticReports(100 + t, 300, 3_000, clustersOf(t), week) };
	});
}

describe('categorise', () => {
	it('reads each of ArcGIS’s patterns from eight weeks of classes and the trend', () => {
		expect(categorise([_, _, _, _, _, _, _, H], 'none')).toEqual({ category: 'new', spot: 'hot' });
		expect(categorise([_, _, _, _, _, H, H, H], 'increasing')).toEqual({ category: 'consecutive', spot: 'hot' });
		expect(categorise([H, H, H, H, H, H, H, H], 'increasing')).toEqual({ category: 'intensifying', spot: 'hot' });
		expect(categorise([H, H, H, H, H, H, H, H], 'none')).toEqual({ category: 'persistent', spot: 'hot' });
		expect(categorise([H, H, H, H, H, H, H, H], 'decreasing')).toEqual({ category: 'diminishing', spot: 'hot' });
		expect(categorise([H, _, _, H, _, H, _, H], 'none')).toEqual({ category: 'sporadic', spot: 'hot' });
		expect(categorise([_, C, _, _, _, _, _, H], 'none')).toEqual({ category: 'oscillating', spot: 'hot' });
		expect(categorise([_, _, _, _, _, _, _, _], 'none')).toEqual({ category: 'none', spot: null });
	});

	it('needs 90 % of the weeks for "most": 7 of 8 is not, 11 of 12 is (historical when the last week is not hot)', () => {
		expect(categorise([_, H, H, H, H, H, H, H], 'none')).toEqual({ category: 'consecutive', spot: 'hot' });
		expect(categorise([H, H, H, H, H, H, H, H, H, H, H, _], 'none')).toEqual({ category: 'historical', spot: 'hot' });
		expect(categorise([H, H, H, H, H, H, H, _], 'none')).toEqual({ category: 'none', spot: null });
	});

	it('mirrors the patterns for cold spots, a falling z strengthening a cold spot', () => {
		expect(categorise([_, _, _, _, _, _, _, C], 'none')).toEqual({ category: 'new', spot: 'cold' });
		expect(categorise([C, C, C, C, C, C, C, C], 'decreasing')).toEqual({ category: 'intensifying', spot: 'cold' });
		expect(categorise([C, C, C, C, C, C, C, C], 'increasing')).toEqual({ category: 'diminishing', spot: 'cold' });
	});
});

describe('emergingHotspots', () => {
	// one scenario per run: Gi* is relative to its week, so a cluster growing elsewhere would lower the others' z
	const centre = cellCentreNear(700, -500);
	const cellOf = (list: WeekOfReports[]) =>
		emergingHotspots(list, { studyArea: BOX }).features.find((f) => f.properties.id === cellIdAt(...centre))!.properties;

	it('finds a cluster that appears in the last week only as a new hot spot', () => {
		const cell = cellOf(weeks(8, (t) => (t === 7 ? [{ east: centre[0], north: centre[1], count: 30, spread: 40 }] : [])));
		expect(cell).toMatchObject({ category: 'new', spot: 'hot', hotWeeks: 1 });
	});

	it('finds a cluster of the same size every week as a persistent hot spot', () => {
		const cell = cellOf(weeks(8, () => [{ east: centre[0], north: centre[1], count: 30, spread: 40 }]));
		expect(cell).toMatchObject({ category: 'persistent', spot: 'hot', hotWeeks: 8 });
		expect(cell.trend.direction).toBe('none');
	});

	it('finds a cluster that grows week by week as an intensifying hot spot', () => {
		const cell = cellOf(weeks(8, (t) => [{ east: centre[0], north: centre[1], count: 15 + 10 * t, spread: 40 }]));
		expect(cell).toMatchObject({ category: 'intensifying', spot: 'hot', hotWeeks: 8 });
		expect(cell.trend.direction).toBe('increasing');
		expect(cell.counts[7]).toBeGreaterThan(cell.counts[0]!);
	});

	it('names its weeks and counts its categories in the summary', () => {
		const result = emergingHotspots(weeks(8, (t) => (t === 7 ? [{ east: centre[0], north: centre[1], count: 30, spread: 40 }] : [])), {
			studyArea: BOX
		});
		expect(result.properties.weeks).toEqual(['2024-W01', '2024-W02', '2024-W03', '2024-W04', '2024-W05', '2024-W06', '2024-W07', '2024-W08']);
		expect(result.properties.categories['new-hot']).toBeGreaterThan(0);
		expect(Object.values(result.properties.categories).reduce((a, b) => a + b, 0)).toBe(result.properties.cells);
	});

	it('refuses fewer than 8 weeks with the typed error "too-few-weeks"', () => {
		const r = refusal(() => emergingHotspots(weeks(7), { studyArea: BOX }));
		expect(r.code).toBe('too-few-weeks');
		expect(r.message).toContain('minst 8 veckor, fick 7');
	});

	it('refuses weeks that do not follow each other, oldest first', () => {
		const list = weeks(9);
		const gap = [...list.slice(0, 4), ...list.slice(5)];
		expect(refusal(() => emergingHotspots(gap, { studyArea: BOX })).message).toContain('efter 2024-W04 kommer 2024-W05, inte 2024-W06');
		expect(refusal(() => emergingHotspots([...list].reverse(), { studyArea: BOX })).code).toBe('invalid-week');
		const bad = list.map((w, i) => (i === 2 ? { ...w, week: '2024-W3' } : w));
		expect(refusal(() => emergingHotspots(bad, { studyArea: BOX })).message).toContain('"2024-W3"');
	});

	it('accepts an empty week as an empty collection and lists weeks with few reports', () => {
		const list = weeks(8);
		const empty: FeatureCollection<Point> = { type: 'FeatureCollection', features: [] };
		list[3] = { week: list[3]!.week, reports: empty };
		const result = emergingHotspots(list, { studyArea: BOX });
		expect(result.properties.reports[3]).toBe(0);
		expect(result.properties.weeksWithFewReports).toEqual(['2024-W04']);
	});

	it('refuses a confidence other than 90, 95 or 99', () => {
		expect(refusal(() => emergingHotspots(weeks(8), { studyArea: BOX, confidence: 80 as never })).message).toContain('90, 95 eller 99');
	});
});
