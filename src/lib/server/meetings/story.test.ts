import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { Role, Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { MeasureStore } from '../measures/measure-store';
import { tempServices } from '../testing/temp-service';
import { NewDecision, NewItem, NewMeeting } from './meeting-input';
import { MeetingStore } from './meeting-store';
import { placeStory } from './story';

let services: Awaited<ReturnType<typeof tempServices>>;
let meetings: MeetingStore;
let measures: MeasureStore;
beforeEach(async () => {
	services = await tempServices();
	measures = new MeasureStore(services.database);
	meetings = new MeetingStore(services.database, measures);
});
afterEach(() => services.close());

function as(organisation: string, role: Role = 'redaktör') {
	const viewer: Viewer = { id: 1, username: 'u', displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}

async function storyOf(item: v.InferOutput<typeof NewItem>, viewer = as('sdf-jarva')) {
	const sdf = as('sdf-jarva');
	const meeting = await meetings.create(v.parse(NewMeeting, { title: 'Möte', date: '2025-03-12', organisationIds: ['fastighetsagare'] }), sdf);
	const added = await meetings.addItem(meeting.id, item, sdf);
	return { story: await placeStory(viewer, measures, await meetings.item(meeting.id, added.id, viewer)), meeting, item: added };
}

describe('a place’s story across the years', () => {
	it('Husby C (2021) ceased by 2023, with Nordkapsgatan as a possible displacement to the south-east', async () => {
		const { story } = await storyOf({ kind: 'feature', layerId: 'drogscener-2021', featureId: 'ds2021-husby-c' });
		expect(story.itemYear).toBe(2021);
		expect(story.years[0]).toMatchObject({ year: 2021, present: true });
		expect(story.years[1]).toMatchObject({ year: 2023, present: false, status: 'ceased', relation: 'displacement', scenes: [{ id: 'ds2023-nordkapsgatan' }] });
		expect(story.years[1]!.compass).toBe('sydost');
		expect(story.years[1]!.distance).toBeGreaterThan(400);
		expect(story.years[1]!.distance).toBeLessThan(520);
	});

	it('a year whose layer has no scenes yet is told as such, not as every scene having ceased', async () => {
		await as('sdf-jarva').createLayer({ id: 'drogscener-2024', title: 'Drogscener 2024', titleEn: 'x', kind: 'drug-scene', year: 2024, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true }, null);
		const { story } = await storyOf({ kind: 'feature', layerId: 'drogscener-2021', featureId: 'ds2021-husby-c' });
		expect(story.years.map((y) => y.year)).toEqual([2021, 2023, 2024]);
		expect(story.years[2]).toEqual({ year: 2024, present: false, noScenes: true });
		const place = (await storyOf({ kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' })).story;
		expect(place.years[2]).toEqual({ year: 2024, present: false, noScenes: true });
	});

	it('Kista C persists from 2021 to 2023: the same place, drawn differently', async () => {
		const { story } = await storyOf({ kind: 'feature', layerId: 'drogscener-2023', featureId: 'ds2023-kista-c' });
		expect(story.years.find((y) => y.year === 2021)).toMatchObject({ present: true, status: 'persisted', relation: 'same', drawingChanged: true, scenes: [{ id: 'ds2021-kista-c' }] });
	});

	it('an insecure place gets the nearest scene of each year and its distance', async () => {
		const { story } = await storyOf({ kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' });
		expect(story.itemYear).toBeNull();
		expect(story.years.map((y) => y.year)).toEqual([2021, 2023]);
		for (const year of story.years) {
			expect(year.distance).toBeGreaterThanOrEqual(0);
			expect(year.present).toBe(year.distance! <= 200);
			expect(year.scenes).toHaveLength(1);
		}
	});

	it('an area drawn around Kista C overlaps the scene in both years', async () => {
		const kista = services.layers.feature('drogscener-2023', 'ds2023-kista-c').geometry as { coordinates: number[][][] };
		const [lon, lat] = kista.coordinates[0]![0]!;
		const d = 0.003;
		const geometry = { type: 'Polygon', coordinates: [[[lon! - d, lat! - d], [lon! + d, lat! - d], [lon! + d, lat! + d], [lon! - d, lat! + d], [lon! - d, lat! - d]]] };
		const { story } = await storyOf(v.parse(NewItem, { kind: 'area', title: 'Kring Kista C', geometry }));
		expect(story.years.map((y) => [y.year, y.present, y.distance])).toEqual([
			[2021, true, 0],
			[2023, true, 0]
		]);
		expect(story.years[1]!.scenes!.map((s) => s.id)).toContain('ds2023-kista-c');
	});

	it('an area far from every scene says so instead of naming one', async () => {
		const geometry = { type: 'Polygon', coordinates: [[[17.85, 59.36], [17.851, 59.36], [17.851, 59.361], [17.85, 59.361], [17.85, 59.36]]] };
		const { story } = await storyOf(v.parse(NewItem, { kind: 'area', title: 'Långt bort', geometry }));
		expect(story.years.every((y) => !y.present && y.scenes === undefined)).toBe(true);
	});

	it('counts insecure places near the item, not the item itself', async () => {
		const { story } = await storyOf({ kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' });
		const all = (services.layers.features('otrygga-platser').features as unknown[]).length;
		expect(story.nearby!.places200).toBeLessThanOrEqual(story.nearby!.places500);
		expect(story.nearby!.places500).toBeLessThan(all);
	});

	it('someone who may not see the scenes gets no years at all, only what they may see', async () => {
		const { story } = await storyOf({ kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' }, as('fastighetsagare'));
		expect(story.years).toEqual([]);
		expect(story.nearby).not.toBeNull();
		expect(JSON.stringify(story)).not.toMatch(/ds20/);
	});

	it('lists the open measures at the place, including one a decision just made', async () => {
		const sdf = as('sdf-jarva');
		const { meeting, item } = await storyOf({ kind: 'feature', layerId: 'otrygga-platser', featureId: 'op-husby-02' });
		await meetings.decide(meeting.id, item.id, v.parse(NewDecision, { text: 'Belysning', measure: { title: 'Ny belysning', ownerOrganisationId: 'fastighetsagare', dueDate: '2025-06-30' } }), sdf);
		const story = await placeStory(sdf, measures, await meetings.item(meeting.id, item.id, sdf));
		expect(story.measures.map((m) => m.title)).toEqual(['Ny belysning']);
	});
});
