import { json } from '@sveltejs/kit';
import { layerService } from '$lib/server/layer-service';
import type { RequestHandler } from './$types';

/** The layers a client can show: id, title, kind, year, feature count, source and precision. */
export const GET = (() => {
	return json(
		{ layers: layerService().list() },
		{ headers: { 'cache-control': 'private, no-cache' } }
	);
}) satisfies RequestHandler;
