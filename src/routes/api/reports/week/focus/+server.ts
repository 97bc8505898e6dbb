import { json } from '@sveltejs/kit';
import { FocusPlaceInput } from '$lib/weekly/focus';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * A focus place of a week (the weekly meeting: a redaktör of the district administration or the
 * police): `{ week, place: { kind: 'cell', cellId, cellSize } | { kind: 'point', position } |
 * { kind: 'feature', layerId, featureId }, name?, ownerOrganisationId, text }` → 201 `{ focusPlace }`.
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().focusPlaces;
		store.authorise(viewer);
		const input = await readWrite(event.request, FocusPlaceInput, 16_000);
		const layers = layersFor(event);
		return write(event, async () => {
			const focusPlace = await store.create(input, layers);
			await audit(event, { action: 'focus-place-create', target: focusPlace.id, detail: { week: focusPlace.week, owner: focusPlace.ownerOrganisationId } });
			return json({ focusPlace }, { status: 201 });
		});
	})) satisfies RequestHandler;
