import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ListedIndicator } from '$lib/api';
import { readJson, staffSession } from '$lib/page-load';
import type { PageLoad } from './$types';

/** The indicator and year shown live in the address (?indikator=…&ar=…), so a view can be sent as a link. */
export const load = (async ({ fetch, url }) => {
	const session = await staffSession(fetch, 'indikatorerna', url);
	const { indicators, areas, districtLayer, mayImport } = await readJson<{ indicators: ListedIndicator[]; areas: string[]; districtLayer: string | null; mayImport: boolean }>(
		fetch,
		'/api/indicators',
		'Indikatorerna'
	);
	const districts = districtLayer ? await readJson<FeatureCollection<Polygon | MultiPolygon>>(fetch, `/api/layers/${districtLayer}`, 'Stadsdelarna') : null;
	return { session, indicators, areas, districts, mayImport, chosen: url.searchParams.get('indikator'), year: Number(url.searchParams.get('ar')) || null };
}) satisfies PageLoad;
