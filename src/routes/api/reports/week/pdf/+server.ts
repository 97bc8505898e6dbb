import { audit, layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { currentWeek, weekParam } from '$lib/server/reports/report-input';
import { weekPdfDisposition, weekReportInput, weekReportPdf } from '$lib/server/reports/week-pdf';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The week's lägesbild as a PDF (`?week=2026-W49`, default this week), the asking account's
 * edition: the reports it may see, the focus places it may see. Built with the yearly
 * lägesbild's Typst machinery; `Server-Timing` says what the build took.
 */
export const GET = ((event) =>
	answer(async () => {
		const week = weekParam(event.url, 'week', currentWeek());
		const input = await weekReportInput(week, layersFor(event), services());
		const made = weekReportPdf(input);
		await audit(event, { action: 'report-read', target: `veckans lägesbild ${week}`, detail: { seesAll: input.seesAll, focusPlaces: input.focusPlaces.length } });
		return new Response(new Uint8Array(made.pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': weekPdfDisposition(week),
				'content-length': String(made.pdf.length),
				'cache-control': 'private, no-store',
				'server-timing': `build;dur=${made.ms}`
			}
		});
	})) satisfies RequestHandler;
