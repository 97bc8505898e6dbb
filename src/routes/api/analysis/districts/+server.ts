import { json } from '@sveltejs/kit';
import { districtsReport, sceneYears } from '$lib/server/analysis-service';
import { csvResponse, toCsv } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { metres, oneOf, oneOfNumbers } from '$lib/server/params';
import type { RequestHandler } from './$types';

/**
 * Per district: scenes, scene area, share of the district within a distance of a scene, insecure
 * places. `?year=2023[&distance=500][&format=json|csv]`
 */
export const GET = ((event) =>
	answer(() => {
		const { url } = event;
		const layers = layersFor(event);
		const year = oneOfNumbers(url, 'year', sceneYears(layers));
		const distance = metres(url, 'distance', 500);
		const format = oneOf(url, 'format', ['json', 'csv'], 'json');
		const report = districtsReport(layers, year, distance);
		if (format === 'csv') {
			audit(event, { action: 'analysis-export', target: `districts ${year}`, detail: { format } });
			return csvResponse(
				`stadsdelar-${year}.csv`,
				toCsv(
					['stadsdel', 'år', 'drogscener', 'scenyta_m2', `andel_inom_${distance}_m`, 'otrygga_platser', 'area_m2'],
					report.rows.map((r) => [
						r.district,
						year,
						r.scenes,
						Math.round(r.sceneArea),
						Number(r.shareWithinBuffer.toFixed(3)),
						r.insecurePlaces,
						Math.round(r.area)
					])
				)
			);
		}
		return json(report);
	})) satisfies RequestHandler;
