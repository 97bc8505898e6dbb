import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { layersFor } from '$lib/server/guard';
import { currentWeek, weekParam } from '$lib/server/reports/report-input';
import { weekMeeting } from '$lib/server/reports/week-meeting';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The weekly meeting of `?week=2026-W49` (default this week): the proposed agenda (hot cells, new
 * places, last week's focus places), the week's focus places and last week's to follow up. A
 * partner that does not see every report gets the focus places its organisation owns only.
 */
export const GET = ((event) =>
	answer(async () => {
		const week = weekParam(event.url, 'week', currentWeek());
		return json(await weekMeeting(week, services(), layersFor(event)));
	})) satisfies RequestHandler;
