import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { viewerOf } from '$lib/server/guard';
import { metres } from '$lib/server/params';
import { BadParamError } from '$lib/server/errors';
import { currentWeek, reportFilter, weekParam } from '$lib/server/reports/report-input';
import { weekPicture } from '$lib/server/reports/week-service';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The week's lägesbild from the reports the viewer may see: `?week=2026-W49` (default this week),
 * `cellSize` (metres, 50–1000, default 200), `fdr=0|1` (default 1), `emergingWeeks` (8–12, default
 * 10) and the list's filters (`category`, `organisation`, `district`, `timeOfDay`). Answers the
 * week's reports, the comparison with the previous four weeks, the hot spots (GeoJSON cells with
 * z, p, pFdr, class, confidence) and the emerging hot spots.
 */
export const GET = ((event) =>
	answer(async () => {
		const viewer = viewerOf(event);
		const url = event.url;
		const week = weekParam(url, 'week', currentWeek());
		const cellSize = metres(url, 'cellSize', 200, { min: 50, max: 1000 });
		const fdrRaw = url.searchParams.get('fdr') ?? '1';
		if (fdrRaw !== '0' && fdrRaw !== '1') throw new BadParamError('fdr', 'fdr ska vara 1 (korrigera för många rutor, standard) eller 0.', ['0', '1']);
		const emergingWeeks = Number(url.searchParams.get('emergingWeeks') ?? 10);
		if (!Number.isInteger(emergingWeeks) || emergingWeeks < 8 || emergingWeeks > 12) {
			throw new BadParamError('emergingWeeks', 'emergingWeeks ska vara ett heltal 8–12 (veckor bakåt för framväxande heta områden).');
		}
		// The weeks are the analysis's own (this week and those before it); the rest filters the reports.
		const { fromWeek: _from, toWeek: _to, ...filter } = reportFilter(url);
		const { reports, districts } = services();
		return json(await weekPicture(reports, districts, viewer, { week, filter, cellSize, fdr: fdrRaw === '1', emergingWeeks }));
	})) satisfies RequestHandler;
