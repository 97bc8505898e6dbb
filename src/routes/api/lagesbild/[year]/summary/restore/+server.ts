import { json } from '@sveltejs/kit';
import { requireLagesbildEdit } from '$lib/server/auth/access';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYear, SummaryRestore } from '$lib/server/report/summary-store';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Makes an earlier version of the summary current again: `{ version, baseVersion }` → `{ summary }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		// before the body: an organisation that does not write the lägesbild is told so whatever it sent
		requireLagesbildEdit(viewerOf(event));
		const year = editionYear(event.params.year);
		const body = await readWrite(event.request, SummaryRestore, 4_096);
		const layers = layersFor(event);
		return write(event, async () => {
			const summary = await services().reportSummaries.restore(year, body.version, body.baseVersion, layers.viewer, layers.by);
			await audit(event, { action: 'report-summary-restore', target: `lagesbild ${year}`, detail: { restored: body.version, version: summary.version } });
			return json({ summary });
		});
	})) satisfies RequestHandler;
