import { json } from '@sveltejs/kit';
import { FindingInput, SEVERITIES, findingCategory } from '$lib/inventory/categories';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { oneOf } from '$lib/server/params';
import { SWEDISH, tableResponse, type Table } from '$lib/server/table-export';
import { answer } from '$lib/server/http';
import { auditInventory } from '$lib/server/inventories/inventory-http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The walk's findings as a file: `?format=xlsx|csv` – one row per finding with its category and
 * severity in Swedish beside their codes, the note, the position, who recorded it and when, and
 * what it became (a measure, an insecure place). Readable by whoever may read the walk.
 */
export const GET = ((event) =>
	answer(async () => {
		const format = oneOf(event.url, 'format', ['xlsx', 'csv'], 'xlsx');
		const inventory = await services().inventories.get(event.params.id, layersFor(event));
		await audit(event, { action: 'analysis-export', target: `inventory ${inventory.id} findings`, detail: { format, count: inventory.findings.length } });
		const organisations = new Map(inventory.organisations.map((o) => [o.id, o.name]));
		// A finding's stop by its number, the same on every sheet; a stop this reader may not see
		// is only its number (no name), as on the field sheet.
		const stopNumbers = new Map<string, number>([
			...inventory.stops.map((s, i) => [s.id, s.number ?? i + 1] as [string, number]),
			...(inventory.withheldStops ?? []).map((s) => [s.id, s.number] as [string, number])
		]);
		const stopNames = new Map(inventory.stops.map((s) => [s.id, s.name]));
		const table: Table = {
			sheet: 'Fynd',
			columns: [
				{ key: 'nr', header: 'Nr', kind: 'number', width: 6 },
				{ key: 'kategori', header: 'Kategori', width: 24 },
				{ key: 'kategori_kod', header: 'Kategori (kod)', width: 16 },
				{ key: 'allvarlighet', header: 'Allvarlighet', width: 12 },
				{ key: 'allvarlighet_tal', header: 'Allvarlighet (1–3)', kind: 'number', width: 12 },
				{ key: 'stopp', header: 'Stopp (nr)', kind: 'number', width: 8 },
				{ key: 'stopp_namn', header: 'Stopp', width: 24 },
				{ key: 'anteckning', header: 'Anteckning', width: 50 },
				{ key: 'lon', header: 'Longitud', kind: 'number', format: '0.000000', width: 12 },
				{ key: 'lat', header: 'Latitud', kind: 'number', format: '0.000000', width: 12 },
				{ key: 'foton', header: 'Foton', kind: 'number', width: 7 },
				{ key: 'registrerat', header: 'Registrerat (svensk tid)', kind: 'datetime', width: 17 },
				{ key: 'organisation', header: 'Organisation', width: 28 },
				{ key: 'registrerat_av', header: 'Registrerat av', width: 28 },
				{ key: 'åtgärd_id', header: 'Åtgärd (id)', width: 24 },
				{ key: 'otrygg_plats_id', header: 'Otrygg plats (id)', width: 24 },
				{ key: 'id', header: 'Id', width: 24 }
			],
			rows: inventory.findings.map((f, i) => [
				i + 1,
				findingCategory(f.category).sv,
				f.category,
				SEVERITIES[f.severity].sv,
				f.severity,
				f.stopId ? (stopNumbers.get(f.stopId) ?? null) : null,
				f.stopId ? (stopNames.get(f.stopId) ?? (stopNumbers.has(f.stopId) ? 'plats enligt samordnaren' : null)) : null,
				f.note,
				f.position[0],
				f.position[1],
				f.photos.length,
				f.recordedAt,
				organisations.get(f.organisationId) ?? f.organisationId,
				f.createdBy,
				f.measureId,
				f.placeFeatureId,
				f.id
			])
		};
		return tableResponse(format, `fynd-${inventory.startsAt.slice(0, 10)}`, [table], SWEDISH);
	})) satisfies RequestHandler;

/**
 * A finding recorded on a device by an organisation taking part (`FindingInput`, keyed by its clientId) → 201 `{ finding }`;
 * the same clientId again → 200 with the finding already stored (a resend from the outbox).
 */
export const POST = ((event) =>
	answer(async () => {
		requireRole(event, 'redaktör');
		const store = services().inventories;
		await store.authorise(event.params.id, 'add-finding', viewerOf(event));
		const input = await readWrite(event.request, FindingInput, 100_000);
		return write(event, async () => {
			const { finding, created } = await store.addFinding(event.params.id, input, layersFor(event));
			if (created) await auditInventory(event, 'finding-create', `${event.params.id}/${finding.id}`, { category: finding.category });
			return json({ finding }, { status: created ? 201 : 200 });
		});
	})) satisfies RequestHandler;
