import { json } from '@sveltejs/kit';
import { visibility } from '$lib/server/auth/account-input';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Who may see a layer (the owner's admins and the system administrator): `{ visibleTo:
 * ["polis-jarva", …] }` or `{ visibleTo: null }` for all partners; the owner and the organisations
 * that may write in it must be among them. Takes effect at once everywhere: lists, features,
 * analysis, exports, history.
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'admin');
		const layers = layersFor(event);
		// Hidden or unknown: 404; not the owner's admin: 403 – both before the body is read.
		const before = layers.administrable(event.params.id).visibleTo;
		const body = await readWrite(event.request, visibility, 8_192);
		return write(event, async () => {
			const layer = await layers.setVisibility(event.params.id, body.visibleTo);
			await audit(event, { action: 'layer-visibility', target: layer.id, detail: { changed: ['visibleTo'], before, after: layer.visibleTo ?? null } });
			return json({ layer });
		});
	})) satisfies RequestHandler;
