import { json } from '@sveltejs/kit';
import { mayEditLagesbild, requireLagesbildEdit } from '$lib/server/auth/access';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYear, SummaryChange } from '$lib/server/report/summary-store';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The analysts' summary of the year's edition: `{ summary, mayEdit }` (version 0: never saved, its starting text). */
export const GET = ((event) =>
	answer(async () => {
		const year = editionYear(event.params.year);
		return json({ summary: await services().reportSummaries.get(year), mayEdit: mayEditLagesbild(viewerOf(event)) });
	})) satisfies RequestHandler;

/**
 * Replaces the summary's sections: `{ baseVersion, sections: [{ title, body }] }` → `{ summary }`,
 * a new version. District administrations' and the police's redaktörer (access.ts
 * requireLagesbildEdit); a stale baseVersion is a 409 with the summary as it is now.
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		// before the body: an organisation that does not write the lägesbild is told so whatever it sent
		requireLagesbildEdit(viewerOf(event));
		const year = editionYear(event.params.year);
		const body = await readWrite(event.request, SummaryChange, 200_000);
		const layers = layersFor(event);
		return write(event, async () => {
			const summary = await services().reportSummaries.update(year, body, layers.viewer, layers.by);
			await audit(event, { action: 'report-summary-update', target: `lagesbild ${year}`, detail: { version: summary.version, changed: await services().reportSummaries.lastChanged(year) } });
			return json({ summary });
		});
	})) satisfies RequestHandler;
