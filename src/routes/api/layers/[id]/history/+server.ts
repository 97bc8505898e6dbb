import { json } from '@sveltejs/kit';
import { tableResponse, type Table } from '$lib/server/table-export';
import { answer } from '$lib/server/http';
import { audit, auditBulkRead, layersFor } from '$lib/server/guard';
import { oneOf } from '$lib/server/params';
import type { RequestHandler } from './$types';

const ACTION_LABELS: Record<string, string> = {
	seed: 'startdata',
	create: 'skapad',
	update: 'ändrad',
	delete: 'borttagen',
	restore: 'återställd',
	import: 'importerad'
};

/** The layer's whole history, oldest first: `?format=json|csv|xlsx`. */
export const GET = ((event) =>
	answer(async () => {
		const { params, url } = event;
		const layers = layersFor(event);
		const history = await layers.history(params.id);
		const format = oneOf(url, 'format', ['json', 'csv', 'xlsx'], 'json');
		if (format === 'json') {
			// Every version of every feature, before and after: as much as an export, logged once per session.
			await auditBulkRead(event, layers.get(params.id).summary, 'history');
			return json({ history });
		}
		await audit(event, { action: 'history-export', target: params.id, detail: { format, entries: history.length } });
		const geometry = (g: unknown) => {
			const text = g ? JSON.stringify(g) : null;
			// Excel holds 32 767 characters in a cell; the CSV keeps all of it.
			return format === 'xlsx' && text && text.length > 32_000 ? 'För lång för en cell – se CSV-exporten' : text;
		};
		const table: Table = {
			sheet: 'Historik',
			columns: [
				{ key: 'löpnummer', header: 'Löpnummer', kind: 'number', width: 11 },
				{ key: 'objekt', header: 'Objekt', width: 24 },
				{ key: 'version', header: 'Version', kind: 'number', width: 9 },
				{ key: 'händelse', header: 'Händelse', width: 12 },
				{ key: 'tid', header: 'Tid (svensk tid)', kind: 'datetime', width: 17 },
				{ key: 'av', header: 'Av', width: 36 },
				{ key: 'namn_före', header: 'Namn före', width: 30 },
				{ key: 'namn_efter', header: 'Namn efter', width: 30 },
				{ key: 'geometri_före', header: 'Geometri före (GeoJSON)', width: 30 },
				{ key: 'geometri_efter', header: 'Geometri efter (GeoJSON)', width: 30 }
			],
			rows: history.map((h) => [
				h.seq,
				h.featureId,
				h.version,
				ACTION_LABELS[h.action] ?? h.action,
				h.at,
				h.by,
				(h.before?.properties.name as string | undefined) ?? null,
				(h.after?.properties.name as string | undefined) ?? null,
				geometry(h.before?.geometry),
				geometry(h.after?.geometry)
			])
		};
		return tableResponse(format, `${params.id}-historik`, [table]);
	})) satisfies RequestHandler;
