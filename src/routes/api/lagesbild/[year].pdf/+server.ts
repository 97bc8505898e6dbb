import { audit, layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { lagesbildInput, lagesbildPdf, lagesbildStores, pdfDisposition } from '$lib/server/report/lagesbild';
import { editionYear } from '$lib/server/report/summary-store';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * "Lägesbild Järva {year}" as a PDF, the asking account's edition: what it may not see is left
 * out (see lagesbild.ts). The same data gives the same bytes; a repeated request is served from a
 * small cache. `Server-Timing` says what the build and the compile took.
 */
export const GET = ((event) =>
	answer(async () => {
		const year = editionYear(event.params.year);
				const input = await lagesbildInput(year, lagesbildStores(layersFor(event), services()));
		const made = await lagesbildPdf(input);
		await audit(event, { action: 'report-read', target: `lagesbild ${year}`, detail: { drugScenes: input.drugScenes !== null, cached: made.cached } });
		return new Response(new Uint8Array(made.pdf), {
			headers: {
				'content-type': 'application/pdf',
				'content-disposition': pdfDisposition(year),
				'content-length': String(made.pdf.length),
				'cache-control': 'private, no-store',
				'server-timing': `build;dur=${made.buildMs}, compile;dur=${made.compileMs}${made.cached ? ', cache;desc="hit"' : ''}`
			}
		});
	})) satisfies RequestHandler;
