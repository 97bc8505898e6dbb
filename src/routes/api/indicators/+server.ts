import { json } from '@sveltejs/kit';
import { mayEditReport } from '$lib/server/auth/access';
import { layersFor, viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { indicatorAreas, indicatorsFor, lagesbildStores } from '$lib/server/report/lagesbild';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Every indicator the asking account may see – imported (with provenance and version) and computed
 * from the app's own data – the areas a table may name, and whether the account may import:
 * `{ indicators, areas, mayImport }`.
 */
export const GET = ((event) =>
	answer(() => {
		const layers = layersFor(event);
		return json({ indicators: indicatorsFor(lagesbildStores(layers, services())), areas: indicatorAreas(layers), mayImport: mayEditReport(viewerOf(event)) });
	})) satisfies RequestHandler;
