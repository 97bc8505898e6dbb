import { json } from '@sveltejs/kit';
import { requireLagesbildEdit } from '$lib/server/auth/access';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { PlanAreaChange } from '$lib/server/report/plan-store';
import { editionYear } from '$lib/server/report/summary-store';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Saves one collaboration area of the year's action plan: `{ baseVersion, description,
 * collaborators, goals, workForms, comment, results, priorities: [{ text, measureIds, places }] }`
 * → `{ area }`. A link to a measure or place the writer does not see is a 400; a stale
 * baseVersion a 409.
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		requireLagesbildEdit(viewerOf(event));
		const year = editionYear(event.params.year);
		const body = await readWrite(event.request, PlanAreaChange, 200_000);
		const layers = layersFor(event);
		return write(event, async () => {
			const area = await services().plan.update(year, event.params.id, body, layers);
			await audit(event, { action: 'plan-area-update', target: `${year}/${area.id}`, detail: { version: area.version } });
			return json({ area });
		});
	})) satisfies RequestHandler;
