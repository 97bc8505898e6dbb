import { json } from '@sveltejs/kit';
import { mayEditLagesbild } from '$lib/server/auth/access';
import { layersFor, viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYear } from '$lib/server/report/summary-store';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The year's action plan as the asking account sees it: `{ areas, mayEdit, measureOptions,
 * placeOptions }` – the options being what a priority may link to (measures and places the
 * account sees: insecure places and drug scenes).
 */
export const GET = ((event) =>
	answer(async () => {
		const year = editionYear(event.params.year);
		const layers = layersFor(event);
		const { plan, measures } = services();
		const placeOptions = layers
			.list()
			.filter((l) => l.kind === 'insecure-place' || l.kind === 'drug-scene')
			.flatMap((l) =>
				layers.features(l.id).features.map((f) => ({ layerId: l.id, featureId: String(f.properties?.['id'] ?? f.id), name: String(f.properties?.['name'] ?? f.id), layer: l.title }))
			);
		const measureOptions = (await measures.list({ status: 'all' }, layers)).map((m) => ({ id: m.id, title: m.title, status: m.status }));
		return json({ areas: await plan.list(year, layers), mayEdit: mayEditLagesbild(viewerOf(event)), measureOptions, placeOptions });
	})) satisfies RequestHandler;
