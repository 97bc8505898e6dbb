/**
 * Demo mode only: one example meeting, so the meeting view has something to step through on
 * first start. Its agenda is the lägesbild's own story (Husby C ceased, Nordkapsgatan and
 * Sibeliusgången/Borgågatan appeared, Kista C persisted) plus one example insecure place. It
 * has no notes, decisions or measures: those would be invented, and the title says "Exempel".
 */
import { sql } from 'kysely';
import { stockholmDate } from '$lib/dates';
import { LayerView } from '../layer-view';
import type { Services } from '../services';
import type { MeetingStore } from './meeting-store';

export const DEMO_MEETING_TITLE = 'Exempel: platssamverkan Husby–Akalla–Kista';

/** The places on the example agenda, in the order a meeting would take them. */
export const DEMO_AGENDA = [
	{ layerId: 'drogscener-2021', featureId: 'ds2021-husby-c' },
	{ layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' },
	{ layerId: 'drogscener-2023', featureId: 'ds2023-sibeliusgangen-borgagatan' },
	{ layerId: 'drogscener-2023', featureId: 'ds2023-kista-c' },
	{ layerId: 'otrygga-platser', featureId: 'op-husby-02' }
] as const;

/**
 * Creates the example meeting when there are no meetings at all (a fresh demo database), as the
 * demo admin. Returns whether it did. Places missing from the layers (edited away) are skipped.
 */
export async function ensureDemoMeeting(services: Pick<Services, 'database' | 'layers' | 'accounts'>, meetings: MeetingStore, today = stockholmDate()): Promise<boolean> {
	const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM meetings`.execute(services.database.query);
	const admin = await services.accounts.accountByUsername('demo-admin');
	if (Number(rows[0]?.n ?? 0) > 0 || !admin) return false;
	const layers = new LayerView(services.layers, services.accounts, services.accounts.viewer(admin));
	const meeting = await meetings.create(
		{
			title: DEMO_MEETING_TITLE,
			date: today,
			participants: ['Stadsdelsförvaltningen Järva (exempel)', 'Lokalpolisområde Järva (exempel)', 'Fastighetsägare (exempel)'],
			organisationIds: ['sdf-jarva', 'polis-jarva', 'fastighetsagare']
		},
		layers
	);
	for (const place of DEMO_AGENDA) {
		try {
			await meetings.addItem(meeting.id, { kind: 'feature', ...place }, layers);
		} catch {
			// The object is gone from the demo layers; the example does without it.
		}
	}
	return true;
}
