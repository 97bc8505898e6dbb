/**
 * The week's lägesbild from the reports the viewer may see (issue 16, item 3): the week's reports
 * after the filters, this week against the previous four (week-comparison.ts), the hot and cold
 * spots of the week on the anchored SWEREF 99 TM grid (hotspot-grid.ts, Gi* with FDR), and the
 * emerging hot spots over the last `emergingWeeks` weeks (8–12) as far as the data allows. Pure
 * wiring: the analysis is in src/lib/analysis.
 */
import type { Feature, FeatureCollection, Point, Polygon } from 'geojson';
import { addWeeks } from '$lib/analysis/iso-week';
import { compareWeeks, type WeekComparison } from '$lib/analysis/week-comparison';
import { emergingHotspots, hotspotGrid, type EmergingCell, type EmergingSummary, type HotspotCell, type HotspotGridSummary } from '$lib/analysis/weekly';
import { AnalysisInputError } from '$lib/analysis/errors';
import type { Report } from '$lib/reports/model';
import type { Viewer } from '../auth/access';
import type { Districts } from './districts';
import type { ReportFilter, ReportStore } from './report-store';

export interface WeekOptions {
	week: string;
	filter: Omit<ReportFilter, 'fromWeek' | 'toWeek'>;
	cellSize: number;
	fdr: boolean;
	/** 8–12 from the API; 0 leaves the emerging hot spots out (the weekly meeting and its PDF do not show them). */
	emergingWeeks: number;
}

export interface WeekPicture {
	week: string;
	reports: Report[];
	/** Whether the viewer sees every organisation's reports (else only their own). */
	seesAll: boolean;
	comparison: WeekComparison;
	/** Cells with reports, or hot or cold: the rest of the grid is empty and average. `district`: where the cell's centre lies. */
	hotspots: FeatureCollection<Polygon, HotspotCell & { district: string | null }> & { properties: HotspotGridSummary };
	/** null with `emergingProblem` when too few weeks have reports. */
	emerging: (FeatureCollection<Polygon, EmergingCell> & { properties: EmergingSummary }) | null;
	emergingProblem: string | null;
	/** Any of the shown reports is invented (demo). */
	examples: boolean;
	districts: string[];
}

const points = (reports: Report[]): FeatureCollection<Point> => ({
	type: 'FeatureCollection',
	features: reports.map((r): Feature<Point> => ({ type: 'Feature', properties: { id: r.id }, geometry: { type: 'Point', coordinates: r.position } }))
});

/** The middle of a cell's (square) ring. */
function centre(cell: Polygon): [number, number] {
	const ring = cell.coordinates[0]!.slice(0, -1);
	return [ring.reduce((a, p) => a + p[0]!, 0) / ring.length, ring.reduce((a, p) => a + p[1]!, 0) / ring.length];
}

export async function weekPicture(store: ReportStore, districts: Districts, viewer: Viewer, { week, filter, cellSize, fdr, emergingWeeks }: WeekOptions): Promise<WeekPicture> {
	const first = addWeeks(week, -Math.max(4, emergingWeeks - 1));
	const all = await store.list({ ...filter, fromWeek: first, toWeek: week }, viewer);
	const byWeek = new Map<string, Report[]>();
	for (const r of all) byWeek.set(r.week, [...(byWeek.get(r.week) ?? []), r]);
	const thisWeek = byWeek.get(week) ?? [];
	const studyArea = districts.collection();
	const names = districts.names();
	const categories = (await store.categories()).filter((c) => c.active).map((c) => c.id);

	const comparison = compareWeeks(
		all.map((r) => ({ week: r.week, category: r.category, district: r.district })),
		week,
		{ categories, districts: names }
	);
	const grid = hotspotGrid(points(thisWeek), { studyArea, cellSize, fdr });
	const hotspots = {
		...grid,
		features: grid.features
			.filter((c) => c.properties.count > 0 || c.properties.class !== 'none')
			.map((c) => ({ ...c, properties: { ...c.properties, district: districts.at(centre(c.geometry)) } }))
	};

	let emerging: WeekPicture['emerging'] = null;
	let emergingProblem: string | null = null;
	const weeks = Array.from({ length: emergingWeeks }, (_, i) => addWeeks(week, i - emergingWeeks + 1));
	const firstWithReports = weeks.findIndex((w) => (byWeek.get(w)?.length ?? 0) > 0);
	const usable = firstWithReports < 0 ? [] : weeks.slice(firstWithReports);
	if (usable.length < 8) {
		emergingProblem = `Framväxande heta områden kräver minst 8 veckor i följd med rapporter; de filtrerade rapporterna räcker till ${usable.length}.`;
	} else {
		try {
			const result = emergingHotspots(
				usable.map((w) => ({ week: w, reports: points(byWeek.get(w) ?? []) })),
				{ studyArea, cellSize, fdr }
			);
			emerging = { ...result, features: result.features.filter((c) => c.properties.category !== 'none') };
		} catch (err) {
			if (!(err instanceof AnalysisInputError)) throw err;
			emergingProblem = err.message;
		}
	}
	return { week, reports: thisWeek, seesAll: store.seesAll(viewer), comparison, hotspots, emerging, emergingProblem, examples: thisWeek.some((r) => r.example), districts: names };
}
