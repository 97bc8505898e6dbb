/**
 * Hot spots of a week's reports: points → SWEREF 99 TM → counts on an anchored square grid (see
 * grid.ts) → Getis–Ord Gi* over the cell centres (hotspots.ts) → Benjamini–Hochberg FDR over the
 * cells (fdr.ts) → hot/cold at 90/95/99 % with and without the correction (hotspot-class.ts) →
 * the cells as WGS84 polygons.
 *
 * Distance band, default cell size × √2: each cell's neighbourhood is itself and the 8 cells
 * around it (a 600 m square at 200 m cells), the smallest band in which a cell's surroundings
 * count, so one busy cell alone is not a "hot spot" unless its neighbours are busy too. A larger
 * band (e.g. 2 × √2 × cell size, 5 × 5 cells) finds larger, smoother areas and misses small ones.
 * Cells at the edge of the study area have fewer neighbours; Gi* accounts for that in its variance.
 */
import type { FeatureCollection, Point, Polygon } from 'geojson';
import { checkBand, distanceBandNeighbours, type Neighbours } from './distance-band';
import { AnalysisInputError } from './errors';
import { benjaminiHochberg } from './fdr';
import { buildGrid, cellPolygon, checkGridOptions, countReports, projectReports, type Grid, type GridOptions } from './grid';
import { classifySpot, type Confidence, type SpotClass } from './hotspot-class';
import { giStarWithNeighbours, MIN_POINTS } from './hotspots';

export interface HotspotGridOptions extends GridOptions {
	/** Metres within which cell centres are neighbours (binary weights), ≥ cellSize. Default cellSize × √2. */
	distanceBand?: number;
	/** Classify with Benjamini–Hochberg-adjusted p-values (`class`, `confidence`). Default true. */
	fdr?: boolean;
}

export interface HotspotCell {
	/** `E<east>N<north>`: the cell's south-west corner in SWEREF 99 TM; the same cell every week. */
	id: string;
	/** Reports in the cell. */
	count: number;
	/** Cells in the cell's band, itself included (9 inside the area at the default band). */
	neighbours: number;
	/** Reports in those cells. */
	neighbourhoodCount: number;
	z: number;
	/** Two-sided p of z. */
	p: number;
	/** p adjusted for the false discovery rate over all cells (Benjamini–Hochberg). */
	pFdr: number;
	/** From pFdr when `fdr` (the default), else from p. */
	class: SpotClass;
	confidence: Confidence | null;
	/** −3 … 3 (ArcGIS Gi_Bin) for styling: ±3/±2/±1 = 99/95/90 %, + hot, − cold. */
	bin: number;
	/** From p, without the correction: more cells, more of them by chance. */
	classWithoutFdr: SpotClass;
	confidenceWithoutFdr: Confidence | null;
	binWithoutFdr: number;
}

export type HotspotWarningCode = 'no-reports' | 'few-reports' | 'reports-outside' | 'study-area-from-reports';

export interface HotspotWarning {
	code: HotspotWarningCode;
	/** Swedish, for the analyst. */
	message: string;
}

/** How the grid was laid: shared by the weekly and the emerging summaries. */
export interface GridSummary {
	crs: 'EPSG:3006';
	cellSize: number;
	origin: [number, number];
	distanceBand: number;
	/** How the cells were chosen: the study area's polygons, its box, or the reports' bounding grid. */
	studyArea: Grid['studyArea'];
	cells: number;
}

export interface HotspotGridSummary extends GridSummary {
	/** Reports counted in the cells. */
	reports: number;
	/** Reports outside every cell of the study area (not counted). */
	outside: number;
	meanPerCell: number;
	fdr: boolean;
	/** Cells per class and confidence, as classified (`class`). */
	hot: Record<Confidence, number>;
	cold: Record<Confidence, number>;
	warnings: HotspotWarning[];
}

export type HotspotGrid = FeatureCollection<Polygon, HotspotCell> & { properties: HotspotGridSummary };

/** Fewer reports than this and the normal approximation behind p is shaky (ArcGIS asks for ≥ 30 features). */
export const FEW_REPORTS = 30;

/**
 * Hot and cold spots of `reports` (points, WGS84) on a square grid.
 *
 * @example
 * const week = hotspotGrid(reportsOfWeek, { studyArea: jarvaDistricts, cellSize: 200 });
 * week.features.filter((c) => c.properties.class === 'hot'); // cells with confidence 90/95/99
 * week.properties.warnings; // e.g. [{ code: 'few-reports', message: 'Bara 12 rapporter …' }]
 */
export function hotspotGrid(reports: FeatureCollection<Point>, options: HotspotGridOptions = {}): HotspotGrid {
	const xy = projectReports(reports);
	const grid = buildGrid(options, xy);
	const band = checkHotspotBand(options, grid.cellSize);
	const neighbours = gridNeighbours(grid, band);
	const { counts, outside } = countReports(grid, xy);
	return gridResult(grid, band, neighbours, counts, outside, options.fdr ?? true, xy.length);
}

export function checkHotspotBand(options: HotspotGridOptions, cellSize = checkGridOptions(options).cellSize): number {
	const band = options.distanceBand ?? cellSize * Math.SQRT2;
	checkBand(band);
	if (band < cellSize) {
		throw new AnalysisInputError(
			`Avståndsbandet ${band} m är kortare än rutans sida ${cellSize} m: då är varje ruta sin enda granne. ` +
				`Ange minst ${cellSize} m (standard ${Math.round(cellSize * Math.SQRT2)} m, rutan och de 8 runt den).`,
			'invalid-option'
		);
	}
	if (typeof options.fdr !== 'undefined' && typeof options.fdr !== 'boolean') {
		throw new AnalysisInputError(`Ogiltigt val fdr ${JSON.stringify(options.fdr)}: ange true eller false.`, 'invalid-option');
	}
	return band;
}

export function gridNeighbours(grid: Grid, band: number): Neighbours | null {
	if (grid.cells.length < MIN_POINTS) return null;
	return distanceBandNeighbours(
		grid.cells.map((c) => c.centre),
		band
	);
}

/** Gi*, FDR and classes for one set of counts on a grid (one week). */
export function gridResult(
	grid: Grid,
	band: number,
	neighbours: Neighbours | null,
	counts: number[],
	outside: number,
	fdr: boolean,
	total: number
): HotspotGrid {
	if (!neighbours) {
		throw new AnalysisInputError(
			`Studieområdet ger ${grid.cells.length} ruta/rutor om ${grid.cellSize} m; Gi* behöver minst ${MIN_POINTS}. ` +
				'Välj mindre rutor eller ett större studieområde.',
			'too-few-points'
		);
	}
	const { z, p } = giStarWithNeighbours(neighbours, counts);
	const pFdr = benjaminiHochberg(p);
	const hot: Record<Confidence, number> = { 90: 0, 95: 0, 99: 0 };
	const cold: Record<Confidence, number> = { 90: 0, 95: 0, 99: 0 };

	const features = grid.cells.map((cell, i) => {
		let neighbourhoodCount = 0;
		for (let k = neighbours.offsets[i]!; k < neighbours.offsets[i + 1]!; k++) neighbourhoodCount += counts[neighbours.indices[k]!]!;
		const corrected = classifySpot(z[i]!, pFdr[i]!);
		const uncorrected = classifySpot(z[i]!, p[i]!);
		const used = fdr ? corrected : uncorrected;
		if (used.confidence) (used.class === 'hot' ? hot : cold)[used.confidence]++;
		return {
			type: 'Feature' as const,
			id: cell.id,
			properties: {
				id: cell.id,
				count: counts[i]!,
				neighbours: neighbours.offsets[i + 1]! - neighbours.offsets[i]!,
				neighbourhoodCount,
				z: z[i]!,
				p: p[i]!,
				pFdr: pFdr[i]!,
				class: used.class,
				confidence: used.confidence,
				bin: used.bin,
				classWithoutFdr: uncorrected.class,
				confidenceWithoutFdr: uncorrected.confidence,
				binWithoutFdr: uncorrected.bin
			},
			geometry: cellPolygon(grid, cell)
		};
	});

	const counted = total - outside;
	return {
		type: 'FeatureCollection',
		properties: {
			...gridSummary(grid, band),
			reports: counted,
			outside,
			meanPerCell: counted / grid.cells.length,
			fdr,
			hot,
			cold,
			warnings: warnings(grid, counted, outside)
		},
		features
	};
}

export function gridSummary(grid: Grid, band: number): GridSummary {
	return { crs: 'EPSG:3006', cellSize: grid.cellSize, origin: grid.origin, distanceBand: band, studyArea: grid.studyArea, cells: grid.cells.length };
}

function warnings(grid: Grid, counted: number, outside: number): HotspotWarning[] {
	const list: HotspotWarning[] = [];
	if (counted === 0) {
		list.push({ code: 'no-reports', message: 'Inga rapporter i studieområdet: det finns inga heta eller kalla områden att hitta.' });
	} else if (counted < FEW_REPORTS) {
		list.push({
			code: 'few-reports',
			message:
				`Bara ${counted} rapporter i studieområdet (färre än ${FEW_REPORTS}): sannolikheterna bygger på en normalfördelning ` +
				'som kräver fler, så läs heta och kalla områden som en antydan, inte ett resultat.'
		});
	}
	if (outside > 0) {
		list.push({
			code: 'reports-outside',
			message: `${outside} rapporter ligger utanför studieområdet och är inte med i analysen.`
		});
	}
	if (grid.studyArea === 'reports') {
		list.push({
			code: 'study-area-from-reports',
			message:
				'Inget studieområde angavs: rutnätet täcker rektangeln runt rapporterna. Tomma rutor utanför området där rapporter ' +
				'kan komma in (t.ex. vatten och fält) påverkar jämförelsen; ange stadsdelarna som studieområde.'
		});
	}
	return list;
}
