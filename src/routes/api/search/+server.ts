import { json } from '@sveltejs/kit';
import { layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { search } from '$lib/server/search-service';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';
import { BadParamError } from '$lib/server/errors';

const MAX_QUERY = 100;

/**
 * `?q=<text>[&limit=10]`: street names, districts and layer objects by name that the viewer may
 * see, best first: `{ results: [{ kind, name, detail, bbox, layerId?, featureId? }] }`.
 */
export const GET = ((event) =>
	answer(() => {
		const q = (event.url.searchParams.get('q') ?? '').trim();
		if (q === '') throw new BadParamError('q', 'Skriv vad du söker efter i parametern q, t.ex. q=Husby.');
		if (q.length > MAX_QUERY) throw new BadParamError('q', `Sökningen har ${q.length} tecken; högst ${MAX_QUERY} går att söka på.`);
		const rawLimit = event.url.searchParams.get('limit');
		const limit = rawLimit === null || rawLimit === '' ? 10 : Number(rawLimit);
		if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new BadParamError('limit', `Ogiltigt värde ${JSON.stringify(rawLimit)} för limit: ange ett heltal 1–50.`);
		const results = search(layersFor(event), services().walkNetworks.current(), q, limit);
		return json({ results }, { headers: { 'cache-control': 'private, no-store' } });
	})) satisfies RequestHandler;
