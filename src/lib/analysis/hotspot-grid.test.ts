import type { FeatureCollection, Point, Polygon } from 'geojson';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { fromWgs84 } from '../geo/import/crs';
import { refusal } from './testing/refusal';
import { classifySpot } from './hotspot-class';
import { hotspotGrid } from './hotspot-grid';
import { syntheticReports, syntheticStudyBox } from './testing/reports';

const districts = JSON.parse(readFileSync(new URL('../../../geodata/layers/stadsdelar.geojson', import.meta.url), 'utf8')) as FeatureCollection<Polygon>;

const point = (lon: number, lat: number): FeatureCollection<Point>['features'][number] => ({
	type: 'Feature',
	properties: {},
	geometry: { type: 'Point', coordinates: [lon, lat] }
});
const collection = (...features: FeatureCollection<Point>['features']): FeatureCollection<Point> => ({ type: 'FeatureCollection', features });

const BOX = syntheticStudyBox(3_000);

describe('classifySpot', () => {
	it('reads 99/95/90 % at p ≤ 0.01/0.05/0.10, hot for z > 0 and cold for z < 0', () => {
		expect(classifySpot(3, 0.01)).toEqual({ class: 'hot', confidence: 99, bin: 3 });
		expect(classifySpot(2.5, 0.0101)).toEqual({ class: 'hot', confidence: 95, bin: 2 });
		expect(classifySpot(2, 0.05)).toEqual({ class: 'hot', confidence: 95, bin: 2 });
		expect(classifySpot(-1.7, 0.0501)).toEqual({ class: 'cold', confidence: 90, bin: -1 });
		expect(classifySpot(-1.65, 0.1)).toEqual({ class: 'cold', confidence: 90, bin: -1 });
		expect(classifySpot(1.6, 0.1001)).toEqual({ class: 'none', confidence: null, bin: 0 });
	});
});

describe('hotspotGrid', () => {
	it('anchors cells on multiples of the cell size in SWEREF 99 TM, whatever else is reported', () => {
		const alone = hotspotGrid(syntheticReports(1, 40, 3_000), { studyArea: BOX });
		const more = hotspotGrid(syntheticReports(2, 400, 3_000), { studyArea: BOX });
		expect(alone.features.map((f) => f.properties.id)).toEqual(more.features.map((f) => f.properties.id));
		for (const f of alone.features) {
			const [, e, n] = /^E(\d+)N(\d+)$/.exec(f.properties.id)!;
			expect(Number(e) % 200).toBe(0);
			expect(Number(n) % 200).toBe(0);
		}
	});

	it('draws each cell where its id says: the south-west corner projects back to E…N… within a millimetre', () => {
		const grid = hotspotGrid(syntheticReports(1, 40, 1_000), { studyArea: syntheticStudyBox(1_000) });
		for (const f of grid.features.slice(0, 20)) {
			const [, e, n] = /^E(\d+)N(\d+)$/.exec(f.properties.id)!;
			const [x, y] = fromWgs84(f.geometry.coordinates[0]![0]!, 'EPSG:3006');
			expect(Math.abs(x - Number(e))).toBeLessThan(0.01);
			expect(Math.abs(y - Number(n))).toBeLessThan(0.01);
		}
	});

	it('moves the cell edges with the origin option', () => {
		const grid = hotspotGrid(syntheticReports(1, 40, 1_000), { studyArea: syntheticStudyBox(1_000), origin: [50, 70] });
		const [, e, n] = /^E(\d+)N(\d+)$/.exec(grid.features[0]!.properties.id)!;
		expect((Number(e) - 50) % 200).toBe(0);
		expect((Number(n) - 70) % 200).toBe(0);
	});

	it("puts a report in the cell whose square holds it", () => {
		const report = point(17.93, 59.41);
		const [x, y] = fromWgs84([17.93, 59.41], 'EPSG:3006');
		const grid = hotspotGrid(collection(report), { studyArea: syntheticStudyBox(1_000) });
		const cell = grid.features.find((f) => f.properties.count === 1)!;
		expect(cell.properties.id).toBe(`E${Math.floor(x / 200) * 200}N${Math.floor(y / 200) * 200}`);
	});

	it('includes the empty cells of the study area: every cell overlapping Järva’s districts, with or without reports', () => {
		const grid = hotspotGrid(syntheticReports(3, 100, 2_000), { studyArea: districts });
		const empty = grid.features.filter((f) => f.properties.count === 0).length;
		expect(grid.properties.studyArea).toBe('polygons');
		// the cells cover the districts, plus a fringe of cells cut by the boundary
		const cellsOfArea = area(districts) / 40_000;
		expect(grid.properties.cells).toBeGreaterThan(cellsOfArea);
		expect(grid.properties.cells).toBeLessThan(cellsOfArea * 1.3);
		expect(empty).toBeGreaterThan(grid.properties.cells - 100);
	});

	it('counts reports outside the study area apart and warns about them', () => {
		const grid = hotspotGrid(collection(point(17.93, 59.41), point(18.07, 59.33)), { studyArea: districts });
		expect(grid.properties.reports).toBe(1);
		expect(grid.properties.outside).toBe(1);
		expect(grid.properties.warnings.map((w) => w.code)).toContain('reports-outside');
	});

	it('finds a cluster of 40 reports among 300 spread evenly as a hot spot at 99 %, with FDR', () => {
		const grid = hotspotGrid(syntheticReports(4, 300, 3_000, [{ east: 300, north: -200, count: 40 }]), { studyArea: BOX });
		const hot = grid.features.filter((f) => f.properties.class === 'hot');
		expect(hot.length).toBeGreaterThan(0);
		const busiest = grid.features.reduce((a, b) => (b.properties.count > a.properties.count ? b : a));
		expect(busiest.properties).toMatchObject({ class: 'hot', confidence: 99, bin: 3 });
		expect(grid.properties.hot[99]).toBeGreaterThan(0);
	});

	it('marks no hot or cold spots at all among reports spread evenly once corrected for FDR', () => {
		const grid = hotspotGrid(syntheticReports(5, 400, 3_000), { studyArea: BOX });
		const uncorrected = grid.features.filter((f) => f.properties.classWithoutFdr !== 'none').length;
		const corrected = grid.features.filter((f) => f.properties.class !== 'none').length;
		expect(corrected).toBeLessThanOrEqual(uncorrected);
		expect(corrected).toBe(0);
	});

	it('classifies from the uncorrected p when fdr is false', () => {
		const grid = hotspotGrid(syntheticReports(5, 400, 3_000), { studyArea: BOX, fdr: false });
		for (const f of grid.features) expect(f.properties.class).toBe(f.properties.classWithoutFdr);
		expect(grid.properties.fdr).toBe(false);
	});

	it('gives each inner cell 9 neighbours at the default band and 25 at 2√2 × the cell size', () => {
		const reports = syntheticReports(6, 200, 3_000);
		const small = hotspotGrid(reports, { studyArea: BOX });
		const large = hotspotGrid(reports, { studyArea: BOX, distanceBand: 400 * Math.SQRT2 });
		expect(Math.max(...small.features.map((f) => f.properties.neighbours))).toBe(9);
		expect(Math.max(...large.features.map((f) => f.properties.neighbours))).toBe(25);
		expect(small.properties.distanceBand).toBeCloseTo(282.84, 2);
	});

	it('says so when there are no reports or few, and then finds nothing', () => {
		const none = hotspotGrid(collection(), { studyArea: BOX });
		expect(none.properties.warnings.map((w) => w.code)).toEqual(['no-reports']);
		expect(none.features.every((f) => f.properties.z === 0 && f.properties.class === 'none')).toBe(true);
		const few = hotspotGrid(syntheticReports(7, 12, 3_000), { studyArea: BOX });
		expect(few.properties.warnings[0]).toMatchObject({ code: 'few-reports' });
		expect(few.properties.warnings[0]!.message).toContain('Bara 12 rapporter');
	});

	it('falls back to the bounding grid of the reports without a study area, and warns', () => {
		const grid = hotspotGrid(syntheticReports(8, 100, 1_000));
		expect(grid.properties.studyArea).toBe('reports');
		expect(grid.properties.outside).toBe(0);
		expect(grid.properties.warnings.map((w) => w.code)).toContain('study-area-from-reports');
	});

	it('refuses a bad cell size, a band shorter than a cell, a point outside Sweden and a study area of points', () => {
		const reports = syntheticReports(9, 10, 1_000);
		expect(refusal(() => hotspotGrid(reports, { cellSize: 150.5 })).message).toContain('cellstorlek 150.5');
		expect(refusal(() => hotspotGrid(reports, { distanceBand: 100 })).code).toBe('invalid-option');
		expect(refusal(() => hotspotGrid(collection(point(6593000, 674000)))).message).toContain('utanför Sverige');
		expect(refusal(() => hotspotGrid(reports, { studyArea: reports as never })).message).toContain('Point');
		expect(refusal(() => hotspotGrid(reports, { studyArea: [17.9, 59.4, 17.8, 59.5] })).message).toContain('studieområde');
	});

	it('refuses a grid of more than 250 000 cells instead of running out of memory', () => {
		expect(refusal(() => hotspotGrid(collection(), { studyArea: [11, 55.5, 24, 69], cellSize: 10 })).message).toMatch(/rutor om 10 m, mer än 250.000/);
	});
});
