import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { NewReport } from '$lib/reports/model';
import { TIME_OF_DAY_LABELS, timeOfDay } from '$lib/reports/categories';
import { SWEDISH, tableResponse, type Table } from '$lib/server/table-export';
import { answer } from '$lib/server/http';
import { audit, requireRole, viewerOf, write } from '$lib/server/guard';
import { oneOf } from '$lib/server/params';
import { readWrite } from '$lib/server/write-request';
import { reportFilter } from '$lib/server/reports/report-input';
import { services } from '$lib/server/services';
import { EXAMPLE_LABEL } from '$lib/reports/categories';
import type { RequestHandler } from './$types';

/**
 * The reports the viewer may see (their own organisation's; the operator, the police and the
 * system administrator see all): `?week=2026-W49` or `?from=&to=`, `category`, `organisation`,
 * `district`, `timeOfDay` (comma lists), `format=json|geojson|csv|xlsx`.
 */
export const GET = ((event) =>
	answer(async () => {
		const viewer = viewerOf(event);
		const format = oneOf(event.url, 'format', ['json', 'geojson', 'csv', 'xlsx'], 'json');
		const filter = reportFilter(event.url);
		const reports = await services().reports.list(filter, viewer);
		if (format === 'json') return json({ reports, seesAll: services().reports.seesAll(viewer) });
		await audit(event, { action: 'report-export', target: 'reports', detail: { format, count: reports.length, from: filter.fromWeek ?? null, to: filter.toWeek ?? null } });
		if (format === 'geojson') {
			return json(
				{
					type: 'FeatureCollection',
					features: reports.map(({ position, ...report }) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties: report }))
				},
				{ headers: { 'content-type': 'application/geo+json; charset=utf-8' } }
			);
		}
		const table: Table = {
			sheet: 'Rapporter',
			columns: [
				{ key: 'id', header: 'Id', width: 38 },
				{ key: 'vecka', header: 'Vecka', width: 10 },
				{ key: 'datum', header: 'Datum', kind: 'date', width: 12 },
				{ key: 'tid', header: 'Tid', width: 7 },
				{ key: 'slutdatum', header: 'Slutdatum (period)', kind: 'date', width: 12 },
				{ key: 'tid_pa_dygnet', header: 'Tid på dygnet', width: 18 },
				{ key: 'kategori', header: 'Kategori', width: 22 },
				{ key: 'kategori_kod', header: 'Kategori (kod)', width: 18 },
				{ key: 'text', header: 'Text', width: 50 },
				{ key: 'plats', header: 'Plats', width: 24 },
				{ key: 'stadsdel', header: 'Stadsdel', width: 12 },
				{ key: 'lon', header: 'Longitud', kind: 'number', format: '0.000000', width: 12 },
				{ key: 'lat', header: 'Latitud', kind: 'number', format: '0.000000', width: 12 },
				{ key: 'organisation', header: 'Rapporterande organisation', width: 28 },
				{ key: 'exempel', header: EXAMPLE_LABEL, kind: 'yesno', width: 12 },
				{ key: 'kalla', header: 'Importerad från (källa)', width: 20 },
				{ key: 'kalla_id', header: 'Id i källan', width: 18 },
				{ key: 'version', header: 'Version', kind: 'number', width: 9 },
				{ key: 'ändrad', header: 'Ändrad (svensk tid)', kind: 'datetime', width: 17 },
				{ key: 'ändrad_av', header: 'Ändrad av', width: 30 }
			],
			rows: reports.map((r) => [
				r.id,
				r.week,
				r.date,
				r.time,
				r.endDate,
				TIME_OF_DAY_LABELS[timeOfDay(r.endDate ? null : r.time)],
				r.categoryLabel,
				r.category,
				r.text,
				r.placeName,
				r.district,
				r.position[0],
				r.position[1],
				r.organisationName,
				r.example,
				r.source,
				r.sourceId,
				r.version,
				r.updatedAt,
				r.updatedBy
			])
		};
		return tableResponse(format, 'rapporter', [table], SWEDISH);
	})) satisfies RequestHandler;

/**
 * A new report by the viewer's organisation: `{ clientId, category, date, time?, endDate?,
 * position, placeName?, text }`. 201 with the report; the same clientId again is a 200 with the
 * stored one (the phone's queue resends after a lost answer). A text with a personnummer is a 400
 * that says so, and nothing is stored.
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const body = await readWrite(event.request, NewReport, 16_000);
		return write(event, async () => {
			const { report, created } = await services().reports.create(body, viewer, `${viewer.displayName} (${viewer.username})`);
			if (created) await audit(event, { action: 'report-create', target: report.id, detail: { category: report.category, week: report.week } });
			return json({ report }, { status: created ? 201 : 200 });
		});
	})) satisfies RequestHandler;
