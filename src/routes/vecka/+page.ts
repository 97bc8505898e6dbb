import type { WeekPicture } from '$lib/server/reports/week-service';
import type { WeekMeeting } from '$lib/server/reports/week-meeting';
import type { ReportCategory } from '$lib/reports/categories';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The page's query is the API's: week, filters, cellSize, fdr. The weekly meeting is the week's, whatever the filters. */
export const load = (async ({ fetch, url }) => {
	const session = await staffSession(fetch, 'veckans lägesbild', url);
	const week = url.searchParams.get('week') ?? '';
	const [picture, meeting, { categories }, { organisations }] = await Promise.all([
		readJson<WeekPicture>(fetch, `/api/reports/week${url.search}`, 'Veckans lägesbild'),
		readJson<WeekMeeting>(fetch, `/api/reports/week/meeting?week=${encodeURIComponent(week)}`, 'Veckomötet'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Kategorierna'),
		readJson<{ organisations: { id: string; name: string }[] }>(fetch, '/api/admin/organisations', 'Organisationerna')
	]);
	return { session, picture, meeting, categories, organisations };
}) satisfies PageLoad;
