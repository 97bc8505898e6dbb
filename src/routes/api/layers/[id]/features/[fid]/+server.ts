import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite, WRITE_SCHEMAS } from '$lib/server/write-request';
import { FEATURE_WRITES, featureWrite } from '$lib/server/feature-writes';
import type { RequestHandler } from './$types';

/** One feature with its current version. */
export const GET = ((event) =>
	answer(() => json({ feature: layersFor(event).feature(event.params.id, event.params.fid) }))) satisfies RequestHandler;

/**
 * Replaces a feature: `{ feature, baseVersion }`. A stale `baseVersion` is a 409 with the
 * current feature, so the user can choose between theirs and the other. Most of these are
 * answered before SvelteKit by the same code (feature-writes.ts, write-fast-path.ts).
 */
export const PUT = ((event) => answer(() => featureWrite(event, FEATURE_WRITES.update, event.params))) satisfies RequestHandler;

/** Deletes a feature: `{ baseVersion }`; its history stays and it can be restored. */
export const DELETE = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		// A hidden or unknown layer is a 404, an object the viewer may not change a 403, before the body is read: a 400 would tell it exists.
		layersFor(event).writableObject(event.params.id, event.params.fid);
		const { params } = event;
		const body = await readWrite(event.request, WRITE_SCHEMAS.remove);
		return write(event, async () => {
			const version = await layersFor(event).deleteFeature(params.id, params.fid, body.baseVersion);
			await audit(event, { action: 'feature-delete', target: `${params.id}/${params.fid}`, detail: { version } });
			return json({ deleted: params.fid, version });
		});
	})) satisfies RequestHandler;
