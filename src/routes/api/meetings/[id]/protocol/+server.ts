import { MEASURE_STATUS_LABELS } from '$lib/measures/status';
import { audit, layersFor } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { oneOf } from '$lib/server/params';
import { services } from '$lib/server/services';
import { SWEDISH, tableResponse, type Table } from '$lib/server/table-export';
import type { RequestHandler } from './$types';

/**
 * The protocol's tables as a file: `?format=xlsx|csv[&table=agenda|decisions]`. The .xlsx holds
 * both as sheets (the agenda with each place's notes; every decision with the measure it made);
 * a CSV holds the one `table` names (agenda by default). The meeting as the viewer may see it:
 * a place on a layer they may not see is "Dold plats", without name or layer.
 */
export const GET = ((event) =>
	answer(async () => {
		const { url, params } = event;
		const layers = layersFor(event);
		const format = oneOf(url, 'format', ['xlsx', 'csv'], 'xlsx');
		const which = oneOf(url, 'table', ['agenda', 'decisions'], 'agenda');
		// An unknown meeting or one the viewer's organisation does not take part in is a 404, as for the meeting itself.
		const meeting = await services().meetings.get(params.id, layers);
		const titles = new Map(layers.list().map((l) => [l.id, l.title]));
		const layerTitle = (item: (typeof meeting.items)[number]) =>
			item.hidden ? 'Dold för ditt konto' : item.kind === 'area' ? 'Yta ritad för mötet' : (titles.get(item.layerId ?? '') ?? '');
		const place = (item: (typeof meeting.items)[number]) => (item.hidden ? 'Dold plats' : item.title);
		await audit(event, { action: 'analysis-export', target: `meeting ${meeting.id} protocol`, detail: { format, items: meeting.items.length } });

		const agenda: Table = {
			sheet: 'Dagordning',
			columns: [
				{ key: 'mötesdatum', header: 'Mötesdatum', kind: 'date', width: 12 },
				{ key: 'punkt', header: 'Punkt', kind: 'number', width: 7 },
				{ key: 'plats', header: 'Plats', width: 36 },
				{ key: 'lager', header: 'Lager', width: 28 },
				{ key: 'anteckningar', header: 'Anteckningar', width: 60 },
				{ key: 'beslut', header: 'Antal beslut', kind: 'number', width: 12 },
				{ key: 'tillagd_av', header: 'Tillagd av', width: 28 }
			],
			rows: meeting.items.map((item) => [meeting.date, item.position, place(item), layerTitle(item), item.notes, item.decisions.length, item.addedBy])
		};
		const decisions: Table = {
			sheet: 'Beslut',
			columns: [
				{ key: 'punkt', header: 'Punkt', kind: 'number', width: 7 },
				{ key: 'plats', header: 'Plats', width: 30 },
				{ key: 'beslut', header: 'Beslut', width: 50 },
				{ key: 'beslutat', header: 'Beslutat (svensk tid)', kind: 'datetime', width: 17 },
				{ key: 'av', header: 'Av', width: 28 },
				{ key: 'åtgärd', header: 'Åtgärd', width: 36 },
				{ key: 'ansvarig', header: 'Ansvarig organisation', width: 28 },
				{ key: 'klart_senast', header: 'Klart senast', kind: 'date', width: 12 },
				{ key: 'status', header: 'Status', width: 12 },
				{ key: 'status_kod', header: 'Status (kod)', width: 12 },
				{ key: 'försenad', header: 'Försenad', kind: 'yesno', width: 9 }
			],
			rows: meeting.items.flatMap((item) =>
				item.decisions.map((d) => [
					item.position,
					place(item),
					d.text,
					d.createdAt,
					d.createdBy,
					d.measure?.title ?? null,
					d.measure?.ownerOrganisationName ?? null,
					d.measure?.dueDate ?? null,
					d.measure ? MEASURE_STATUS_LABELS[d.measure.status].sv : null,
					d.measure?.status ?? null,
					d.measure ? d.measure.overdue : null
				])
			)
		};
		const name = `protokoll-${meeting.date}`;
		return tableResponse(format, format === 'csv' ? `${name}-${which === 'agenda' ? 'dagordning' : 'beslut'}` : name, format === 'xlsx' ? [agenda, decisions] : [which === 'agenda' ? agenda : decisions], SWEDISH);
	})) satisfies RequestHandler;
