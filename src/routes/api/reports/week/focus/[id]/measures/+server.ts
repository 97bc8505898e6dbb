import { json } from '@sveltejs/kit';
import { FocusMeasureInput } from '$lib/weekly/focus';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * A short-term measure for a focus place – one of the app's measures (/atgarder): a new one,
 * `{ measure: { title, description?, ownerOrganisationId, dueDate, status } }`, placed at the focus
 * place, or an existing one, `{ measureId }`, linked. 201 `{ focusPlace, measureId }`.
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().focusPlaces;
		store.authorise(viewer, 'lägga till åtgärder för veckans fokusplatser');
		const input = await readWrite(event.request, FocusMeasureInput, 16_000);
		const layers = layersFor(event);
		return write(event, async () => {
			const result = await store.addMeasure(event.params.id, input, layers);
			await audit(event, { action: 'focus-place-measure', target: event.params.id, detail: { measure: result.measureId, created: 'measure' in input } });
			return json(result, { status: 201 });
		});
	})) satisfies RequestHandler;
