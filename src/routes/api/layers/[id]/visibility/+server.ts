import { json } from '@sveltejs/kit';
import { visibility } from '$lib/server/auth/account-input';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Who may see a layer (admin): `{ visibleTo: ["polis-jarva", …] }` or `{ visibleTo: null }` for
 * all partners. Takes effect at once everywhere: lists, features, analysis, exports, history.
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'admin');
		const body = await readWrite(event.request, visibility, 8_192);
		const layers = layersFor(event);
		const before = layers.get(event.params.id).summary.visibleTo ?? null;
		const layer = layers.setVisibility(event.params.id, body.visibleTo);
		audit(event, { action: 'layer-visibility', target: layer.id, detail: { before, after: layer.visibleTo ?? null } });
		return json({ layer });
	})) satisfies RequestHandler;
