import { json } from '@sveltejs/kit';
import { mayEditLagesbild } from '$lib/server/auth/access';
import { layersFor, viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { indicatorAreas, indicatorsFor, lagesbildStores } from '$lib/server/report/lagesbild';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Every indicator the asking account may see – imported (with provenance and version) and computed
 * from the app's own data – the areas a table may name, the districts' layer (for the map), and whether the account may
 * import: `{ indicators, areas, districtLayer, mayImport }`.
 */
export const GET = ((event) =>
	answer(async () => {
		const layers = layersFor(event);
		return json({
			indicators: await indicatorsFor(lagesbildStores(layers, services())),
			areas: indicatorAreas(layers),
			districtLayer: layers.list().find((l) => l.kind === 'district')?.id ?? null,
			mayImport: mayEditLagesbild(viewerOf(event))
		});
	})) satisfies RequestHandler;
