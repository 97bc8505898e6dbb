import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { measureChange } from '$lib/server/measures/measure-input';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** One measure with its history (every version: who, when, before, after); 404 when the viewer may not see it. */
export const GET = ((event) =>
	answer(async () => {
		const store = services().measures;
		const layers = layersFor(event);
		const measure = await store.get(event.params.id, layers);
		return json({ measure, history: await store.history(measure.id, layers) });
	})) satisfies RequestHandler;

/**
 * Changes a measure (the organisation that carries it out, or the one that made it): `{ baseVersion,
 * title?, description?, ownerOrganisationId?, dueDate?, status? }`. A status must follow the
 * workflow (400 naming the allowed next statuses); a stale baseVersion is a 409.
 */
export const PATCH = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		const store = services().measures;
		await store.authorise(event.params.id, layers);
		const before = await store.get(event.params.id, layers);
		const { baseVersion, ...change } = await readWrite(event.request, measureChange, 64_000);
		return write(event, async () => {
			const measure = await store.update(event.params.id, baseVersion, change, layers);
			const changed = (['title', 'description', 'ownerOrganisationId', 'dueDate', 'status'] as const).filter((key) => before[key] !== measure[key]);
			await audit(event, { action: 'measure-update', target: measure.id, detail: { version: measure.version, changed, ...(change.status ? { status: [before.status, measure.status] } : {}) } });
			return json({ measure });
		});
	})) satisfies RequestHandler;
