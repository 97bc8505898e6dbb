import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { layerService } from '$lib/server/layer-service';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** Makes an earlier version current again: `{ version, baseVersion, author }` → a new version. */
export const POST = (({ params, request }) =>
	answer(async () => {
		const body = await readWrite(request, WRITE_SCHEMAS.restore);
		const feature = layerService().restoreFeature(params.id, params.fid, body.version, body.baseVersion, body.author);
		return json({ feature });
	})) satisfies RequestHandler;
