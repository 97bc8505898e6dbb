/**
 * The square grid hot spots are counted on, in SWEREF 99 TM (EPSG:3006, metres). Internal to the
 * hot spot modules.
 *
 * Anchored: cell edges lie on multiples of the cell size from a fixed origin (default E 0, N 0 of
 * SWEREF 99 TM), never on the data, so a cell is the same square every week and its id
 * (`E<east>N<north>` of its south-west corner) can be compared across weeks and stored.
 *
 * The study area decides which cells exist, empty ones included. Gi* compares each cell's
 * neighbourhood with the mean and spread over ALL cells: leaving out cells without reports would
 * make the mean that of busy cells only, and nothing would stand out. But every empty cell also
 * pulls the mean down, so the area must be where reports could have come from (Järva's districts),
 * not a bounding box over fields and water. Cells are those overlapping the study area (by area,
 * so no report inside the area is lost); without one, the bounding grid of the reports.
 */
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { fromWgs84, SWEDEN_BOUNDS, toWgs84 } from '../geo/import/crs';
import { AnalysisInputError } from './errors';
import { assertCollection, describeFeature } from './input';
import type { LocalMetric, XY } from './local-metric';
import { intersectionArea, projectShape, shapeBBox, type Shape } from './planar';

export interface GridOptions {
	/** Side of a cell in metres, a whole number ≥ 10. Default 200. */
	cellSize?: number;
	/** SWEREF 99 TM [east, north] the cell edges are counted from. Default [0, 0]. */
	origin?: [number, number];
	/**
	 * Where reports could have come from: polygons (e.g. Järva's districts, WGS84) or a
	 * [west, south, east, north] box in degrees. Default: the bounding grid of the reports.
	 */
	studyArea?: FeatureCollection<Polygon | MultiPolygon> | [number, number, number, number];
}

export interface GridCell {
	id: string;
	col: number;
	row: number;
	/** Centre in SWEREF 99 TM metres. */
	centre: XY;
}

export interface Grid {
	cellSize: number;
	origin: [number, number];
	cells: GridCell[];
	/** 'col,row' → index in `cells`. */
	lookup: Map<string, number>;
	/** How the cells were chosen, for the summary. */
	studyArea: 'polygons' | 'bbox' | 'reports';
}

/** More cells than this is a mistake (a 10 m grid over a whole county), not an analysis. */
export const MAX_CELLS = 250_000;

export const DEFAULT_CELL_SIZE = 200;

const key = (col: number, row: number) => `${col},${row}`;

/** WGS84 → SWEREF 99 TM as a "metric" the planar helpers take. */
const SWEREF: LocalMetric = {
	origin: [15, 0],
	project: (position: Position) => fromWgs84(position, 'EPSG:3006'),
	unproject: (xy: readonly number[]) => toWgs84(xy, 'EPSG:3006')
};

export function checkGridOptions(options: GridOptions): { cellSize: number; origin: [number, number] } {
	const cellSize = options.cellSize ?? DEFAULT_CELL_SIZE;
	if (typeof cellSize !== 'number' || !Number.isInteger(cellSize) || cellSize < 10) {
		throw new AnalysisInputError(
			`Ogiltig cellstorlek ${JSON.stringify(cellSize)}: ange hela meter, minst 10 (standard 200).`,
			'invalid-option'
		);
	}
	const origin = options.origin ?? [0, 0];
	if (!Array.isArray(origin) || origin.length !== 2 || !origin.every((v) => typeof v === 'number' && Number.isFinite(v))) {
		throw new AnalysisInputError(
			`Ogiltigt rutnätsorigo ${JSON.stringify(origin)}: ange [öst, norr] i SWEREF 99 TM (meter).`,
			'invalid-option'
		);
	}
	return { cellSize, origin: [origin[0], origin[1]] };
}

/** Report points in SWEREF 99 TM, checked to lie in Sweden. */
export function projectReports(reports: unknown, what = 'reports'): XY[] {
	assertCollection(reports, what);
	return reports.features.map((feature: Feature, index) => {
		const geometry = feature.geometry as Point | null;
		if (geometry?.type !== 'Point') {
			throw new AnalysisInputError(
				`${what}: ${describeFeature(feature, index)} har geometrin ${geometry?.type ?? 'null'}; en rapport är en punkt (Point).`
			);
		}
		const [lon, lat] = geometry.coordinates;
		if (!inSweden(lon, lat)) {
			throw new AnalysisInputError(
				`${what}: ${describeFeature(feature, index)} ligger i ${JSON.stringify(geometry.coordinates)}, utanför Sverige: ` +
					'ange [longitud, latitud] i WGS 84 (grader).'
			);
		}
		return SWEREF.project([lon!, lat!]);
	});
}

function inSweden(lon: unknown, lat: unknown): boolean {
	return (
		typeof lon === 'number' &&
		typeof lat === 'number' &&
		lon >= SWEDEN_BOUNDS[0] &&
		lon <= SWEDEN_BOUNDS[2] &&
		lat >= SWEDEN_BOUNDS[1] &&
		lat <= SWEDEN_BOUNDS[3]
	);
}

/** The cells of the study area (or of the reports' bounding grid), in row-then-column order. */
export function buildGrid(options: GridOptions, reports: readonly XY[]): Grid {
	const { cellSize, origin } = checkGridOptions(options);
	const colOf = (x: number) => Math.floor((x - origin[0]) / cellSize);
	const rowOf = (y: number) => Math.floor((y - origin[1]) / cellSize);
	const picked = new Map<string, [number, number]>();
	const pick = (col: number, row: number) => {
		picked.set(key(col, row), [col, row]);
		if (picked.size > MAX_CELLS) {
			throw new AnalysisInputError(
				`Studieområdet ger fler än ${MAX_CELLS.toLocaleString('sv-SE')} rutor om ${cellSize} m: välj större rutor eller ett mindre område.`,
				'invalid-option'
			);
		}
	};
	const cellBox = (box: [number, number, number, number]) => ({
		colMin: colOf(box[0]),
		rowMin: rowOf(box[1]),
		// a box edge exactly on a cell edge does not reach into the next cell
		colMax: Math.ceil((box[2] - origin[0]) / cellSize) - 1,
		rowMax: Math.ceil((box[3] - origin[1]) / cellSize) - 1
	});
	const checkSpan = (b: ReturnType<typeof cellBox>) => {
		const count = (b.colMax - b.colMin + 1) * (b.rowMax - b.rowMin + 1);
		if (count > MAX_CELLS) {
			throw new AnalysisInputError(
				`Studieområdet spänner över ${count.toLocaleString('sv-SE')} rutor om ${cellSize} m, mer än ${MAX_CELLS.toLocaleString('sv-SE')}: ` +
					'välj större rutor eller ett mindre område.',
				'invalid-option'
			);
		}
	};
	let studyArea: Grid['studyArea'];
	const area = options.studyArea;

	if (area === undefined) {
		studyArea = 'reports';
		if (reports.length > 0) {
			const xs = reports.map((p) => p[0]);
			const ys = reports.map((p) => p[1]);
			const b = {
				colMin: colOf(Math.min(...xs)),
				rowMin: rowOf(Math.min(...ys)),
				colMax: colOf(Math.max(...xs)),
				rowMax: rowOf(Math.max(...ys))
			};
			checkSpan(b);
			for (let row = b.rowMin; row <= b.rowMax; row++) for (let col = b.colMin; col <= b.colMax; col++) pick(col, row);
		}
	} else if (Array.isArray(area)) {
		studyArea = 'bbox';
		const [w, s, e, n] = area;
		if (area.length !== 4 || !inSweden(w, s) || !inSweden(e, n) || !(w! < e!) || !(s! < n!)) {
			throw new AnalysisInputError(
				`Ogiltigt studieområde ${JSON.stringify(area)}: ange [väst, syd, öst, norr] i grader inom Sverige.`,
				'invalid-option'
			);
		}
		const corners = [SWEREF.project([w, s]), SWEREF.project([e, s]), SWEREF.project([e, n]), SWEREF.project([w, n])];
		const b = cellBox([
			Math.min(...corners.map((c) => c[0])),
			Math.min(...corners.map((c) => c[1])),
			Math.max(...corners.map((c) => c[0])),
			Math.max(...corners.map((c) => c[1]))
		]);
		checkSpan(b);
		for (let row = b.rowMin; row <= b.rowMax; row++) for (let col = b.colMin; col <= b.colMax; col++) pick(col, row);
	} else {
		studyArea = 'polygons';
		for (const shape of readStudyArea(area)) {
			const b = cellBox(shapeBBox(shape));
			checkSpan(b);
			for (let row = b.rowMin; row <= b.rowMax; row++) {
				for (let col = b.colMin; col <= b.colMax; col++) {
					if (picked.has(key(col, row))) continue;
					const x = origin[0] + col * cellSize;
					const y = origin[1] + row * cellSize;
					const square: Shape = [[[[x, y], [x + cellSize, y], [x + cellSize, y + cellSize], [x, y + cellSize]]]];
					if (intersectionArea(square, shape) > 0) pick(col, row);
				}
			}
		}
	}

	const cells = [...picked.values()]
		.sort((a, b) => a[1] - b[1] || a[0] - b[0])
		.map(([col, row]): GridCell => {
			const x = origin[0] + col * cellSize;
			const y = origin[1] + row * cellSize;
			return { id: `E${round(x)}N${round(y)}`, col, row, centre: [x + cellSize / 2, y + cellSize / 2] };
		});
	return { cellSize, origin, cells, lookup: new Map(cells.map((c, i) => [key(c.col, c.row), i])), studyArea };
}

function readStudyArea(area: unknown): Shape[] {
	assertCollection(area, 'studyArea');
	if (area.features.length === 0) {
		throw new AnalysisInputError('Studieområdet är tomt: ange minst en yta (t.ex. Järvas stadsdelar).', 'invalid-option');
	}
	return area.features.map((feature, index) => {
		const geometry = feature.geometry;
		if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') {
			throw new AnalysisInputError(
				`studyArea: ${describeFeature(feature, index)} har geometrin ${geometry?.type ?? 'null'}; studieområdet består av ytor (Polygon, MultiPolygon).`,
				'invalid-option'
			);
		}
		for (const ring of (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).flat()) {
			for (const p of ring) {
				if (!inSweden(p[0], p[1])) {
					throw new AnalysisInputError(
						`studyArea: ${describeFeature(feature, index)} har punkten ${JSON.stringify(p)} utanför Sverige: ange [longitud, latitud] i WGS 84.`,
						'invalid-option'
					);
				}
			}
		}
		return projectShape(geometry, SWEREF);
	});
}

/** Reports per cell (in `grid.cells` order), and how many fell outside every cell. */
export function countReports(grid: Grid, reports: readonly XY[]): { counts: number[]; outside: number } {
	const counts = new Array<number>(grid.cells.length).fill(0);
	let outside = 0;
	for (const [x, y] of reports) {
		const col = Math.floor((x - grid.origin[0]) / grid.cellSize);
		const row = Math.floor((y - grid.origin[1]) / grid.cellSize);
		const i = grid.lookup.get(key(col, row));
		if (i === undefined) outside++;
		else counts[i]!++;
	}
	return { counts, outside };
}

/** A cell as a WGS84 polygon (its four SWEREF corners unprojected; edges straight in lon/lat). */
export function cellPolygon(grid: Grid, cell: GridCell): Polygon {
	const x = grid.origin[0] + cell.col * grid.cellSize;
	const y = grid.origin[1] + cell.row * grid.cellSize;
	const s = grid.cellSize;
	const ring = [
		[x, y],
		[x + s, y],
		[x + s, y + s],
		[x, y + s],
		[x, y]
	].map((p) => SWEREF.unproject(p).map((v) => Math.round(v * 1e7) / 1e7));
	return { type: 'Polygon', coordinates: [ring] };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
