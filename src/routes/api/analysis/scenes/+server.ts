import { json } from '@sveltejs/kit';
import { STATUS_LABELS, RELATION_LABELS } from '$lib/analysis';
import { sceneYears, scenesGeoJSON, scenesReport } from '$lib/server/analysis-service';
import { SWEDISH, tableResponse, type Table } from '$lib/server/table-export';
import { DRAWING_LABELS } from '$lib/layers/labels';
import { answer } from '$lib/server/http';
import { audit, layersFor } from '$lib/server/guard';
import { metres, oneOf, oneOfNumbers } from '$lib/server/params';
import type { RequestHandler } from './$types';

/**
 * Which drug scenes persisted, ceased or are new between two years, and how they relate.
 * `?from=2021&to=2023[&radius=1000][&tolerance=precision|metres][&format=json|geojson|csv|xlsx][&table=scenes|relations]` (the .xlsx holds both tables as sheets)
 */
export const GET = ((event) =>
	answer(async () => {
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
		const format = oneOf(url, 'format', ['json', 'geojson', 'csv', 'xlsx'], 'json');
		const report = scenesReport(layers, { from, to, radius, tolerance });

		if (format === 'csv' || format === 'xlsx' || url.searchParams.has('download')) {
			await audit(event, { action: 'analysis-export', target: `scenes ${from}-${to}`, detail: { format } });
		}
		if (format === 'geojson') {
			return json(scenesGeoJSON(layers, report), {
				headers: { 'content-type': 'application/geo+json; charset=utf-8' }
			});
		}
		if (format === 'csv' || format === 'xlsx') {
			const table = oneOf(url, 'table', ['scenes', 'relations'], 'scenes');
			const names = new Map(report.scenes.map((s) => [s.id, s.name]));
			const nameList = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(' + ');
			const scenes: Table = {
				sheet: `Scener ${from}–${to}`,
				columns: [
					{ key: 'id', header: 'Id', width: 24 },
					{ key: 'namn', header: 'Namn', width: 36 },
					{ key: 'år', header: 'År', kind: 'number', width: 8 },
					{ key: 'stadsdel', header: 'Stadsdel', width: 14 },
					{ key: 'status', header: 'Status', width: 14 },
					{ key: 'status_kod', header: 'Status (kod)', width: 14 },
					{ key: 'area_m2', header: 'Yta (m²)', kind: 'number', width: 11 },
					{ key: 'ritad_som', header: 'Ritad som', width: 30 },
					{ key: 'ritad_som_kod', header: 'Ritad som (kod)', width: 14 },
					{ key: 'matchar', header: 'Matchar', width: 30 }
				],
				rows: report.scenes.map((s) => [
					s.id,
					s.name,
					s.year,
					s.district,
					STATUS_LABELS[s.status],
					s.status,
					Math.round(s.area),
					DRAWING_LABELS[s.drawing as keyof typeof DRAWING_LABELS] ?? s.drawing,
					s.drawing,
					s.matches.join(' ')
				])
			};
			const relations: Table = {
				sheet: `Samband ${from}–${to}`,
				columns: [
					{ key: 'typ', header: 'Typ', width: 22 },
					{ key: 'typ_kod', header: 'Typ (kod)', width: 14 },
					{ key: 'från', header: 'Från', width: 30 },
					{ key: 'till', header: 'Till', width: 30 },
					{ key: 'avstånd_m', header: 'Avstånd (m)', kind: 'number', width: 12 },
					{ key: 'riktning_grader', header: 'Riktning (grader)', kind: 'number', width: 12 },
					{ key: 'väderstreck', header: 'Väderstreck', width: 12 },
					{ key: 'glapp_m', header: 'Glapp (m)', kind: 'number', width: 10 },
					{ key: 'överlapp_m2', header: 'Överlapp (m²)', kind: 'number', width: 13 },
					{ key: 'iou', header: 'Överlappsgrad (IoU)', kind: 'number', format: '0.000', width: 12 },
					{ key: 'areaförändring_m2', header: 'Areaförändring (m²)', kind: 'number', width: 16 },
					{ key: 'ny_ritmetod', header: 'Ny ritmetod', kind: 'yesno', width: 11 }
				],
				rows: report.relations.map((r) => [
					RELATION_LABELS[r.type],
					r.type,
					nameList(r.from),
					nameList(r.to),
					Math.round(r.distance),
					Math.round(r.bearing),
					r.compass,
					Math.round(r.gap),
					Math.round(r.overlapArea),
					Number(r.iou.toFixed(3)),
					Math.round(r.areaChange),
					r.drawingChanged
				])
			};
			const tables = format === 'xlsx' ? [scenes, relations] : [table === 'scenes' ? scenes : relations];
			return tableResponse(format, format === 'xlsx' ? `drogscener-${from}-${to}` : `drogscener-${from}-${to}-${table}`, tables, SWEDISH);
		}
		return json(report);
	})) satisfies RequestHandler;
