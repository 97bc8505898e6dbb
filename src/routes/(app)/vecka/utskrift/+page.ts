import type { WeekPicture } from '$lib/server/reports/week-service';
import type { WeekMeeting } from '$lib/server/reports/week-meeting';
import type { ReportCategory } from '$lib/reports/categories';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The week's lägesbild to print: the meeting's settings (200 m cells, FDR, no filter), whatever the week page's filters were. */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const week = encodeURIComponent(url.searchParams.get('week') ?? '');
	const [picture, meeting, { categories }] = await Promise.all([
		readJson<WeekPicture>(fetch, `/api/reports/week?week=${week}&cellSize=200&fdr=1`, 'Veckans lägesbild'),
		readJson<WeekMeeting>(fetch, `/api/reports/week/meeting?week=${week}`, 'Veckomötet'),
		readJson<{ categories: ReportCategory[] }>(fetch, '/api/reports/categories', 'Kategorierna')
	]);
	// The print page: no page header; the demo banner stays (the layout), on paper too.
	return { picture, meeting, categories };
}) satisfies PageLoad;
