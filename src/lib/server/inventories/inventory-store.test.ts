import { randomUUID } from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingInput } from '$lib/inventory/categories';
import type { InventoryInput } from '$lib/inventory/model';
import type { Role, Viewer } from '../auth/access';
import { ConflictError, NotFoundError } from '../db/feature-store';
import { LayerView } from '../layer-view';
import { MeasureStore } from '../measures/measure-store';
import { BadParamError } from '../params';
import { tempServices } from '../testing/temp-service';
import { inventoryContext } from './inventory-context';
import { InventoryConflictError, InventoryStore } from './inventory-store';

let services: ReturnType<typeof tempServices>;
let store: InventoryStore;
beforeEach(() => {
	services = tempServices();
	store = new InventoryStore(services.db);
});
afterEach(() => services.close());

function view(organisation = 'sdf-jarva', role: Role = 'redaktör') {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}

const districtGeometry = (name: string) =>
	(services.layers.features('stadsdelar').features.find((f) => f.properties?.name === name)?.geometry as Polygon | MultiPolygon | undefined) ?? null;

const HUSBY: InventoryInput = {
	title: 'Kvällsvandring Husby',
	area: { kind: 'district', name: 'Husby' },
	startsAt: '2025-05-14T16:30:00.000Z',
	organisationIds: ['sdf-jarva', 'polis-jarva'],
	purpose: 'Belysning och gångvägar'
};
/** A point inside the Husby district of the seeded stadsdelar layer. */
const IN_HUSBY: [number, number] = [17.9275, 59.4105];

function finding(overrides: Partial<FindingInput> = {}): FindingInput {
	return { category: 'belysning', severity: 2, note: 'Släckt lampa', position: IN_HUSBY, clientId: randomUUID(), createdAt: '2025-05-14T17:00:00.000Z', photos: [], ...overrides };
}

describe('inventories', () => {
	it('a walk over a district is stored with that district’s outline and the organisations’ names', () => {
		const inventory = store.create(HUSBY, districtGeometry, 'Test');
		expect(inventory.version).toBe(1);
		expect(inventory.area).toMatchObject({ kind: 'district', name: 'Husby', geometry: { type: expect.stringMatching(/Polygon/) } });
		expect(inventory.organisations.map((o) => o.name)).toEqual(['Järva stadsdelsförvaltning', 'Lokalpolisområde Järva']);
		expect(store.list()).toMatchObject([{ id: inventory.id, area: { kind: 'district', name: 'Husby' }, stopCount: 0, findingCount: 0 }]);
	});

	it('an unknown organisation is refused and nothing is stored', () => {
		expect(() => store.create({ ...HUSBY, organisationIds: ['finns-inte'] }, districtGeometry, 'Test')).toThrow(BadParamError);
		expect(store.list()).toEqual([]);
	});

	it('a self-crossing drawn area is refused with where it crosses', () => {
		const bowtie: { type: 'Polygon'; coordinates: [number, number][][] } = { type: 'Polygon', coordinates: [[[17.92, 59.41], [17.93, 59.42], [17.93, 59.41], [17.92, 59.42], [17.92, 59.41]]] };
		expect(() => store.create({ ...HUSBY, area: { kind: 'polygon', geometry: bowtie } }, districtGeometry, 'Test')).toThrow(/korsar/);
	});

	it('stops get a walking route in the shortest order, labelled approximate', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const stops = [
			{ id: 'a', name: 'Husby centrum', position: [17.926, 59.41] as [number, number] },
			{ id: 'b', name: 'Långt bort', position: [17.94, 59.414] as [number, number] },
			{ id: 'c', name: 'Mitt emellan', position: [17.933, 59.412] as [number, number] }
		];
		const updated = store.update(id, { baseVersion: 1, stops }, 'Test');
		expect(updated.version).toBe(2);
		expect(updated.route?.order).toEqual(['a', 'c', 'b']);
		expect(updated.route?.method).toBe('fågelväg × omvägsfaktor');
		expect(updated.route?.line.properties.approximate).toBe(true);
		expect(updated.route?.minutes).toBeGreaterThan(0);
	});

	it('one stop is no walk: the route is empty', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		expect(store.update(id, { baseVersion: 1, stops: [{ id: 'a', name: 'A', position: IN_HUSBY }] }, 'Test').route).toBeNull();
	});

	it('a change based on an old version is a conflict carrying the stored walk', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Anna');
		store.update(id, { baseVersion: 1, title: 'Ny rubrik' }, 'Anna');
		const error = (() => {
			try {
				store.update(id, { baseVersion: 1, title: 'Min rubrik' }, 'Bo');
			} catch (err) {
				return err;
			}
		})();
		expect(error).toBeInstanceOf(InventoryConflictError);
		expect((error as InventoryConflictError).current).toMatchObject({ title: 'Ny rubrik', version: 2 });
		expect(store.get(id).title).toBe('Ny rubrik');
	});

	it('an unknown walk is not found', () => {
		expect(() => store.get('finns-inte')).toThrow(NotFoundError);
	});
});

describe('findings', () => {
	it('the same clientId sent twice is stored once and answered with the stored finding', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const input = finding();
		const first = store.addFinding(id, input, 'Test');
		const again = store.addFinding(id, { ...input, note: 'ändrad vid omsändning' }, 'Test');
		expect(first.created).toBe(true);
		expect(again.created).toBe(false);
		expect(again.finding).toEqual(first.finding);
		expect(store.get(id).findings).toHaveLength(1);
		expect(first.finding).toMatchObject({ id: input.clientId, recordedAt: '2025-05-14T17:00:00.000Z', version: 1 });
	});

	it('a clientId used in another walk is a conflict, not a silent move', () => {
		const a = store.create(HUSBY, districtGeometry, 'Test');
		const b = store.create({ ...HUSBY, title: 'Andra vandringen' }, districtGeometry, 'Test');
		const input = finding();
		store.addFinding(a.id, input, 'Test');
		expect(() => store.addFinding(b.id, input, 'Test')).toThrow(ConflictError);
	});

	it('two people changing the same finding: the second gets a conflict with the first one’s version', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding(), 'Anna');
		store.updateFinding(id, stored.id, { baseVersion: 1, severity: 3 }, 'Anna');
		expect(() => store.updateFinding(id, stored.id, { baseVersion: 1, note: 'Bos text' }, 'Bo')).toThrow(InventoryConflictError);
		expect(store.finding(id, stored.id)).toMatchObject({ severity: 3, note: 'Släckt lampa', version: 2, updatedBy: 'Anna' });
	});

	it('a photo is stored once per clientId and does not change the finding’s version', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding(), 'Test');
		const photoId = randomUUID();
		const photo = { mime: 'image/jpeg', width: 10, height: 10, bytes: new Uint8Array([0xff, 0xd8, 0xff, 1]) };
		expect(store.addPhoto(stored.id, photoId, photo, 'Test').created).toBe(true);
		expect(store.addPhoto(stored.id, photoId, photo, 'Test').created).toBe(false);
		expect(store.finding(id, stored.id)).toMatchObject({ version: 1, photos: [{ id: photoId, mime: 'image/jpeg' }] });
	});

	it('a photo for a finding that has not arrived is not found', () => {
		expect(() => store.addPhoto(randomUUID(), randomUUID(), { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array(4) }, 'Test')).toThrow(NotFoundError);
	});
});

describe('follow-up', () => {
	it('a finding becomes a proposed measure at its position, with the walk as origin, and is linked to it', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding(), 'Test');
		const measures = new MeasureStore(services.db);
		const { measure, finding: linked } = store.findingToMeasure(id, stored.id, { title: 'Byt lampan', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30' }, measures, view());
		expect(measure).toMatchObject({ status: 'föreslagen', position: IN_HUSBY, origin: { kind: 'inventory', id }, description: 'Belysning: Släckt lampa' });
		expect(linked).toMatchObject({ measureId: measure.id, version: 2 });
		expect(() => store.findingToMeasure(id, stored.id, { title: 'Igen', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30' }, measures, view())).toThrow(ConflictError);
	});

	it('a measure the store refuses leaves the finding unlinked', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding(), 'Test');
		const measures = new MeasureStore(services.db);
		expect(() => store.findingToMeasure(id, stored.id, { title: 'Byt lampan', ownerOrganisationId: 'finns-inte', dueDate: '2025-06-30' }, measures, view())).toThrow();
		expect(store.finding(id, stored.id)).toMatchObject({ measureId: null, version: 1 });
		expect(measures.list({ status: 'all' }, view())).toEqual([]);
	});

	it('a finding becomes a new insecure place (not an example, source naming the walk) with history', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding({ category: 'parkering-garage' }), 'Test');
		const before = services.layers.features('otrygga-platser').features.length;
		const { place, finding: linked, created } = store.findingToPlace(id, stored.id, {}, view());
		expect(created).toBe(true);
		expect(place.properties).toMatchObject({ example: false, district: 'Husby', category: 'parking', source: expect.stringContaining('Kvällsvandring Husby') });
		expect(linked.placeFeatureId).toBe(place.properties.id);
		expect(services.layers.features('otrygga-platser').features).toHaveLength(before + 1);
		expect(services.layers.history('otrygga-platser', String(place.properties.id))).toHaveLength(1);
	});

	it('a finding joins an existing insecure place without changing the layer', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding(), 'Test');
		const existing = String(services.layers.features('otrygga-platser').features[0]!.properties!.id);
		const { created, finding: linked } = store.findingToPlace(id, stored.id, { featureId: existing }, view());
		expect(created).toBe(false);
		expect(linked.placeFeatureId).toBe(existing);
	});

	it('a läsare cannot make a place, and the finding stays unlinked', () => {
		const { id } = store.create(HUSBY, districtGeometry, 'Test');
		const { finding: stored } = store.addFinding(id, finding(), 'Test');
		expect(() => store.findingToPlace(id, stored.id, {}, view('sdf-jarva', 'läsare'))).toThrow(/redaktör/);
		expect(store.finding(id, stored.id).placeFeatureId).toBeNull();
	});
});

describe('context', () => {
	it('a property owner planning a walk sees the insecure places but no drug scenes', () => {
		const inventory = store.create({ ...HUSBY, area: { kind: 'district', name: 'Kista' } }, districtGeometry, 'Test');
		const measures = new MeasureStore(services.db);
		const police = inventoryContext(inventory, view('polis-jarva'), measures, store);
		const owner = inventoryContext(inventory, view('fastighetsagare'), measures, store);
		expect(police.drugScenes.features.length).toBeGreaterThan(0);
		expect(owner.drugScenes.features).toEqual([]);
		expect(owner.insecurePlaces.features.length).toBe(police.insecurePlaces.features.length);
	});

	it('findings of earlier walks in the area are listed, the walk’s own are not', () => {
		const earlier = store.create(HUSBY, districtGeometry, 'Test');
		const later = store.create({ ...HUSBY, title: 'Uppföljning' }, districtGeometry, 'Test');
		store.addFinding(earlier.id, finding(), 'Test');
		store.addFinding(later.id, finding(), 'Test');
		const context = inventoryContext(store.get(later.id), view(), new MeasureStore(services.db), store);
		expect(context.earlierFindings.features.map((f) => f.properties?.inventoryId)).toEqual([earlier.id]);
	});
});
