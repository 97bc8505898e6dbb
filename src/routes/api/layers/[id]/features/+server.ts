import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { layerService } from '$lib/server/layer-service';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** Adds a feature: `{ feature, author }` → 201 with the stored feature (version 1). */
export const POST = (({ params, request }) =>
	answer(async () => {
		const body = await readWrite(request, WRITE_SCHEMAS.create);
		const feature = layerService().createFeature(params.id, body.feature, body.author);
		return json({ feature }, { status: 201 });
	})) satisfies RequestHandler;
