import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** Adds a feature: `{ feature }` → 201 with the stored feature (version 1). */
export const POST = ((event) =>
	answer(async () => {
		// Role first: a läsare hears 403 whatever the body holds.
		requireRole(event, 'redaktör');
		// A hidden or unknown layer is a 404 before the body is read: a 400 would tell it exists.
		layersFor(event).writable(event.params.id);
		const { params } = event;
		const body = await readWrite(event.request, WRITE_SCHEMAS.create);
		return write(event, () => {
			const feature = layersFor(event).createFeature(params.id, body.feature);
			audit(event, { action: 'feature-create', target: `${params.id}/${feature.properties.id}` });
			return json({ feature }, { status: 201 });
		});
	})) satisfies RequestHandler;
