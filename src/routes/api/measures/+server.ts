import { json } from '@sveltejs/kit';
import { MEASURE_STATUS_LABELS } from '$lib/measures/status';
import { SWEDISH, tableResponse, type Table } from '$lib/server/table-export';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { measureFilter, newMeasure } from '$lib/server/measures/measure-input';
import { oneOf } from '$lib/server/params';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const ORIGIN_LABELS: Record<string, string> = { meeting: 'möte', inventory: 'trygghetsinventering' };

/**
 * Measures, open ones by default: `?status=open|all|<status>&owner=<org>&origin=meeting|inventory&originId=&overdue=1&place=<layer>/<feature>&format=json|geojson|csv|xlsx`.
 */
export const GET = ((event) =>
	answer(async () => {
		const format = oneOf(event.url, 'format', ['json', 'geojson', 'csv', 'xlsx'], 'json');
		const measures = await services().measures.list(measureFilter(event.url), layersFor(event));
		if (format === 'json') return json({ measures });
		await audit(event, { action: 'analysis-export', target: 'measures', detail: { format, count: measures.length } });
		if (format === 'geojson') {
			return json(
				{
					type: 'FeatureCollection',
					features: measures
						.filter((m) => m.position)
						.map((m) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: m.position }, properties: { ...m, position: undefined } }))
				},
				{ headers: { 'content-type': 'application/geo+json; charset=utf-8' } }
			);
		}
		const table: Table = {
			sheet: 'Åtgärder',
			columns: [
				{ key: 'id', header: 'Id', width: 24 },
				{ key: 'rubrik', header: 'Rubrik', width: 36 },
				{ key: 'beskrivning', header: 'Beskrivning', width: 40 },
				{ key: 'ansvarig', header: 'Ansvarig organisation', width: 30 },
				{ key: 'klart_senast', header: 'Klart senast', kind: 'date', width: 12 },
				{ key: 'status', header: 'Status', width: 12 },
				{ key: 'status_kod', header: 'Status (kod)', width: 12 },
				{ key: 'försenad', header: 'Försenad', kind: 'yesno', width: 9 },
				{ key: 'plats', header: 'Plats', width: 30 },
				{ key: 'lon', header: 'Longitud', kind: 'number', format: '0.000000', width: 12 },
				{ key: 'lat', header: 'Latitud', kind: 'number', format: '0.000000', width: 12 },
				{ key: 'ursprung', header: 'Ursprung', width: 16 },
				{ key: 'ursprung_id', header: 'Ursprung (id)', width: 24 },
				{ key: 'version', header: 'Version', kind: 'number', width: 9 },
				{ key: 'ändrad', header: 'Ändrad (svensk tid)', kind: 'datetime', width: 17 },
				{ key: 'ändrad_av', header: 'Ändrad av', width: 30 }
			],
			rows: measures.map((m) => [
				m.id,
				m.title,
				m.description,
				m.ownerOrganisationName,
				m.dueDate,
				MEASURE_STATUS_LABELS[m.status].sv,
				m.status,
				m.overdue,
				m.place && 'name' in m.place ? m.place.name : m.place ? 'dold' : null,
				m.position?.[0] ?? null,
				m.position?.[1] ?? null,
				m.origin ? ORIGIN_LABELS[m.origin.kind] ?? m.origin.kind : null,
				m.origin?.id ?? null,
				m.version,
				m.updatedAt,
				m.updatedBy
			])
		};
		return tableResponse(format, 'atgarder', [table], SWEDISH);
	})) satisfies RequestHandler;

/** A new measure: `{ title, description?, ownerOrganisationId, dueDate, status, place?, position?, origin? }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const body = await readWrite(event.request, newMeasure, 64_000);
		const { origin, ...input } = body;
		return write(event, async () => {
			const measure = await services().measures.create(input, layersFor(event), origin);
			await audit(event, { action: 'measure-create', target: measure.id, detail: { title: measure.title, status: measure.status, origin: measure.origin } });
			return json({ measure }, { status: 201 });
		});
	})) satisfies RequestHandler;
