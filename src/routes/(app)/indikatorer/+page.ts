import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ListedIndicator } from '$lib/api';
import { readJson } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The indicator and year shown live in the address (?indikator=…&ar=…), so a view can be sent as a link. */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const { indicators, areas, districtLayer, mayImport } = await readJson<{ indicators: ListedIndicator[]; areas: string[]; districtLayer: string | null; mayImport: boolean }>(
		fetch,
		'/api/indicators',
		'Indikatorerna'
	);
	const districts = districtLayer ? await readJson<FeatureCollection<Polygon | MultiPolygon>>(fetch, `/api/layers/${districtLayer}`, 'Stadsdelarna') : null;
	return { indicators, areas, districts, mayImport, chosen: url.searchParams.get('indikator'), year: Number(url.searchParams.get('ar')) || null, header: { title: 'Indikatorer' } };
}) satisfies PageLoad;
