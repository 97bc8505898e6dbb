import { json } from '@sveltejs/kit';
import { VersionConflictError } from '$lib/server/db/feature-store';
import { answer, jsonError } from '$lib/server/http';
import { layerService } from '$lib/server/layer-service';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** One feature with its current version. */
export const GET = (({ params }) =>
	answer(() => json({ feature: layerService().feature(params.id, params.fid) }))) satisfies RequestHandler;

/**
 * Replaces a feature: `{ feature, baseVersion, author }`. A stale `baseVersion` is a 409 with the
 * current feature, so the user can choose between theirs and the other.
 */
export const PUT = (({ params, request }) =>
	answer(async () => {
		const body = await readWrite(request, WRITE_SCHEMAS.update);
		try {
			const feature = layerService().updateFeature(params.id, params.fid, body.baseVersion, body.feature, body.author);
			return json({ feature });
		} catch (err) {
			// Both versions, so the client can show them side by side and let the user choose.
			if (err instanceof VersionConflictError) {
				return jsonError(409, err.message, { baseVersion: err.baseVersion, current: err.current, yours: body.feature });
			}
			throw err;
		}
	})) satisfies RequestHandler;

/** Deletes a feature: `{ baseVersion, author }`; its history stays and it can be restored. */
export const DELETE = (({ params, request }) =>
	answer(async () => {
		const body = await readWrite(request, WRITE_SCHEMAS.remove);
		const version = layerService().deleteFeature(params.id, params.fid, body.baseVersion, body.author);
		return json({ deleted: params.fid, version });
	})) satisfies RequestHandler;
