import { answer } from '$lib/server/http';
import { layersFor } from '$lib/server/guard';
import { currentWeek, weekParam } from '$lib/server/reports/report-input';
import { weekMapSvg, weekReportInput } from '$lib/server/reports/week-pdf';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The week's map as SVG (`?week=2026-W49`): the same figure as in the PDF – district outlines,
 * hot and cold cells, the reports and the focus places numbered, with legend, sources and the
 * example mark – for the printable page. The asking account's edition.
 */
export const GET = ((event) =>
	answer(async () => {
		const week = weekParam(event.url, 'week', currentWeek());
		const input = await weekReportInput(week, layersFor(event), services());
		// A browser shows an SVG image with the system's fonts only: fall back to a sans-serif like the PDF's Noto Sans.
		const svg = weekMapSvg(input, 720).replace('font-family="Noto Sans"', 'font-family="Noto Sans, DejaVu Sans, Arial, sans-serif"');
		return new Response(svg, { headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store' } });
	})) satisfies RequestHandler;
