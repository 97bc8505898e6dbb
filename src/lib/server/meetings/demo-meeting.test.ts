import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureDemoAccounts } from '../auth/demo';
import { LayerView } from '../layer-view';
import { MeasureStore } from '../measures/measure-store';
import { tempServices } from '../testing/temp-service';
import { DEMO_AGENDA, DEMO_MEETING_TITLE, ensureDemoMeeting } from './demo-meeting';
import { MeetingStore } from './meeting-store';

let services: Awaited<ReturnType<typeof tempServices>>;
let meetings: MeetingStore;
beforeEach(async () => {
	services = await tempServices();
	meetings = new MeetingStore(services.database, new MeasureStore(services.database));
	await ensureDemoAccounts(services.accounts, 'en lång demofras för test');
});
afterEach(() => services.close());

const as = async (username: string) => new LayerView(services.layers, services.accounts, services.accounts.viewer((await services.accounts.accountByUsername(username))!));

describe('the demo meeting', () => {
	it('a fresh demo database gets one example meeting with the lägesbild’s places, and no invented decisions', async () => {
		expect(await ensureDemoMeeting(services, meetings, '2026-11-27')).toBe(true);
		const [summary] = await meetings.list(await as('demo-sdf-lasare'));
		expect(summary).toMatchObject({ title: DEMO_MEETING_TITLE, date: '2026-11-27', itemCount: DEMO_AGENDA.length });
		const meeting = await meetings.get(summary!.id, await as('demo-polis-lasare'));
		expect(meeting.items.map((item) => item.title)).toEqual([
			'Husby C',
			'Nordkapsgatan, Husby',
			'Sibeliusgången/Borgågatan',
			'Kista C/Busstorg och tunnelbanestation',
			'Parkeringsplats, Husby (exempel)'
		]);
		expect(meeting.items.flatMap((item) => item.decisions)).toEqual([]);
		expect(meeting.items.every((item) => item.notes === '')).toBe(true);
	});

	it('is made once: a second start, or a database with meetings, is left as it is', async () => {
		expect(await ensureDemoMeeting(services, meetings)).toBe(true);
		expect(await ensureDemoMeeting(services, meetings)).toBe(false);
		expect(await meetings.list(await as('demo-admin'))).toHaveLength(1);
	});

	it('a property owner takes part but sees the drug scenes on the agenda as hidden places', async () => {
		await ensureDemoMeeting(services, meetings);
		const [summary] = await meetings.list(await as('demo-fastighet-lasare'));
		const items = (await meetings.get(summary!.id, await as('demo-fastighet-lasare'))).items;
		expect(items.map((item) => item.hidden)).toEqual([true, true, true, true, false]);
		expect(items.filter((item) => item.hidden).every((item) => item.geometry === null && item.layerId === null)).toBe(true);
	});
});
