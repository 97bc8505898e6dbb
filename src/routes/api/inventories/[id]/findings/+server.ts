import { json } from '@sveltejs/kit';
import { FindingInput } from '$lib/inventory/categories';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * A finding recorded on a device by an organisation taking part (`FindingInput`, keyed by its clientId) → 201 `{ finding }`;
 * the same clientId again → 200 with the finding already stored (a resend from the outbox).
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const store = services().inventories;
		store.authorise(event.params.id, 'add-finding', viewerOf(event));
		const input = await readWrite(event.request, FindingInput, 100_000);
		return write(event, () => {
			const { finding, created } = store.addFinding(event.params.id, input, layersFor(event));
			if (created) auditInventory(event, 'finding-create', `${event.params.id}/${finding.id}`, { category: finding.category });
			return json({ finding }, { status: created ? 201 : 200 });
		});
	})) satisfies RequestHandler;
