import { json } from '@sveltejs/kit';
import { FindingMeasureInput } from '$lib/inventory/model';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The finding becomes a measure: `{ title, ownerOrganisationId, dueDate, description? }` →
 * 201 `{ measure, finding }` (status föreslagen, origin this walk), in one transaction.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { id, findingId } = event.params;
		const store = services().inventories;
		await store.authorise(id, 'finding', viewerOf(event), findingId);
		const input = await readWrite(event.request, FindingMeasureInput, 100_000);
		return write(event, async () => {
			const result = await store.findingToMeasure(id, findingId, input, services().measures, layersFor(event));
			await auditInventory(event, 'measure-create', result.measure.id, { origin: `inventory/${id}`, finding: findingId });
			await auditInventory(event, 'finding-measure', `${id}/${findingId}`, { measure: result.measure.id });
			return json(result, { status: 201 });
		});
	})) satisfies RequestHandler;
