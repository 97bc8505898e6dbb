/**
 * The weekly meeting (issue 16, item 5): the agenda proposed for an ISO week and the week's focus
 * places, with last week's focus places to follow up. The agenda is proposed, not decided: the
 * week's significant hot cells (Gi* with FDR on the 200 m grid, as the week page computes them),
 * the new places (NEW_PLACE_RULE, src/lib/analysis/new-places.ts) and last week's focus places.
 *
 * Who sees what (auth/access.ts): those who see every report (and so run the meeting) get it all;
 * another partner gets only the focus places its organisation owns, and no agenda – the agenda is
 * built from reports it may not see.
 */
import { addWeeks } from '$lib/analysis/iso-week';
import { newPlaces } from '$lib/analysis/new-places';
import { spotLabel } from '$lib/analysis';
import { NEW_PLACE_RULE, type AgendaProposal, type FocusPlace } from '$lib/weekly/focus';
import type { LayerView } from '../layer-view';
import type { Districts } from './districts';
import type { FocusPlaceStore } from './focus-store';
import type { ReportStore } from './report-store';
import { weekPicture, type WeekPicture } from './week-service';

export const MEETING_CELL_SIZE = 200;
/** At most this many hot areas (touching hot cells) are proposed, the strongest first; the week page lists every cell. */
export const MAX_HOT_PROPOSALS = 6;

export interface WeekMeeting {
	week: string;
	previousWeek: string;
	/** Whether the viewer sets focus places and records follow-up. */
	mayEdit: boolean;
	/** Whether the viewer sees the whole meeting (else only the focus places its organisation owns). */
	seesAll: boolean;
	agenda: AgendaProposal[];
	newPlaceRule: string;
	focusPlaces: FocusPlace[];
	/** Last week's focus places, each with its follow-up (null until recorded). */
	followUp: FocusPlace[];
	/** The week's picture is built from invented demo reports. */
	examples: boolean;
}

const decimal = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 });

/** The agenda proposal from a week's picture (the hot cells), the new places and last week's focus places. */
export function proposeAgenda(picture: Pick<WeekPicture, 'hotspots' | 'reports'>, before: [number, number][], lastWeek: FocusPlace[], districtOf: (p: [number, number]) => string | null): AgendaProposal[] {
	const agenda: AgendaProposal[] = [];
	for (const f of lastWeek) {
		agenda.push({
			source: 'last-week',
			title: `Förra veckans fokusplats: ${f.name}`,
			why: `Följ upp: ${f.text} (${f.ownerOrganisationName}${f.measures.length ? `, ${f.measures.length} ${f.measures.length === 1 ? 'åtgärd' : 'åtgärder'}` : ''}).`,
			position: f.position,
			district: districtOf(f.position),
			focusPlaceId: f.id
		});
	}
	// Adjacent hot cells (sharing an edge or a corner) are one hot area: one proposal, made from the
	// cell with the most reports (the strongest z on a tie), so six cells of one cluster are not six points.
	const cellSize = picture.hotspots.properties.cellSize;
	const hotCells = picture.hotspots.features.filter((c) => c.properties.class === 'hot');
	const hotIds = new Set(hotCells.map((c) => c.properties.id));
	const clusters = hotAreas(hotCells, cellSize)
		.map((cells) => ({ cells, best: [...cells].sort((a, b) => b.properties.count - a.properties.count || b.properties.z - a.properties.z)[0]! }))
		.sort((a, b) => Math.max(...b.cells.map((c) => c.properties.z)) - Math.max(...a.cells.map((c) => c.properties.z)))
		.slice(0, MAX_HOT_PROPOSALS);
	for (const { cells, best } of clusters) {
		const p = best.properties;
		const top = cells.reduce((a, c) => (c.properties.confidence ?? 0) > (a.properties.confidence ?? 0) ? c : a, best).properties;
		const reports = cells.reduce((n, c) => n + c.properties.count, 0);
		const ring = best.geometry.coordinates[0]!.slice(0, -1);
		const centre: [number, number] = [ring.reduce((a, q) => a + q[0]!, 0) / ring.length, ring.reduce((a, q) => a + q[1]!, 0) / ring.length];
		const zMax = Math.max(...cells.map((c) => c.properties.z));
		agenda.push({
			source: 'hotspot',
			title: `${spotLabel('hot', top.confidence)}${p.district ? ` i ${p.district}` : ''}${cells.length > 1 ? ` (${cells.length} rutor)` : ''}`,
			why:
				cells.length > 1
					? `${reports} ${reports === 1 ? 'rapport' : 'rapporter'} i områdets ${cells.length} rutor, flest (${p.count}) i ruta ${p.id}; z upp till ${decimal.format(zMax)}.`
					: `${p.count} ${p.count === 1 ? 'rapport' : 'rapporter'} i rutan, ${p.neighbourhoodCount} i grannskapet; z ${decimal.format(p.z)}.`,
			position: centre,
			district: p.district,
			cell: { cellId: p.id, cellSize, geometry: best.geometry }
		});
	}
	for (const place of newPlaces(picture.reports.map((r) => r.position), before, { cellSize: MEETING_CELL_SIZE })) {
		if (hotIds.has(place.cellId)) continue;
		const district = districtOf(place.centre);
		agenda.push({
			source: 'new-place',
			title: `Ny plats${district ? ` i ${district}` : ''}`,
			why: `${place.count} rapporter denna vecka, inga i eller runt rutan de fyra veckorna före.`,
			position: place.centre,
			district,
			cell: { cellId: place.cellId, cellSize: place.cellSize, geometry: place.geometry }
		});
	}
	return agenda;
}

/** Hot cells grouped into areas of cells that touch (edge or corner), by their grid ids. */
export function hotAreas<C extends { properties: { id: string } }>(cells: C[], cellSize: number): C[][] {
	const at = new Map<string, C>();
	const xy = (id: string) => {
		const m = /^E(-?\d+(?:\.\d+)?)N(-?\d+(?:\.\d+)?)$/.exec(id);
		return m ? [Math.round(Number(m[1]) / cellSize), Math.round(Number(m[2]) / cellSize)] : null;
	};
	for (const c of cells) {
		const p = xy(c.properties.id);
		if (p) at.set(`${p[0]},${p[1]}`, c);
	}
	const seen = new Set<string>();
	const areas: C[][] = [];
	for (const key of at.keys()) {
		if (seen.has(key)) continue;
		const area: C[] = [];
		const stack = [key];
		seen.add(key);
		while (stack.length) {
			const k = stack.pop()!;
			area.push(at.get(k)!);
			const [x, y] = k.split(',').map(Number) as [number, number];
			for (let dx = -1; dx <= 1; dx++)
				for (let dy = -1; dy <= 1; dy++) {
					const n = `${x + dx},${y + dy}`;
					if (!seen.has(n) && at.has(n)) (seen.add(n), stack.push(n));
				}
		}
		areas.push(area);
	}
	return areas;
}

export async function weekMeeting(week: string, stores: { reports: ReportStore; districts: Districts; focusPlaces: FocusPlaceStore }, layers: LayerView): Promise<WeekMeeting> {
	const viewer = layers.viewer;
	const previousWeek = addWeeks(week, -1);
	const focusPlaces = await stores.focusPlaces.list(week, layers);
	const followUp = await stores.focusPlaces.list(previousWeek, layers);
	const seesAll = stores.reports.seesAll(viewer);
	let agenda: AgendaProposal[] = [];
	let examples = false;
	if (seesAll) {
		const picture = await weekPicture(stores.reports, stores.districts, viewer, { week, filter: {}, cellSize: MEETING_CELL_SIZE, fdr: true, emergingWeeks: 0 });
		const before = (await stores.reports.list({ fromWeek: addWeeks(week, -4), toWeek: previousWeek }, viewer)).map((r) => r.position);
		agenda = proposeAgenda(picture, before, followUp, (p) => stores.districts.at(p));
		examples = picture.examples;
	}
	return { week, previousWeek, mayEdit: stores.focusPlaces.mayEdit(viewer), seesAll, agenda, newPlaceRule: NEW_PLACE_RULE, focusPlaces, followUp, examples };
}
