import { answer } from '$lib/server/http';
import { layersFor } from '$lib/server/guard';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * A stored photo (of a finding or a measure), to those who may see what it belongs to: a measure's
 * photo as the measure (not one decided in a meeting the viewer may not see, not one whose place is
 * on a layer hidden from them); a finding's to every account, as the walks. Otherwise 404, as for
 * an unknown photo. Photos are staff data: never stored by any cache, the browser's included.
 */
export const GET = ((event) =>
	answer(async () => {
		const photo = await services().measures.photo(event.params.id, layersFor(event));
		return new Response(new Uint8Array(photo.bytes), {
			headers: { 'content-type': photo.mime, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' }
		});
	})) satisfies RequestHandler;
