import type { PlanArea, PlanPlace } from '$lib/api';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The year lives in the address (?ar=2023). */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const { years } = await readJson<{ years: number[] }>(fetch, '/api/lagesbild', 'Lägesbildens år');
	const planYears = years.filter((y) => y >= 2023);
	const wanted = Number(url.searchParams.get('ar'));
	const year = planYears.includes(wanted) ? wanted : 2023;
	const plan = await readJson<{
		areas: PlanArea[];
		mayEdit: boolean;
		measureOptions: { id: string; title: string; status: string }[];
		placeOptions: (PlanPlace & { layer: string })[];
	}>(fetch, `/api/plan/${year}`, 'Handlingsplanen');
	return { years: planYears, year, ...plan, header: { title: 'Handlingsplan' } };
}) satisfies PageLoad;
