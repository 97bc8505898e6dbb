import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readUpload } from '$lib/server/import-service';
import { MAX_PHOTO_BYTES, reencodePhoto } from '$lib/server/measures/photo';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';
import { BadParamError } from '$lib/server/errors';

/**
 * A before or after photo of a measure (its owner or maker): multipart `file` (a whole
 * JPEG/PNG/WebP ≤ 5 MB, stored re-encoded without metadata) and `kind=before|after`.
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const layers = layersFor(event);
		const store = services().measures;
		// An unknown or hidden measure is a 404, one the viewer may not change a 403, before the upload is read.
		await store.authorise(event.params.id, layers);
		const { file, fields } = await readUpload(event.request, MAX_PHOTO_BYTES + 64_000);
		const kind = fields.kind;
		if (kind !== 'before' && kind !== 'after') throw new BadParamError('kind', 'Ange kind=before (före) eller kind=after (efter).', ['before', 'after']);
		// What is stored is the image decoded and encoded again, without EXIF (position, device).
		const checked = await reencodePhoto(new Uint8Array(await file.arrayBuffer()), file.name ? `Filen ${JSON.stringify(file.name)}` : 'Bilden');
		return write(event, async () => {
			const photo = await store.addPhoto(event.params.id, { kind, ...checked }, layers);
			await audit(event, { action: 'measure-update', target: event.params.id, detail: { photo: photo.id, kind } });
			return json({ photo }, { status: 201 });
		});
	})) satisfies RequestHandler;
