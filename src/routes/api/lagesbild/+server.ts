import { json } from '@sveltejs/kit';
import { mayEditLagesbild } from '$lib/server/auth/access';
import { layersFor, viewerOf } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { editionYears, lagesbildStores } from '$lib/server/report/lagesbild';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The years an edition can be made for, and whether the asking account may write the summary: `{ years, mayEdit }`. */
export const GET = ((event) =>
	answer(async () => {
		return json({ years: await editionYears(lagesbildStores(layersFor(event), services())), mayEdit: mayEditLagesbild(viewerOf(event)) });
	})) satisfies RequestHandler;
