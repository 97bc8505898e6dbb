import { json } from '@sveltejs/kit';
import { FindingPlaceInput, PLACES_LAYER } from '$lib/inventory/model';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * `{ featureId }` joins the finding to that insecure place (200); `{ name?, category? }` makes a
 * new place in otrygga-platser at the finding (201, source: the walk, example: false).
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, findingId } = event.params;
		const store = services().inventories;
		await store.authorise(id, 'finding', viewerOf(event), findingId);
		const input = await readWrite(event.request, FindingPlaceInput, 100_000);
		return write(event, async () => {
			const result = await store.findingToPlace(id, findingId, input, layersFor(event));
			const placeId = String(result.place.properties.id);
			if (result.created) await auditInventory(event, 'feature-create', `${PLACES_LAYER}/${placeId}`, { origin: `inventory/${id}`, finding: findingId });
			await auditInventory(event, 'finding-place', `${id}/${findingId}`, { place: placeId });
			return json({ finding: result.finding, place: result.place }, { status: result.created ? 201 : 200 });
		});
	})) satisfies RequestHandler;
