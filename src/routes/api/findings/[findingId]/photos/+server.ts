import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { layersFor, requireRole, viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { readUpload } from '$lib/server/import-service';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { inventoryStore } from '$lib/server/inventories/inventory-store';
import { checkPhoto, MAX_PHOTO_BYTES } from '$lib/server/measures/photo';
import { BadParamError } from '$lib/server/params';
import type { RequestHandler } from './$types';

/** The form around the file: room for field names and boundaries, not for a bigger photo (checkPhoto decides that). */
const FORM_OVERHEAD = 64 * 1024;
const clientId = v.pipe(v.string(), v.uuid());

/**
 * A photo of a finding: multipart `file` (JPEG, PNG or WebP by its bytes, ≤ 5 MB) and `clientId`
 * (the device's id for it) → 201 `{ photo }`; the same clientId again → 200 with the stored photo.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { findingId } = event.params;
		const store = inventoryStore();
		const inventoryId = store.inventoryOf(findingId);
		// An unknown finding is a 404, another organisation's a 403, before the upload is read.
		store.authorise(inventoryId, 'finding', viewerOf(event), findingId);
		const { file, fields } = await readUpload(event.request, MAX_PHOTO_BYTES + FORM_OVERHEAD);
		if (!v.is(clientId, fields.clientId)) {
			throw new BadParamError('clientId', `Fältet clientId ska vara fotots UUID från enheten, inte ${JSON.stringify(fields.clientId ?? null)}.`);
		}
		const bytes = new Uint8Array(await file.arrayBuffer());
		const checked = checkPhoto(bytes, `Filen ${JSON.stringify(file.name || 'foto')}`);
		const { photo, created } = store.addPhoto(findingId, fields.clientId, { ...checked, bytes }, layersFor(event));
		if (created) auditInventory(event, 'finding-photo', `${inventoryId}/${findingId}`, { photo: photo.id, bytes: bytes.length });
		return json({ photo }, { status: created ? 201 : 200 });
	})) satisfies RequestHandler;
