import { json } from '@sveltejs/kit';
import { STATUS_LABELS, RELATION_LABELS } from '$lib/analysis';
import { sceneYears, scenesGeoJSON, scenesReport } from '$lib/server/analysis-service';
import { csvResponse, toCsv } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { metres, oneOf, oneOfNumbers } from '$lib/server/params';
import type { RequestHandler } from './$types';

/**
 * Which drug scenes persisted, ceased or are new between two years, and how they relate.
 * `?from=2021&to=2023[&radius=1000][&tolerance=precision|metres][&format=json|geojson|csv][&table=scenes|relations]`
 */
export const GET = ((event) =>
	answer(() => {
		const { url } = event;
		const layers = layersFor(event);
		const years = sceneYears(layers);
		const from = oneOfNumbers(url, 'from', years);
		const to = oneOfNumbers(url, 'to', years);
		const radius = metres(url, 'radius', 1000, { min: 1, max: 10000 });
		const toleranceParam = url.searchParams.get('tolerance');
		const tolerance =
			toleranceParam === null || toleranceParam === 'precision'
				? ('precision' as const)
				: metres(url, 'tolerance', 0, { min: 0, max: 1000 });
		const format = oneOf(url, 'format', ['json', 'geojson', 'csv'], 'json');
		const report = scenesReport(layers, { from, to, radius, tolerance });

		if (format === 'csv' || url.searchParams.has('download')) {
			audit(event, { action: 'analysis-export', target: `scenes ${from}-${to}`, detail: { format } });
		}
		if (format === 'geojson') {
			return json(scenesGeoJSON(layers, report), {
				headers: { 'content-type': 'application/geo+json; charset=utf-8' }
			});
		}
		if (format === 'csv') {
			const table = oneOf(url, 'table', ['scenes', 'relations'], 'scenes');
			const names = new Map(report.scenes.map((s) => [s.id, s.name]));
			const nameList = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(' + ');
			const body =
				table === 'scenes'
					? toCsv(
							['id', 'namn', 'år', 'stadsdel', 'status', 'area_m2', 'ritad_som', 'matchar'],
							report.scenes.map((s) => [
								s.id,
								s.name,
								s.year,
								s.district,
								STATUS_LABELS[s.status],
								Math.round(s.area),
								s.drawing,
								s.matches.join(' ')
							])
						)
					: toCsv(
							['typ', 'från', 'till', 'avstånd_m', 'riktning_grader', 'väderstreck', 'glapp_m', 'överlapp_m2', 'iou', 'areaförändring_m2', 'ny_ritmetod'],
							report.relations.map((r) => [
								RELATION_LABELS[r.type],
								nameList(r.from),
								nameList(r.to),
								Math.round(r.distance),
								Math.round(r.bearing),
								r.compass,
								Math.round(r.gap),
								Math.round(r.overlapArea),
								Number(r.iou.toFixed(3)),
								Math.round(r.areaChange),
								r.drawingChanged ? 'ja' : 'nej'
							])
						);
			return csvResponse(`drogscener-${from}-${to}-${table}.csv`, body);
		}
		return json(report);
	})) satisfies RequestHandler;
