import type { WeekPicture } from '$lib/server/reports/week-service';
import type { WeekMeeting } from '$lib/server/reports/week-meeting';
import type { ReportCategory } from '$lib/reports/categories';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** What the live updates read again (`invalidate`) when a report, focus place or measure changes. */
export const _WEEK_DATA = 'app:week';

/** The page's query is the API's: week, filters, cellSize, fdr. The weekly meeting is the week's, whatever the filters. */
export const load = (async ({ fetch, url, parent, depends }) => {
	depends(_WEEK_DATA);
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const week = url.searchParams.get('week') ?? '';
	const [picture, meeting, { categories }] = await Promise.all([
		readJson<WeekPicture>(fetch, `/api/reports/week${url.search}`, 'Veckans lägesbild'),
		readJson<WeekMeeting>(fetch, `/api/reports/week/meeting?week=${encodeURIComponent(week)}`, 'Veckomötet'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Kategorierna')
	]);
	return { picture, meeting, categories, header: { title: 'Veckans lägesbild' } };
}) satisfies PageLoad;
