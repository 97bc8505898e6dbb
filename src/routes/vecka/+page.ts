import type { WeekPicture } from '$lib/server/reports/week-service';
import type { ReportCategory } from '$lib/reports/categories';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The page's query is the API's: week, filters, cellSize, fdr. */
export const load = (async ({ fetch, url }) => {
	const session = await staffSession(fetch, 'veckans lägesbild', url);
	const [picture, { categories }, { organisations }] = await Promise.all([
		readJson<WeekPicture>(fetch, `/api/reports/week${url.search}`, 'Veckans lägesbild'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Kategorierna'),
		readJson<{ organisations: { id: string; name: string }[] }>(fetch, '/api/admin/organisations', 'Organisationerna')
	]);
	return { session, picture, categories, organisations };
}) satisfies PageLoad;
