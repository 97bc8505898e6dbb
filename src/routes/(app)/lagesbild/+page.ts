import type { ReportSummary } from '$lib/api';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The year lives in the address (?ar=2023), so an edition can be sent as a link. */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const { years, mayEdit } = await readJson<{ years: number[]; mayEdit: boolean }>(fetch, '/api/lagesbild', 'Lägesbildens år');
	const wanted = Number(url.searchParams.get('ar'));
	const year = years.includes(wanted) ? wanted : years.includes(2023) ? 2023 : years.at(-1)!;
	const { summary } = await readJson<{ summary: ReportSummary }>(fetch, `/api/lagesbild/${year}/summary`, 'Sammanfattningen');
	return { years, year, mayEdit, summary, header: { title: 'Lägesbild' } };
}) satisfies PageLoad;
