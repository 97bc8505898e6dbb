import type { WeekPicture } from '$lib/server/reports/week-service';
import type { ReportCategory } from '$lib/reports/categories';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The page's query is the API's: week, filters, cellSize, fdr. */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const [picture, { categories }] = await Promise.all([
		readJson<WeekPicture>(fetch, `/api/reports/week${url.search}`, 'Veckans lägesbild'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Kategorierna')
	]);
	return { picture, categories };
}) satisfies PageLoad;
