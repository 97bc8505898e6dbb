import { json } from '@sveltejs/kit';
import { placesGeoJSON, placesReport, sceneYears } from '$lib/server/analysis-service';
import { SWEDISH, tableResponse } from '$lib/server/table-export';
import { PLACE_CATEGORY_LABELS } from '$lib/layers/labels';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { metresList, oneOf, oneOfNumbers } from '$lib/server/params';
import type { RequestHandler } from './$types';

/**
 * Every insecure place's nearest drug scene of a year, and counts within distances.
 * `?year=2023[&distance=200,500][&format=json|geojson|csv|xlsx]`
 */
export const GET = ((event) =>
	answer(async () => {
		const { url } = event;
		const layers = layersFor(event);
		const year = oneOfNumbers(url, 'year', sceneYears(layers));
		const distances = metresList(url, 'distance', [200, 500]);
		const format = oneOf(url, 'format', ['json', 'geojson', 'csv', 'xlsx'], 'json');
		const report = placesReport(layers, year, distances);
		if (format === 'csv' || format === 'xlsx' || url.searchParams.has('download')) {
			await audit(event, { action: 'analysis-export', target: `places ${year}`, detail: { format } });
		}
		if (format === 'geojson') {
			return json(placesGeoJSON(layers, report), {
				headers: { 'content-type': 'application/geo+json; charset=utf-8' }
			});
		}
		if (format === 'csv' || format === 'xlsx') {
			const table = {
				sheet: `Otrygga platser ${year}`,
				columns: [
					{ key: 'id', header: 'Id', width: 24 },
					{ key: 'namn', header: 'Namn', width: 36 },
					{ key: 'stadsdel', header: 'Stadsdel', width: 14 },
					{ key: 'kategori', header: 'Kategori', width: 28 },
					{ key: 'kategori_kod', header: 'Kategori (kod)', width: 20 },
					{ key: 'närmaste_drogscen', header: `Närmaste drogscen ${year}`, width: 30 },
					{ key: 'avstånd_m', header: 'Avstånd (m)', kind: 'number' as const, width: 12 },
					...distances.map((d) => ({ key: `inom_${d}_m`, header: `Inom ${d} m`, kind: 'yesno' as const, width: 10 }))
				],
				rows: report.places.map((p) => [
					p.id,
					p.name,
					p.district,
					PLACE_CATEGORY_LABELS[p.category as keyof typeof PLACE_CATEGORY_LABELS] ?? p.category,
					p.category,
					p.nearest?.name,
					p.distance === null ? null : Math.round(p.distance),
					...distances.map((d) => p.distance !== null && p.distance <= d)
				])
			};
			return tableResponse(format, `otrygga-platser-nara-drogscener-${year}`, [table], SWEDISH);
		}
		return json(report);
	})) satisfies RequestHandler;
