import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { readUpload } from '$lib/server/import-service';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { MAX_PHOTO_BYTES, reencodePhoto } from '$lib/server/measures/photo';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';
import { BadParamError } from '$lib/server/errors';

/** The form around the file: room for field names and boundaries, not for a bigger photo (reencodePhoto decides that). */
const FORM_OVERHEAD = 64 * 1024;
const clientId = v.pipe(v.string(), v.uuid());

/**
 * A photo of a finding: multipart `file` (a whole JPEG, PNG or WebP, ≤ 5 MB, stored re-encoded without metadata) and `clientId`
 * (the device's id for it) → 201 `{ photo }`; the same clientId again → 200 with the stored photo.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const { findingId } = event.params;
		const store = services().inventories;
		const inventoryId = await store.inventoryOf(findingId);
		// An unknown finding is a 404, another organisation's a 403, before the upload is read.
		await store.authorise(inventoryId, 'finding', viewerOf(event), findingId);
		const { file, fields } = await readUpload(event.request, MAX_PHOTO_BYTES + FORM_OVERHEAD);
		if (!v.is(clientId, fields.clientId)) {
			throw new BadParamError('clientId', `Fältet clientId ska vara fotots UUID från enheten, inte ${JSON.stringify(fields.clientId ?? null)}.`);
		}
		const photoId: string = fields.clientId;
		// What is stored is the image decoded and encoded again, without EXIF (position, device).
		const checked = await reencodePhoto(new Uint8Array(await file.arrayBuffer()), `Filen ${JSON.stringify(file.name || 'foto')}`);
		return write(event, async () => {
			const { photo, created } = await store.addPhoto(findingId, photoId, checked, layersFor(event));
			if (created) await auditInventory(event, 'finding-photo', `${inventoryId}/${findingId}`, { photo: photo.id, bytes: checked.bytes.length });
			return json({ photo }, { status: created ? 201 : 200 });
		});
	})) satisfies RequestHandler;
