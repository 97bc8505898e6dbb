import { json } from '@sveltejs/kit';
import { csvResponse, toCsv } from '$lib/server/csv';
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

/** The layer's whole history, oldest first: `?format=json|csv`. */
export const GET = ((event) =>
	answer(() => {
		const { params, url } = event;
		const layers = layersFor(event);
		const history = layers.history(params.id);
		if (oneOf(url, 'format', ['json', 'csv'], 'json') === 'json') {
			// Every version of every feature, before and after: as much as an export, logged once per session.
			auditBulkRead(event, layers.get(params.id).summary, 'history');
			return json({ history });
		}
		audit(event, { action: 'history-export', target: params.id, detail: { format: 'csv', entries: history.length } });
		return csvResponse(
			`${params.id}-historik.csv`,
			toCsv(
				['löpnummer', 'objekt', 'version', 'händelse', 'tid', 'av', 'namn_före', 'namn_efter', 'geometri_före', 'geometri_efter'],
				history.map((h) => [
					h.seq,
					h.featureId,
					h.version,
					ACTION_LABELS[h.action] ?? h.action,
					h.at,
					h.by,
					(h.before?.properties.name as string | undefined) ?? null,
					(h.after?.properties.name as string | undefined) ?? null,
					h.before ? JSON.stringify(h.before.geometry) : null,
					h.after ? JSON.stringify(h.after.geometry) : null
				])
			)
		);
	})) satisfies RequestHandler;
