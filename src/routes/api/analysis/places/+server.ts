import { json } from '@sveltejs/kit';
import { placesGeoJSON, placesReport, sceneYears } from '$lib/server/analysis-service';
import { csvResponse, toCsv } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { metresList, oneOf, oneOfNumbers } from '$lib/server/params';
import type { RequestHandler } from './$types';

/**
 * Every insecure place's nearest drug scene of a year, and counts within distances.
 * `?year=2023[&distance=200,500][&format=json|geojson|csv]`
 */
export const GET = ((event) =>
	answer(() => {
		const { url } = event;
		const layers = layersFor(event);
		const year = oneOfNumbers(url, 'year', sceneYears(layers));
		const distances = metresList(url, 'distance', [200, 500]);
		const format = oneOf(url, 'format', ['json', 'geojson', 'csv'], 'json');
		const report = placesReport(layers, year, distances);
		if (format === 'csv' || url.searchParams.has('download')) {
			audit(event, { action: 'analysis-export', target: `places ${year}`, detail: { format } });
		}
		if (format === 'geojson') {
			return json(placesGeoJSON(layers, report), {
				headers: { 'content-type': 'application/geo+json; charset=utf-8' }
			});
		}
		if (format === 'csv') {
			return csvResponse(
				`otrygga-platser-nara-drogscener-${year}.csv`,
				toCsv(
					['id', 'namn', 'stadsdel', 'kategori', 'närmaste_drogscen', 'avstånd_m', ...distances.map((d) => `inom_${d}_m`)],
					report.places.map((p) => [
						p.id,
						p.name,
						p.district,
						p.category,
						p.nearest?.name,
						p.distance === null ? null : Math.round(p.distance),
						...distances.map((d) => (p.distance !== null && p.distance <= d ? 'ja' : 'nej'))
					])
				)
			);
		}
		return json(report);
	})) satisfies RequestHandler;
