import { answer, jsonError } from '$lib/server/http';
import { viewerOf } from '$lib/server/guard';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * A stored photo (of a finding or a measure). Measures and safety walks are shared by all partners,
 * so any logged-in account may see their photos; nothing is cached outside the browser.
 */
export const GET = ((event) =>
	answer(() => {
		viewerOf(event);
		const photo = services().db.prepare('SELECT mime, bytes FROM photos WHERE id = ?').get(event.params.id) as { mime: string; bytes: Buffer } | undefined;
		if (!photo) return jsonError(404, `Bilden ${event.params.id.slice(0, 60)} finns inte.`);
		return new Response(new Uint8Array(photo.bytes), {
			headers: { 'content-type': photo.mime, 'cache-control': 'private, max-age=3600', 'x-content-type-options': 'nosniff' }
		});
	})) satisfies RequestHandler;
