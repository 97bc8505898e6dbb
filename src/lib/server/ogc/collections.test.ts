import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { NotFoundError } from '../errors';
import { collectionFor, collectionsFor, FINDINGS_COLLECTION, MEASURES_COLLECTION, REPORTS_COLLECTION, select } from './collections';
import { parseItemsQuery } from './query';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

const KINDS: Record<string, Viewer['organisation']['kind']> = { 'polis-jarva': 'polis', 'sdf-jarva': 'stadsdelsförvaltning', fastighetsagare: 'fastighetsägare' };
const viewer = (organisation: string, role: Viewer['role'] = 'läsare'): Viewer => ({ id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: KINDS[organisation] ?? 'annan' } });
const view = (organisation: string) => new LayerView(services.layers, services.accounts, viewer(organisation));
const query = (q: string, collection: Awaited<ReturnType<typeof collectionFor>>) => parseItemsQuery(new URL(`http://x/?${q}`), collection.properties);

describe('OGC collections follow the app’s visibility', () => {
	it('a property owner gets no drug scenes: absent from the list and not found by id', async () => {
		const owner = (await collectionsFor(services, view('fastighetsagare'))).map((c) => c.id);
		expect(owner).toEqual(expect.arrayContaining(['stadsdelar', 'otrygga-platser', MEASURES_COLLECTION, FINDINGS_COLLECTION]));
		expect(owner.some((id) => id.startsWith('drogscener'))).toBe(false);
		await expect(collectionFor(services, view('fastighetsagare'), 'drogscener-2023')).rejects.toThrow(NotFoundError);
		await expect(collectionFor(services, view('fastighetsagare'), 'finns-inte')).rejects.toThrow(NotFoundError);
		expect((await collectionsFor(services, view('polis-jarva'))).map((c) => c.id)).toContain('drogscener-2023');
	});

	it('a layer shown to the organisation later is there at the next request', async () => {
		await services.accounts.setVisibility('otrygga-platser', ['sdf-jarva']);
		await expect(collectionFor(services, view('polis-jarva'), 'otrygga-platser')).rejects.toThrow(NotFoundError);
		await services.accounts.setVisibility('otrygga-platser', null);
		expect((await collectionFor(services, view('polis-jarva'), 'otrygga-platser')).features).toHaveLength(26);
	});

	it('describes a layer by its provenance, extent and year', async () => {
		const scenes = (await collectionsFor(services, view('polis-jarva'))).find((c) => c.id === 'drogscener-2021')!;
		expect(scenes.title).toBe('Öppna drogscener 2021');
		expect(scenes.description).toMatch(/^Källa: Lägesbild Järva 2023, figur 2/);
		expect(scenes.description).toContain('Geometrin är ungefärlig.');
		expect(scenes.interval).toEqual(['2021-01-01T00:00:00.000Z', '2021-12-31T23:59:59.999Z']);
		expect(scenes.bbox![0]).toBeGreaterThan(17.8);
		expect((await collectionsFor(services, view('polis-jarva'))).find((c) => c.id === 'stadsdelar')!.interval).toBeNull();
	});

	it('selects by bbox, datetime and property, in stored order', async () => {
		const places = await collectionFor(services, view('polis-jarva'), 'otrygga-platser');
		const first = places.features[0]!;
		const [lon, lat] = (first.feature.geometry as GeoJSON.Point).coordinates as [number, number];
		const near = select(places, query(`bbox=${lon - 0.0001},${lat - 0.0001},${lon + 0.0001},${lat + 0.0001}`, places));
		expect(near.map((p) => p.feature.id)).toContain(first.feature.id);
		expect(near.length).toBeLessThan(places.features.length);
		expect(select(places, query('datetime=2023-03-01', places))).toHaveLength(26);
		expect(select(places, query('datetime=2024-01-01/..', places))).toHaveLength(0);
		const category = String(first.feature.properties!.category);
		expect(select(places, query(`category=${category}`, places)).every((p) => p.feature.properties!.category === category)).toBe(true);
		const districts = await collectionFor(services, view('polis-jarva'), 'stadsdelar');
		// A layer without a year has no time: a datetime selects none of it.
		expect(select(districts, query('datetime=2023-01-01/..', districts))).toHaveLength(0);
		expect(select(districts, query('', districts)).length).toBe(districts.features.length);
	});

	it('weekly reports: the reporter sees its own, the police all, with the day as time', async () => {
		await services.accounts.setOperator('sdf-jarva');
		const report = (clientId: string, text: string) => ({ clientId, category: 'klotter', date: '2026-11-30', time: '21:30', endDate: null, position: [17.9275, 59.4105] as [number, number], placeName: null, text });
		await services.reports.create(report('00000000-0000-4000-8000-000000000001', 'Klotter på gaveln'), viewer('fastighetsagare', 'redaktör'), 'a');
		await services.reports.create(report('00000000-0000-4000-8000-000000000002', 'Krossad ruta'), viewer('polis-jarva', 'redaktör'), 'b');
		const police = await collectionFor(services, view('polis-jarva'), REPORTS_COLLECTION);
		expect(police.features.map((p) => p.feature.properties!.text).sort()).toEqual(['Klotter på gaveln', 'Krossad ruta']);
		const owner = await collectionFor(services, view('fastighetsagare'), REPORTS_COLLECTION);
		expect(owner.features.map((p) => p.feature.properties!.text)).toEqual(['Klotter på gaveln']);
		expect(owner.features[0]!.feature.properties).toMatchObject({ categoryLabel: expect.any(String), organisationId: 'fastighetsagare', example: false });
		expect((await collectionsFor(services, view('fastighetsagare'))).map((c) => c.id)).toContain(REPORTS_COLLECTION);
		expect(select(owner, query('datetime=2026-11-30T22:00:00Z', owner))).toHaveLength(1);
		expect(select(owner, query('datetime=2026-12-01T12:00:00Z', owner))).toHaveLength(0);
	});
});
