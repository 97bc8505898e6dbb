import { json } from '@sveltejs/kit';
import { districtsReport, sceneYears } from '$lib/server/analysis-service';
import { SWEDISH, tableResponse } from '$lib/server/table-export';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { metres, oneOf, oneOfNumbers } from '$lib/server/params';
import type { RequestHandler } from './$types';

/**
 * Per district: scenes, scene area, share of the district within a distance of a scene, insecure
 * places. `?year=2023[&distance=500][&format=json|csv|xlsx]`
 */
export const GET = ((event) =>
	answer(async () => {
		const { url } = event;
		const layers = layersFor(event);
		const year = oneOfNumbers(url, 'year', sceneYears(layers));
		const distance = metres(url, 'distance', 500);
		const format = oneOf(url, 'format', ['json', 'csv', 'xlsx'], 'json');
		const report = districtsReport(layers, year, distance);
		if (format === 'csv' || format === 'xlsx') {
			await audit(event, { action: 'analysis-export', target: `districts ${year}`, detail: { format } });
			const table = {
				sheet: `Stadsdelar ${year}`,
				columns: [
					{ key: 'stadsdel', header: 'Stadsdel', width: 14 },
					{ key: 'år', header: 'År', kind: 'number' as const, width: 8 },
					{ key: 'drogscener', header: 'Drogscener', kind: 'number' as const, width: 11 },
					{ key: 'scenyta_m2', header: 'Scenyta (m²)', kind: 'number' as const, width: 13 },
					{ key: `andel_inom_${distance}_m`, header: `Andel inom ${distance} m från en scen`, kind: 'number' as const, format: '0.0%', width: 18 },
					{ key: 'otrygga_platser', header: 'Otrygga platser', kind: 'number' as const, width: 14 },
					{ key: 'area_m2', header: 'Stadsdelens yta (m²)', kind: 'number' as const, width: 16 }
				],
				rows: report.rows.map((r) => [
					r.district,
					year,
					r.scenes,
					Math.round(r.sceneArea),
					Number(r.shareWithinBuffer.toFixed(3)),
					r.insecurePlaces,
					Math.round(r.area)
				])
			};
			return tableResponse(format, `stadsdelar-${year}`, [table], SWEDISH);
		}
		return json(report);
	})) satisfies RequestHandler;
