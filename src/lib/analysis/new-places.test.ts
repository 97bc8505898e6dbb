import { describe, expect, it } from 'vitest';
import { fromWgs84, toWgs84 } from '../geo/import/crs';
import { cellById, newPlaces } from './new-places';
import { AnalysisInputError } from './errors';

/** A point at SWEREF 99 TM metres (x, y), as [lon, lat]. */
const at = (x: number, y: number) => toWgs84([x, y], 'EPSG:3006') as [number, number];
// A 200 m cell in Husby: E 672400–672600, N 6589000–6589200.
const X = 672_400;
const Y = 6_589_000;

describe('newPlaces: reports this week where the cell and its neighbours had none before', () => {
	it('a cell with two reports and nothing around it before is new, with its id, count and centre', () => {
		const places = newPlaces([at(X + 50, Y + 50), at(X + 150, Y + 120)], [at(X + 5000, Y)]);
		expect(places).toHaveLength(1);
		expect(places[0]).toMatchObject({ cellId: `E${X}N${Y}`, cellSize: 200, count: 2 });
		const [cx, cy] = fromWgs84(places[0]!.centre, 'EPSG:3006');
		expect(cx).toBeCloseTo(X + 100, 0);
		expect(cy).toBeCloseTo(Y + 100, 0);
		expect(places[0]!.geometry.coordinates[0]).toHaveLength(5);
	});

	it('one report is not enough (minReports 2), unless asked for', () => {
		expect(newPlaces([at(X + 50, Y + 50)], [])).toEqual([]);
		expect(newPlaces([at(X + 50, Y + 50)], [], { minReports: 1 })).toHaveLength(1);
	});

	it('a report before in the same cell or in any of the eight around it makes it not new', () => {
		const week = [at(X + 50, Y + 50), at(X + 60, Y + 60)];
		for (const [dx, dy] of [[0, 0], [-200, 0], [200, 200], [0, -200], [-200, -200]] as const) {
			expect(newPlaces(week, [at(X + 100 + dx, Y + 100 + dy)])).toEqual([]);
		}
		// two cells away is another place
		expect(newPlaces(week, [at(X + 500, Y + 100)])).toHaveLength(1);
	});

	it('lists the busiest new place first', () => {
		const places = newPlaces([at(X + 10, Y + 10), at(X + 20, Y + 20), at(X + 1010, Y + 10), at(X + 1020, Y + 20), at(X + 1030, Y + 30)], []);
		expect(places.map((p) => p.count)).toEqual([3, 2]);
	});

	it('refuses a cell size or minimum that is no number of the kind', () => {
		expect(() => newPlaces([], [], { cellSize: 0 })).toThrow(AnalysisInputError);
		expect(() => newPlaces([], [], { minReports: 0 })).toThrow(AnalysisInputError);
	});
});

describe('cellById', () => {
	it('gives the cell back from its id, and refuses an id off the grid', () => {
		const cell = cellById(`E${X}N${Y}`, 200);
		const sw = fromWgs84(cell.geometry.coordinates[0]![0]!, 'EPSG:3006');
		expect(sw[0]).toBeCloseTo(X, 0);
		expect(sw[1]).toBeCloseTo(Y, 0);
		expect(() => cellById(`E${X + 50}N${Y}`, 200)).toThrow(/multipel/);
		expect(() => cellById('nonsense', 200)).toThrow(AnalysisInputError);
	});
});
