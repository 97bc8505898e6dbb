import { json } from '@sveltejs/kit';
import { MEASURE_STATUS_LABELS } from '$lib/measures/status';
import { csvResponse, toCsv } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { measureFilter, newMeasure } from '$lib/server/measures/measure-input';
import { oneOf } from '$lib/server/params';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Measures, open ones by default: `?status=open|all|<status>&owner=<org>&origin=meeting|inventory&originId=&overdue=1&place=<layer>/<feature>&format=json|geojson|csv`.
 */
export const GET = ((event) =>
	answer(() => {
		const format = oneOf(event.url, 'format', ['json', 'geojson', 'csv'], 'json');
		const measures = services().measures.list(measureFilter(event.url), layersFor(event));
		if (format === 'json') return json({ measures });
		audit(event, { action: 'analysis-export', target: 'measures', detail: { format, count: measures.length } });
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
		return csvResponse(
			'atgarder.csv',
			toCsv(
				['id', 'rubrik', 'beskrivning', 'ansvarig', 'klart_senast', 'status', 'försenad', 'plats', 'lon', 'lat', 'ursprung', 'version', 'ändrad', 'ändrad_av'],
				measures.map((m) => [
					m.id,
					m.title,
					m.description,
					m.ownerOrganisationName,
					m.dueDate,
					MEASURE_STATUS_LABELS[m.status].sv,
					m.overdue ? 'ja' : 'nej',
					m.place && 'name' in m.place ? m.place.name : m.place ? 'dold' : null,
					m.position?.[0] ?? null,
					m.position?.[1] ?? null,
					m.origin ? `${m.origin.kind} ${m.origin.id}` : null,
					m.version,
					m.updatedAt,
					m.updatedBy
				])
			)
		);
	})) satisfies RequestHandler;

/** A new measure: `{ title, description?, ownerOrganisationId, dueDate, status, place?, position?, origin? }`. */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const body = await readWrite(event.request, newMeasure, 64_000);
		const { origin, ...input } = body;
		return write(event, () => {
			const measure = services().measures.create(input, layersFor(event), origin);
			audit(event, { action: 'measure-create', target: measure.id, detail: { title: measure.title, status: measure.status, origin: measure.origin } });
			return json({ measure }, { status: 201 });
		});
	})) satisfies RequestHandler;
