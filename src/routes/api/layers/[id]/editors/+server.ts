import { json } from '@sveltejs/kit';
import { layerEditors } from '$lib/server/auth/account-input';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/**
 * Which organisations besides the owner may write in a layer (the owner's admins and the system
 * administrator): `{ editors: [{ organisationId, level: 'edit' | 'contribute' }] }`. 'edit' changes
 * every object and may replace the layer by import; 'contribute' adds objects and changes its own.
 * An organisation must see the layer to get a right in it (400 otherwise).
 */
export const PUT = ((event) =>
	answer(async () => {
		requireRole(event, 'admin');
		const layers = layersFor(event);
		// Hidden or unknown: 404; not the owner's admin: 403 – both before the body is read.
		const before = layers.administrable(event.params.id);
		const body = await readWrite(event.request, layerEditors, 8_192);
		return write(event, async () => {
			const layer = await layers.setEditors(event.params.id, body.editors);
			await audit(event, {
				action: 'layer-editors',
				target: layer.id,
				detail: {
					changed: ['editors'],
					before: before.editors.map((e) => ({ organisationId: e.organisation.id, level: e.level })),
					after: layer.access?.editors.map((e) => ({ organisationId: e.organisation.id, level: e.level }))
				}
			});
			return json({ layer });
		});
	})) satisfies RequestHandler;
