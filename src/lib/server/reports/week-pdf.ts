/**
 * The week's lägesbild for one reader (issue 16, item 6): the input of the week document
 * (src/lib/report/week-document.ts) gathered from the stores as the reader sees them – the week's
 * picture at the meeting's settings (200 m cells, FDR on, no filter), the week's focus places and
 * last week's follow-up – and the PDF made with the yearly lägesbild's machinery (compile-pdf.ts,
 * the same fonts, the same map background and district layer). One PDF way.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import { addWeeks } from '$lib/analysis/iso-week';
import { buildWeekReport, weekMapSvg, type WeekReportInput } from '$lib/report/week-document';
import type { LayerView } from '../layer-view';
import { compilePdf } from '../report/compile-pdf';
import { districtLayer, mapBackground, reportLayer } from '../report/lagesbild';
import type { Services } from '../services';
import { MEETING_CELL_SIZE } from './week-meeting';
import { weekPicture } from './week-service';

export async function weekReportInput(week: string, layers: LayerView, stores: Pick<Services, 'reports' | 'districts' | 'focusPlaces'>): Promise<WeekReportInput> {
	const viewer = layers.viewer;
	const picture = await weekPicture(stores.reports, stores.districts, viewer, { week, filter: {}, cellSize: MEETING_CELL_SIZE, fdr: true, emergingWeeks: 0 });
	const context = await mapBackground();
	return {
		week,
		reader: viewer.organisation.name,
		seesAll: picture.seesAll,
		examples: picture.examples,
		reports: picture.reports.map((r) => r.position),
		cells: picture.hotspots.features.filter((c) => c.properties.class !== 'none').map((c) => ({ ...c.properties, geometry: c.geometry })),
		cellSize: MEETING_CELL_SIZE,
		fdr: true,
		comparison: picture.comparison,
		categoryLabels: Object.fromEntries((await stores.reports.categories()).map((c) => [c.id, c.label])),
		focusPlaces: await stores.focusPlaces.list(week, layers),
		followUp: await stores.focusPlaces.list(addWeeks(week, -1), layers),
		districts: reportLayer<Polygon | MultiPolygon>(layers, districtLayer(layers)),
		context
	};
}

/** The PDF's bytes and what building it took. */
export function weekReportPdf(input: WeekReportInput): { pdf: Buffer; ms: number } {
	const start = performance.now();
	const pdf = compilePdf(buildWeekReport(input));
	return { pdf, ms: Math.round(performance.now() - start) };
}

export { weekMapSvg };

/** "veckans-lagesbild-2026-W49.pdf". */
export const weekPdfDisposition = (week: string) => `attachment; filename="veckans-lagesbild-${week}.pdf"`;
