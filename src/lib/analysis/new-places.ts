/**
 * New places for the weekly meeting's agenda (issue 16, item 5): where reports appear this week
 * that had none in the weeks before. Precisely (NEW_PLACE_RULE in src/lib/weekly/focus.ts):
 *
 *   a cell of the anchored SWEREF 99 TM grid (the hot spots' grid: edges on multiples of the cell
 *   size, default 200 m) is a new place when it has at least `minReports` (default 2) of this
 *   week's reports, and neither it nor any of its eight surrounding cells has a single report in
 *   the previous weeks given (the meeting gives four).
 *
 * The surrounding cells are included so that a place whose reports merely moved across a cell
 * edge is not "new". Pure: the caller passes the reports' points (WGS84).
 */
import type { Polygon } from 'geojson';
import { fromWgs84, toWgs84 } from '../geo/import/crs';
import { AnalysisInputError } from './errors';

export interface NewPlace {
	/** `E<east>N<north>` of the cell's south-west corner, as the hot spots' cells. */
	cellId: string;
	cellSize: number;
	count: number;
	/** The cell's centre [lon, lat]. */
	centre: [number, number];
	geometry: Polygon;
}

export interface NewPlaceOptions {
	cellSize?: number;
	minReports?: number;
}

const SW = (x: number, y: number, size: number) => [Math.floor(x / size), Math.floor(y / size)] as const;

/** A cell of the anchored grid (origin 0, 0) by id: its polygon (WGS84) and centre. @throws AnalysisInputError for an id that is not one. */
export function cellById(cellId: string, cellSize: number): { geometry: Polygon; centre: [number, number] } {
	const match = /^E(-?\d+)N(-?\d+)$/.exec(cellId);
	if (!match || !Number.isInteger(cellSize) || cellSize < 10) throw new AnalysisInputError(`Rutan ${cellId.slice(0, 40)} finns inte i rutnätet (id skrivs E<öst>N<norr>).`, 'invalid-option');
	const x = Number(match[1]);
	const y = Number(match[2]);
	if (x % cellSize !== 0 || y % cellSize !== 0) {
		throw new AnalysisInputError(`Rutan ${cellId} ligger inte i rutnätet med ${cellSize} m rutor (hörnet ska vara en multipel av ${cellSize}).`, 'invalid-option');
	}
	const ring = [
		[x, y],
		[x + cellSize, y],
		[x + cellSize, y + cellSize],
		[x, y + cellSize],
		[x, y]
	].map((p) => toWgs84(p, 'EPSG:3006').map((v) => Math.round(v * 1e7) / 1e7));
	const centre = toWgs84([x + cellSize / 2, y + cellSize / 2], 'EPSG:3006').map((v) => Math.round(v * 1e6) / 1e6) as [number, number];
	return { geometry: { type: 'Polygon', coordinates: [ring] }, centre };
}

/**
 * @example
 * newPlaces([[17.93, 59.41], [17.9301, 59.4101]], []); // one cell with count 2
 */
export function newPlaces(thisWeek: readonly [number, number][], before: readonly [number, number][], options: NewPlaceOptions = {}): NewPlace[] {
	const cellSize = options.cellSize ?? 200;
	const minReports = options.minReports ?? 2;
	if (!Number.isInteger(cellSize) || cellSize < 10) throw new AnalysisInputError(`Ogiltig cellstorlek ${cellSize}: ange hela meter, minst 10.`, 'invalid-option');
	if (!Number.isInteger(minReports) || minReports < 1) throw new AnalysisInputError(`Ogiltigt minsta antal rapporter ${minReports}: ange ett heltal ≥ 1.`, 'invalid-option');
	const key = (c: number, r: number) => `${c},${r}`;
	const earlier = new Set<string>();
	for (const p of before) {
		const [x, y] = fromWgs84(p, 'EPSG:3006');
		const [c, r] = SW(x, y, cellSize);
		earlier.add(key(c, r));
	}
	const counts = new Map<string, { c: number; r: number; n: number }>();
	for (const p of thisWeek) {
		const [x, y] = fromWgs84(p, 'EPSG:3006');
		const [c, r] = SW(x, y, cellSize);
		const k = key(c, r);
		const cell = counts.get(k) ?? { c, r, n: 0 };
		cell.n++;
		counts.set(k, cell);
	}
	const places: NewPlace[] = [];
	for (const { c, r, n } of counts.values()) {
		if (n < minReports) continue;
		let seen = false;
		for (let dc = -1; dc <= 1 && !seen; dc++) for (let dr = -1; dr <= 1 && !seen; dr++) seen = earlier.has(key(c + dc, r + dr));
		if (seen) continue;
		const cellId = `E${c * cellSize}N${r * cellSize}`;
		places.push({ cellId, cellSize, count: n, ...cellById(cellId, cellSize) });
	}
	return places.sort((a, b) => b.count - a.count || a.cellId.localeCompare(b.cellId));
}
