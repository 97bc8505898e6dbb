import { randomUUID } from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { MAX_PHOTOS, type FindingInput } from '$lib/inventory/categories';
import type { InventoryInput } from '$lib/inventory/model';
import { type Role, type Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { eachDatabase } from '../../../../test/pg/each-database';
import { inventoryContext } from './inventory-context';
import { InventoryStore } from './inventory-store';
import { FeatureStore } from '../db/feature-store';
import { LayerService } from '../layer-service';
import { MeasureStore } from '../measures/measure-store';
import { seedIfEmpty } from '../seed';
import { networkRouter } from '$lib/routing/network-router';
import { BadParamError, ConflictError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

// The layers, accounts, walking network and measures are the seeded ones (a SQLite store of their
// own); the walks, findings and photos are on each database in turn. The follow-up (a finding made
// a measure or an insecure place) writes through MeasureStore and the layers in the walk's write:
// those tests have the layers and measures on each database too (the accounts stay the seeded ones).
let seeded: Awaited<ReturnType<typeof tempServices>>;
beforeAll(async () => {
	seeded = await tempServices();
});
afterAll(() => seeded.close());
/** The services the viewers read the layers through: the seeded ones, or the follow-up tests' own. */
let services: Awaited<ReturnType<typeof tempServices>>;

function view(organisation = 'sdf-jarva', role: Role = 'redaktör', displayName = 'Test') {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName, role, organisation: { id: organisation, name: organisation, kind: 'annan' } };
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

describe('safety walks', () => {
	eachDatabase((database) => {
		let store: InventoryStore;
		beforeEach(async () => {
			services = seeded;
			store = new InventoryStore(database());
		});

		describe('inventories', () => {
			it('a walk over a district is stored with that district’s outline and the organisations’ names', async () => {
				const inventory = await store.create(HUSBY, districtGeometry, view());
				expect(inventory.version).toBe(1);
				expect(inventory.area).toMatchObject({ kind: 'district', name: 'Husby', geometry: { type: expect.stringMatching(/Polygon/) } });
				expect(inventory.organisations.map((o) => o.name)).toEqual(['Järva stadsdelsförvaltning', 'Lokalpolisområde Järva']);
				expect(await store.list()).toMatchObject([{ id: inventory.id, area: { kind: 'district', name: 'Husby' }, stopCount: 0, findingCount: 0 }]);
			});

			it('an unknown organisation is refused and nothing is stored', async () => {
				await expect(store.create({ ...HUSBY, organisationIds: ['finns-inte'] }, districtGeometry, view())).rejects.toThrow(BadParamError);
				expect(await store.list()).toEqual([]);
			});

			it('a self-crossing drawn area is refused with where it crosses', async () => {
				const bowtie: { type: 'Polygon'; coordinates: [number, number][][] } = { type: 'Polygon', coordinates: [[[17.92, 59.41], [17.93, 59.42], [17.93, 59.41], [17.92, 59.42], [17.92, 59.41]]] };
				await expect(store.create({ ...HUSBY, area: { kind: 'polygon', geometry: bowtie } }, districtGeometry, view())).rejects.toThrow(/korsar/);
			});

			it('stops are walked in the order the planner put them, labelled approximate; the optimiser puts them in the shortest order', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const stops = [
					{ id: 'a', name: 'Husby centrum', position: [17.926, 59.41] as [number, number] },
					{ id: 'b', name: 'Långt bort', position: [17.94, 59.414] as [number, number] },
					{ id: 'c', name: 'Mitt emellan', position: [17.933, 59.412] as [number, number] }
				];
				const inOrder = await store.update(id, { baseVersion: 1, stops }, view());
				expect(inOrder.route?.order).toEqual(['a', 'b', 'c']);
				expect(inOrder.stops.map((s) => `${s.number} ${s.id}`)).toEqual(['1 a', '2 b', '3 c']);
				const updated = await store.update(id, { baseVersion: 2, optimise: true }, view());
				expect(updated.version).toBe(3);
				expect(updated.stops.map((s) => `${s.number} ${s.id}`)).toEqual(['1 a', '2 c', '3 b']);
				expect(updated.route?.order).toEqual(['a', 'c', 'b']);
				expect(updated.route!.metres).toBeLessThan(inOrder.route!.metres);
				expect(updated.route?.method).toBe('fågelväg × omvägsfaktor');
				expect(updated.route?.approximate).toBe(true);
				expect(updated.route?.legs.every((leg) => leg.approximate && leg.coordinates.length === 2)).toBe(true);
				expect(updated.route?.minutes).toBeGreaterThan(0);
			});

			it('on the walking network the legs follow the paths and name their streets', async () => {
				const routed = new InventoryStore(database(), Date.now, (avoidSteps) => networkRouter(services.walkNetworks.current(), { avoidSteps }));
				const { id } = await routed.create(HUSBY, districtGeometry, view());
				const stops = [
					{ id: 'a', name: 'Akalla centrum', position: [17.9173, 59.41395] as [number, number] },
					{ id: 'b', name: 'Borgågatan', position: [17.92357, 59.41475] as [number, number] }
				];
				const route = (await routed.update(id, { baseVersion: 1, stops }, view())).route!;
				expect(route.approximate).toBe(false);
				expect(route.source?.attribution).toMatch(/OpenStreetMap/);
				expect(route.legs[0]!.streets.map((s) => s.name)).toContain('Borgågatan');
				expect(route.legs[0]!.coordinates.length).toBeGreaterThan(5);
				// Read back as stored, by another account.
				expect((await routed.get(id, view('polis-jarva'))).route).toEqual(route);
			});

			it('"undvik trappor" is stored on the walk and plans the route around steps', async () => {
				const routed = new InventoryStore(database(), Date.now, (avoidSteps) => networkRouter(services.walkNetworks.current(), { avoidSteps }));
				const { id } = await routed.create(HUSBY, districtGeometry, view());
				// The two ends of a flight of 9 steps in Husby (OSM way 1096689379).
				const stops = [
					{ id: 'top', name: 'Trappans topp', position: [17.92533, 59.4093646] as [number, number] },
					{ id: 'bottom', name: 'Trappans fot', position: [17.9252699, 59.4093913] as [number, number] }
				];
				const over = await routed.update(id, { baseVersion: 1, stops }, view());
				expect(over.avoidSteps).toBe(false);
				expect(over.route!.legs[0]!.warnings.map((w) => w.kind)).toContain('steps');
				const around = await routed.update(id, { baseVersion: 2, avoidSteps: true }, view());
				expect(around.avoidSteps).toBe(true);
				expect(around.version).toBe(3);
				expect(around.route!.metres).toBeGreaterThan(over.route!.metres * 10);
				expect(around.route!.legs[0]!.warnings.map((w) => w.kind)).not.toContain('steps');
				// Kept when the stops change.
				const renamed = await routed.update(id, { baseVersion: 3, stops: stops.map((s) => ({ ...s, name: `${s.name}!` })) }, view());
				expect(renamed.avoidSteps).toBe(true);
				expect(renamed.route!.metres).toBeCloseTo(around.route!.metres, 6);
			});

			it('a route stored before walks were routed on the network is planned anew when read', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const stops = [
					{ id: 'a', name: 'A', position: [17.926, 59.41] as [number, number] },
					{ id: 'b', name: 'B', position: [17.933, 59.412] as [number, number] }
				];
				await store.update(id, { baseVersion: 1, stops }, view());
				// What the earlier version stored: the bare straight-line plan with one line.
				const legacy = { order: ['a', 'b'], legs: [{ from: 'a', to: 'b', metres: 560 }], metres: 560, minutes: 7.5, method: 'fågelväg × omvägsfaktor', exact: true, start: null, line: { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [] } } };
				await sql`UPDATE inventories SET route = ${JSON.stringify(legacy)} WHERE id = ${id}`.execute(database().query);
				const read = await store.get(id, view());
				expect(read.avoidSteps).toBe(false);
				expect(read.route!.legs[0]).toMatchObject({ from: 'a', to: 'b', approximate: true, coordinates: [stops[0]!.position, stops[1]!.position] });
			});

			it('one stop is no walk: the route is empty', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				expect((await store.update(id, { baseVersion: 1, stops: [{ id: 'a', name: 'A', position: IN_HUSBY }] }, view())).route).toBeNull();
			});

			it('a change based on an old version is a conflict carrying the stored walk', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				await store.update(id, { baseVersion: 1, title: 'Ny rubrik' }, view());
				const error = await (async () => {
					try {
						await store.update(id, { baseVersion: 1, title: 'Min rubrik' }, view('polis-jarva'));
					} catch (err) {
						return err;
					}
				})();
				expect(error).toBeInstanceOf(VersionConflictError);
				expect((error as VersionConflictError).current).toMatchObject({ title: 'Ny rubrik', version: 2 });
				expect((await store.get(id, view())).title).toBe('Ny rubrik');
			});

			it('an unknown walk is not found', async () => {
				await expect(store.get('finns-inte', view())).rejects.toThrow(NotFoundError);
			});
		});

		describe('stops taken from a layer object', () => {
			/** Nordkapsgatan, a 2023 drug scene in Husby: seen by the district and the police, not by property owners. */
			const SCENE = { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' };
			const sceneStop = { id: 'scen', name: 'Nordkapsgatan, Husby (2023)', position: [17.93165, 59.40657] as [number, number], source: SCENE };
			const stops = [
				{ id: 'start', name: 'Husby centrum', position: [17.926, 59.41] as [number, number] },
				sceneStop,
				{ id: 'garage', name: 'Parkeringsplats, Husby (exempel)', position: [17.9298, 59.412] as [number, number], source: { layerId: 'otrygga-platser', featureId: 'op-husby-02' } }
			];
			async function planned() {
				const { id } = await store.create({ ...HUSBY, organisationIds: ['polis-jarva', 'fastighetsagare'] }, districtGeometry, view());
				await store.update(id, { baseVersion: 1, stops }, view('polis-jarva'));
				return id;
			}

			it('keeps one numbering for every participant: a stop a participant may not see is withheld from them by number only, restricted for the others, and off the shared route', async () => {
				const id = await planned();
				const polis = await store.get(id, view('polis-jarva', 'läsare'));
				expect(polis.stops.map((s) => `${s.number} ${s.id}`)).toEqual(['1 start', '2 scen', '3 garage']);
				expect(polis.stops[1]).toMatchObject({ source: SCENE, restricted: { organisations: [{ id: 'fastighetsagare', name: 'Fastighetsägare i Järva' }] } });
				expect(polis.stops[0]!.restricted).toBeUndefined();
				expect(polis.hiddenStops).toBe(0);
				expect(polis.withheldStops).toEqual([]);
				// One route for everyone: it does not lead to the place some walkers may not see.
				expect(polis.route?.order).toEqual(['start', 'garage']);

				const owner = await store.get(id, view('fastighetsagare', 'läsare'));
				expect(owner.stops.map((s) => `${s.number} ${s.id}`)).toEqual(['1 start', '3 garage']);
				expect(owner.withheldStops).toEqual([{ id: 'scen', number: 2 }]);
				expect(owner.hiddenStops).toBe(1);
				expect(owner.route).toEqual(polis.route);
				const text = JSON.stringify(owner);
				for (const secret of ['Nordkapsgatan', 'ds2023', 'drogscener', '17.93165', '59.40657']) expect(text).not.toContain(secret);
				// An organisation admin sees what its organisation sees.
				expect((await store.get(id, view('fastighetsagare', 'admin'))).stops).toHaveLength(2);
			});

			it('on a walk every participant may see, a stop is on the route; an onlooker who may not see it gets it by number only and a route without it', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				await store.update(id, { baseVersion: 1, stops }, view('polis-jarva'));
				const polis = await store.get(id, view('polis-jarva', 'läsare'));
				expect(polis.stops.every((s) => !s.restricted)).toBe(true);
				expect(polis.route?.order).toEqual(['start', 'scen', 'garage']);
				const onlooker = await store.get(id, view('fastighetsagare', 'läsare'));
				expect(onlooker.withheldStops).toEqual([{ id: 'scen', number: 2 }]);
				expect(onlooker.stops.map((s) => s.number)).toEqual([1, 3]);
				expect(onlooker.route?.order).toEqual(['start', 'garage']);
				expect(JSON.stringify(onlooker)).not.toContain('Nordkapsgatan');
			});

			it('narrowing a layer after the walk was planned hides its stops from then on', async () => {
				const id = await planned();
				const visibleTo = services.accounts.visibility('otrygga-platser');
				await services.accounts.setVisibility('otrygga-platser', ['polis-jarva']);
				try {
					expect((await store.get(id, view('sdf-jarva', 'läsare'))).stops.map((s) => s.id)).toEqual(['start', 'scen']);
				} finally {
					await services.accounts.setVisibility('otrygga-platser', visibleTo);
				}
			});

			it('an editor who cannot see a stop keeps it where it was when changing the others, and cannot name it', async () => {
				const id = await planned();
				const owner = view('fastighetsagare', 'redaktör');
				const seen = (await store.get(id, owner)).stops;
				const changed = await store.update(id, { baseVersion: 2, stops: [...seen.map((s) => (s.id === 'garage' ? { ...s, name: 'Garaget' } : s)), { id: 'ny', name: 'Nytt stopp', position: [17.924, 59.409] }] }, owner);
				expect(changed.stops.map((s) => s.id)).toEqual(['start', 'garage', 'ny']);
				expect(changed.hiddenStops).toBe(1);
				const full = await store.get(id, view('polis-jarva'));
				expect(full.stops.map((s) => s.id)).toEqual(['start', 'scen', 'garage', 'ny']);
				expect(full.stops[1]).toMatchObject({ ...sceneStop, number: 2 });
				// The route goes through every stop all participants may see.
				expect(full.route?.order).toEqual(['start', 'garage', 'ny']);
				// A stop list that names the hidden stop (by guessing its id) is refused without telling more.
				await expect(store.update(id, { baseVersion: 3, stops: [{ id: 'scen', name: 'Gissat', position: [17.92, 59.41] }] }, owner)).rejects.toThrow(BadParamError);
				// Removing everything they see leaves the hidden stop alone.
				expect((await store.update(id, { baseVersion: 3, stops: [] }, owner)).stops).toEqual([]);
				expect((await store.get(id, view('polis-jarva'))).stops.map((s) => s.id)).toEqual(['scen']);
			});

			it('a new stop may only name an object its editor can see; a stored stop keeps its source whatever is sent', async () => {
				const { id } = await store.create({ ...HUSBY, organisationIds: ['polis-jarva', 'fastighetsagare'] }, districtGeometry, view());
				const owner = view('fastighetsagare', 'redaktör');
				await expect(store.update(id, { baseVersion: 1, stops: [sceneStop] }, owner)).rejects.toThrow(/Okänt lager/);
				await expect(store.update(id, { baseVersion: 1, stops: [{ ...sceneStop, source: { layerId: 'otrygga-platser', featureId: 'finns-inte' } }] }, owner)).rejects.toThrow(BadParamError);
				expect((await store.get(id, view())).version).toBe(1);
				const polis = view('polis-jarva');
				await store.update(id, { baseVersion: 1, stops: [sceneStop] }, polis);
				// A client that drops the source (or sends another) does not make the stop visible to all.
				await store.update(id, { baseVersion: 2, stops: [{ id: 'scen', name: 'Samlingsplats', position: sceneStop.position, source: null }] }, polis);
				expect((await store.get(id, view('fastighetsagare', 'läsare'))).hiddenStops).toBe(1);
				expect((await store.get(id, polis)).stops[0]).toMatchObject({ name: 'Samlingsplats', source: SCENE });
			});

			it('a stale change is a conflict whose walk is shown as the writer may see it', async () => {
				const id = await planned();
				try {
					await store.update(id, { baseVersion: 1, title: 'Gammal' }, view('fastighetsagare', 'redaktör'));
					throw new Error('no conflict');
				} catch (err) {
					expect(err).toBeInstanceOf(VersionConflictError);
					expect(JSON.stringify((err as VersionConflictError).current)).not.toContain('Nordkapsgatan');
				}
			});
		});

		describe('naming and ordering stops', () => {
			it('a new stop sent without a name is named by the nearest street, told apart from one already so named; a named one keeps its name', async () => {
				const named = new InventoryStore(database(), Date.now, undefined, (position) => (position[0] < 17.93 ? 'Edvard Griegsgången' : null));
				const { id } = await named.create(HUSBY, districtGeometry, view());
				const updated = await named.update(
					id,
					{
						baseVersion: 1,
						stops: [
							{ id: 'a', position: [17.926, 59.41] },
							{ id: 'b', position: [17.927, 59.41] },
							{ id: 'c', position: [17.94, 59.414] },
							{ id: 'd', name: 'Samlingsplatsen', position: [17.925, 59.41] }
						]
					},
					view()
				);
				expect(updated.stops.map((s) => s.name)).toEqual(['Edvard Griegsgången', 'Edvard Griegsgången 2', 'Stopp 3', 'Samlingsplatsen']);
				// Sent again without names (a reorder), the stops keep theirs.
				const reordered = await named.update(id, { baseVersion: 2, stops: [{ id: 'c', position: [17.94, 59.414] }, { id: 'a', position: [17.926, 59.41] }] }, view());
				expect(reordered.stops.map((s) => `${s.number} ${s.name}`)).toEqual(['1 Stopp 3', '2 Edvard Griegsgången']);
			});

			it('on the walking network a stop is named by the street it lies on', async () => {
				const networks = services.walkNetworks;
				const named = new InventoryStore(database(), Date.now, undefined, (position) => networks.current().nearestName(position));
				const { id } = await named.create(HUSBY, districtGeometry, view());
				// On Edvard Griegsgången in Husby (OSM).
				const near = networks.current().nearestName([17.9275, 59.4105], 200);
				expect(near).toBeTruthy();
				const updated = await named.update(id, { baseVersion: 1, stops: [{ id: 'a', position: [17.9275, 59.4105] }] }, view());
				expect(updated.stops[0]!.name).toBe(networks.current().nearestName([17.9275, 59.4105]) ?? 'Stopp 1');
			});
		});

		describe('findings', () => {
			it('a finding belongs to a stop of its walk; one no longer in the walk is stored without a stop, and changing to an unknown stop is refused', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				await store.update(id, { baseVersion: 1, stops: [{ id: 's1', name: 'Ett', position: IN_HUSBY }, { id: 's2', name: 'Två', position: [17.93, 59.41] }] }, view());
				const { finding: stored } = await store.addFinding(id, finding({ stopId: 's2' }), view());
				expect(stored.stopId).toBe('s2');
				expect((await store.addFinding(id, finding({ stopId: 'borttaget' }), view())).finding.stopId).toBeNull();
				expect(await store.updateFinding(id, stored.id, { baseVersion: 1, stopId: 's1' }, view())).toMatchObject({ stopId: 's1', version: 2 });
				await expect(store.updateFinding(id, stored.id, { baseVersion: 2, stopId: 'finns-inte' }, view())).rejects.toThrow(BadParamError);
				expect((await store.updateFinding(id, stored.id, { baseVersion: 2, stopId: null }, view())).stopId).toBeNull();
			});

			it('the same clientId sent twice is stored once and answered with the stored finding', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const input = finding();
				const first = await store.addFinding(id, input, view());
				const again = await store.addFinding(id, { ...input, note: 'ändrad vid omsändning' }, view());
				expect(first.created).toBe(true);
				expect(again.created).toBe(false);
				expect(again.finding).toEqual(first.finding);
				expect((await store.get(id, view())).findings).toHaveLength(1);
				expect(first.finding).toMatchObject({ id: input.clientId, recordedAt: '2025-05-14T17:00:00.000Z', version: 1 });
			});

			it('a clientId used in another walk is a conflict, not a silent move', async () => {
				const a = await store.create(HUSBY, districtGeometry, view());
				const b = await store.create({ ...HUSBY, title: 'Andra vandringen' }, districtGeometry, view());
				const input = finding();
				await store.addFinding(a.id, input, view());
				await expect(store.addFinding(b.id, input, view())).rejects.toThrow(ConflictError);
			});

			it('two people changing the same finding: the second gets a conflict with the first one’s version', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view('sdf-jarva', 'redaktör', 'Anna'));
				await store.updateFinding(id, stored.id, { baseVersion: 1, severity: 3 }, view('sdf-jarva', 'redaktör', 'Anna'));
				await expect(store.updateFinding(id, stored.id, { baseVersion: 1, note: 'Bos text' }, view('sdf-jarva', 'redaktör', 'Bo'))).rejects.toThrow(VersionConflictError);
				expect(await store.finding(id, stored.id)).toMatchObject({ severity: 3, note: 'Släckt lampa', version: 2, updatedBy: 'Anna (sdf-jarva-redaktör)' });
			});

			it('a photo is stored once per clientId and does not change the finding’s version', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view());
				const photoId = randomUUID();
				const photo = { mime: 'image/jpeg', width: 10, height: 10, bytes: new Uint8Array([0xff, 0xd8, 0xff, 1]) };
				expect((await store.addPhoto(stored.id, photoId, photo, view())).created).toBe(true);
				expect((await store.addPhoto(stored.id, photoId, photo, view())).created).toBe(false);
				expect(await store.finding(id, stored.id)).toMatchObject({ version: 1, photos: [{ id: photoId, mime: 'image/jpeg' }] });
			});

			it('a photo for a finding that has not arrived is not found', async () => {
				await expect(store.addPhoto(randomUUID(), randomUUID(), { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array(4) }, view())).rejects.toThrow(NotFoundError);
			});
		});

		describe('who writes in a walk', () => {
			it('the walk is its planner’s organisation’s, which always takes part', async () => {
				const inventory = await store.create({ ...HUSBY, organisationIds: ['polis-jarva'] }, districtGeometry, view('fastighetsagare'));
				expect(inventory).toMatchObject({ owner: { id: 'fastighetsagare' }, organisationIds: ['fastighetsagare', 'polis-jarva'], rights: { owner: true, takesPart: true } });
				expect((await store.get(inventory.id, view('sdf-jarva', 'läsare'))).rights).toEqual({ owner: false, takesPart: false });
			});

			it('an organisation not taking part cannot plan the walk or empty its stops', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				await store.update(id, { baseVersion: 1, stops: [{ id: 'a', name: 'A', position: IN_HUSBY }] }, view());
				await expect(store.update(id, { baseVersion: 2, stops: [] }, view('fastighetsagare'))).rejects.toThrow(
					/Bara organisationer som deltar i inventeringen ”Kvällsvandring Husby” kan planera den.*fastighetsagare, som inte deltar; Järva stadsdelsförvaltning \(ägare\) kan lägga till den/
				);
				await expect(store.addFinding(id, finding(), view('fastighetsagare'))).rejects.toThrow(/registrera fynd/);
				expect((await store.get(id, view())).stops).toHaveLength(1);
			});

			it('a participant plans, but only the owner changes who takes part (and stays among them)', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				expect((await store.update(id, { baseVersion: 1, title: 'Polisens rubrik' }, view('polis-jarva'))).version).toBe(2);
				await expect(store.update(id, { baseVersion: 2, organisationIds: ['polis-jarva', 'fastighetsagare'] }, view('polis-jarva'))).rejects.toThrow(/Bara ägaren av inventeringen/);
				// The same organisations in another order is no change of who takes part.
				expect((await store.update(id, { baseVersion: 2, organisationIds: ['polis-jarva', 'sdf-jarva'], purpose: 'Ny' }, view('polis-jarva'))).version).toBe(3);
				await expect(store.update(id, { baseVersion: 3, organisationIds: ['polis-jarva'] }, view())).rejects.toThrow(/måste vara med bland organisationIds/);
				expect((await store.update(id, { baseVersion: 3, organisationIds: ['sdf-jarva', 'polis-jarva', 'fastighetsagare'] }, view())).organisationIds).toEqual(['sdf-jarva', 'polis-jarva', 'fastighetsagare']);
			});

			it('a finding is changed and followed up by the organisation that recorded it and the walk’s owner, not by other participants', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: theirs } = await store.addFinding(id, finding(), view('polis-jarva'));
				expect(theirs.organisationId).toBe('polis-jarva');
				await expect(store.updateFinding(id, theirs.id, { baseVersion: 1, note: 'x' }, view('fastighetsagare'))).rejects.toThrow(ForbiddenError);
				const other = await store.create({ ...HUSBY, organisationIds: ['polis-jarva', 'fastighetsagare'] }, districtGeometry, view());
				const { finding: police } = await store.addFinding(other.id, finding(), view('polis-jarva'));
				await expect(store.updateFinding(other.id, police.id, { baseVersion: 1, note: 'Skrivet över' }, view('fastighetsagare'))).rejects.toThrow(/Bara Lokalpolisområde Järva \(som lade till det\) och Järva stadsdelsförvaltning \(ägare av inventeringen\) kan ändra fyndet/);
				await expect(store.addPhoto(police.id, randomUUID(), { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array(4) }, view('fastighetsagare'))).rejects.toThrow(ForbiddenError);
				await expect(store.findingToPlace(other.id, police.id, {}, view('fastighetsagare'))).rejects.toThrow(ForbiddenError);
				expect((await store.updateFinding(other.id, police.id, { baseVersion: 1, severity: 3 }, view())).severity).toBe(3);
				expect((await store.updateFinding(other.id, police.id, { baseVersion: 2, severity: 1 }, view('polis-jarva'))).severity).toBe(1);
			});
		});

		describe('the history of a walk', () => {
			it('emptied stops are restored from the history as a new version with a new route', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const stops = [
					{ id: 'a', name: 'A', position: IN_HUSBY },
					{ id: 'b', name: 'B', position: [17.93, 59.412] as [number, number] }
				];
				await store.update(id, { baseVersion: 1, stops }, view());
				await store.update(id, { baseVersion: 2, stops: [] }, view('polis-jarva'));
				const history = await store.history(id, view());
				expect(history.map((h) => [h.version, h.action, h.changed, h.by])).toEqual([
					[1, 'create', ['title', 'purpose', 'startsAt', 'organisationIds', 'stops'], 'Test (sdf-jarva-redaktör)'],
					[2, 'update', ['stops'], 'Test (sdf-jarva-redaktör)'],
					[3, 'update', ['stops'], 'Test (polis-jarva-redaktör)']
				]);
				expect(await store.lastChanged('inventory', id)).toEqual(['stops']);
				await expect(store.restore(id, 2, 2, view())).rejects.toThrow(VersionConflictError);
				const restored = await store.restore(id, 2, 3, view());
				expect(restored).toMatchObject({ version: 4, stops: stops, rights: { owner: true, takesPart: true } });
				expect(restored.route?.order).toHaveLength(2);
				expect((await store.history(id, view())).at(-1)).toMatchObject({ action: 'restore', changed: ['stops'] });
			});

			it('the history shows each viewer only the stops they may see, and a restore touching hidden stops is refused', async () => {
				const { id } = await store.create({ ...HUSBY, organisationIds: ['polis-jarva', 'fastighetsagare'] }, districtGeometry, view());
				const scene = { id: 'scen', name: 'Nordkapsgatan, Husby (2023)', position: [17.92695, 59.41325] as [number, number], source: { layerId: 'drogscener-2023', featureId: 'ds2023-nordkapsgatan' } };
				await store.update(id, { baseVersion: 1, stops: [{ id: 'a', name: 'A', position: IN_HUSBY }, scene] }, view('polis-jarva'));
				const owner = view('fastighetsagare');
				expect(JSON.stringify(await store.history(id, owner))).not.toMatch(/Nordkapsgatan|drogscener|scen/);
				await expect(store.restore(id, 1, 2, owner)).rejects.toThrow(/stopp som ditt konto inte får se/);
				expect((await store.restore(id, 1, 2, view('polis-jarva'))).stops).toEqual([]);
			});

			it('a restore that changes who takes part is the owner’s', async () => {
				const { id } = await store.create({ ...HUSBY, organisationIds: ['polis-jarva', 'fastighetsagare'] }, districtGeometry, view());
				await store.update(id, { baseVersion: 1, organisationIds: ['sdf-jarva', 'polis-jarva'] }, view());
				await expect(store.restore(id, 1, 2, view('polis-jarva'))).rejects.toThrow(/Bara ägaren av inventeringen ”Kvällsvandring Husby”, Järva stadsdelsförvaltning, kan ändra vilka organisationer som deltar/);
				expect((await store.restore(id, 1, 2, view())).organisationIds).toEqual(['sdf-jarva', 'polis-jarva', 'fastighetsagare']);
			});
		});

		describe('context', () => {
			it('a property owner planning a walk sees the insecure places but no drug scenes', async () => {
				const inventory = await store.create({ ...HUSBY, area: { kind: 'district', name: 'Kista' } }, districtGeometry, view());
				const measures = services.measures;
				const police = await inventoryContext(inventory, view('polis-jarva'), measures, store);
				const owner = await inventoryContext(inventory, view('fastighetsagare'), measures, store);
				expect(police.drugScenes.features.length).toBeGreaterThan(0);
				expect(owner.drugScenes.features).toEqual([]);
				expect(owner.insecurePlaces.features.length).toBe(police.insecurePlaces.features.length);
			});

			it('findings of earlier walks in the area are listed, the walk’s own are not', async () => {
				const earlier = await store.create(HUSBY, districtGeometry, view());
				const later = await store.create({ ...HUSBY, title: 'Uppföljning' }, districtGeometry, view());
				await store.addFinding(earlier.id, finding(), view());
				await store.addFinding(later.id, finding(), view());
				const context = await inventoryContext(await store.get(later.id, view()), view(), services.measures, store);
				expect(context.earlierFindings.features.map((f) => f.properties?.inventoryId)).toEqual([earlier.id]);
			});
		});

		describe('what differs between the databases', () => {
			it('an unknown or impossible id (not a UUID, a NUL, SQL) is a 404, never a database error; a NUL in a new id or note is a 400', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				for (const bad of ['finns-inte', 'a\u0000b', "' OR 1=1 --", '']) {
					await expect(store.get(bad, view()), JSON.stringify(bad)).rejects.toThrow(NotFoundError);
					await expect(store.finding(id, bad), JSON.stringify(bad)).rejects.toThrow(NotFoundError);
					await expect(store.inventoryOf(bad), JSON.stringify(bad)).rejects.toThrow(NotFoundError);
					await expect(store.authorise(bad, 'plan', view().viewer), JSON.stringify(bad)).rejects.toThrow(NotFoundError);
					await expect(store.update(bad, { baseVersion: 1, title: 'x' }, view()), JSON.stringify(bad)).rejects.toThrow(NotFoundError);
				}
				await expect(store.addFinding(id, finding({ clientId: 'a\u0000b' }), view())).rejects.toThrow(BadParamError);
				await expect(store.addFinding(id, finding({ note: 'Släckt\u0000' }), view())).rejects.toThrow(BadParamError);
				await expect(store.create({ ...HUSBY, title: 'Kväll\u0000' }, districtGeometry, view())).rejects.toThrow(BadParamError);
				await expect(store.update(id, { baseVersion: 1, purpose: 'x\u0000' }, view())).rejects.toThrow(BadParamError);
				// In a stop's name the NUL is only an escape in the stored JSON: kept, on both.
				const named = await store.update(id, { baseVersion: 1, stops: [{ id: 'a', name: 'A\u0000B', position: IN_HUSBY }] }, view());
				expect(named.stops[0]!.name).toBe('A\u0000B');
				expect((await store.get(id, view())).findings).toEqual([]);
			});

			it('a finding recorded in a write that then fails leaves no finding, no history and no change event', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const input = finding();
				await expect(
					database().write(async () => {
						await store.addFinding(id, input, view());
						throw new Error('audit row failed');
					})
				).rejects.toThrow('audit row failed');
				expect((await store.get(id, view())).findings).toEqual([]);
				const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM object_history WHERE kind = 'finding' AND object_id = ${input.clientId}`.execute(database().query);
				expect(Number(rows[0]!.n)).toBe(0);
				const changes = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM changes WHERE object_id = ${input.clientId}`.execute(database().query);
				expect(Number(changes.rows[0]!.n)).toBe(0);
				// Sent again (the phone's outbox), it is stored.
				expect((await store.addFinding(id, input, view())).created).toBe(true);
			});

			it('the same finding sent twice at once is stored once; two plans on the same version at once: one is a 409', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const input = finding();
				const [a, b] = await Promise.all([store.addFinding(id, input, view()), store.addFinding(id, input, view())]);
				expect([a.created, b.created].sort()).toEqual([false, true]);
				expect((await store.get(id, view())).findings).toHaveLength(1);
				const results = await Promise.allSettled([store.update(id, { baseVersion: 1, title: 'A' }, view()), store.update(id, { baseVersion: 1, title: 'B' }, view('polis-jarva'))]);
				expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
				expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(VersionConflictError);
				expect(await store.history(id, view())).toHaveLength(2);
			});

			it('a photo is kept in the database byte for byte (bytea on PostgreSQL), at most MAX_PHOTOS per finding', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view());
				const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 256);
				const photoId = randomUUID();
				await store.addPhoto(stored.id, photoId, { mime: 'image/jpeg', width: 640, height: 480, bytes }, view());
				const { rows } = await sql<{ bytes: Uint8Array }>`SELECT bytes FROM photos WHERE id = ${photoId}`.execute(database().query);
				expect(Buffer.compare(Buffer.from(rows[0]!.bytes), Buffer.from(bytes))).toBe(0);
				for (let i = 1; i < MAX_PHOTOS; i++) await store.addPhoto(stored.id, randomUUID(), { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array(4) }, view());
				await expect(store.addPhoto(stored.id, randomUUID(), { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array(4) }, view())).rejects.toThrow(/högst/);
				expect((await store.finding(id, stored.id)).photos).toHaveLength(MAX_PHOTOS);
				await expect(store.addPhoto(stored.id, 'a\u0000', { mime: 'image/png', width: 1, height: 1, bytes: new Uint8Array(4) }, view())).rejects.toThrow(BadParamError);
			});
		});
	});
});

describe('follow-up: a finding made a measure or an insecure place, in the walk’s transaction', () => {
	eachDatabase((database) => {
		let store: InventoryStore;
		beforeEach(async () => {
			// The layers and measures on this database (the place and the measure join the walk's write);
			// the accounts' grants and the walking network are the seeded store's.
			const layers = new LayerService(new FeatureStore(database()));
			await seedIfEmpty(layers.store, { setVisibility: async () => undefined, setEditors: async () => undefined });
			const measures = new MeasureStore(database(), Date.now, () => seeded.accounts.operator()?.id ?? null);
			store = new InventoryStore(
				database(),
				Date.now,
				(avoidSteps) => networkRouter(seeded.walkNetworks.current(), { avoidSteps }),
				(position) => seeded.walkNetworks.current().nearestName(position)
			);
			services = { ...seeded, database: database(), layers, measures, inventories: store };
		}, 60_000);

		describe('follow-up', () => {
			it('a finding becomes a proposed measure at its position, with the walk as origin, and is linked to it', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view());
				const measures = services.measures;
				const { measure, finding: linked } = await store.findingToMeasure(id, stored.id, { title: 'Byt lampan', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30' }, measures, view());
				expect(measure).toMatchObject({ status: 'föreslagen', position: IN_HUSBY, origin: { kind: 'inventory', id }, description: 'Belysning: Släckt lampa' });
				expect(linked).toMatchObject({ measureId: measure.id, version: 2 });
				await expect(store.findingToMeasure(id, stored.id, { title: 'Igen', ownerOrganisationId: 'sdf-jarva', dueDate: '2025-06-30' }, measures, view())).rejects.toThrow(ConflictError);
			});

			it('a measure the store refuses leaves the finding unlinked', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view());
				const measures = services.measures;
				await expect(store.findingToMeasure(id, stored.id, { title: 'Byt lampan', ownerOrganisationId: 'finns-inte', dueDate: '2025-06-30' }, measures, view())).rejects.toThrow();
				expect(await store.finding(id, stored.id)).toMatchObject({ measureId: null, version: 1 });
				expect(await measures.list({ status: 'all' }, view())).toEqual([]);
			});

			it('a finding becomes a new insecure place (not an example, source naming the walk) with history', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding({ category: 'parkering-garage' }), view());
				const before = services.layers.features('otrygga-platser').features.length;
				const { place, finding: linked, created } = await store.findingToPlace(id, stored.id, {}, view());
				// As the endpoint's write (guard.ts) does after its COMMIT (on SQLite the copy already has it).
				await services.layers.fresh();
				expect(created).toBe(true);
				expect(place.properties).toMatchObject({ example: false, district: 'Husby', category: 'parking', source: expect.stringContaining('Kvällsvandring Husby') });
				expect(linked.placeFeatureId).toBe(place.properties.id);
				expect(services.layers.features('otrygga-platser').features).toHaveLength(before + 1);
				expect(await services.layers.history('otrygga-platser', String(place.properties.id))).toHaveLength(1);
			});

			it('a finding joins an existing insecure place without changing the layer', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view());
				const existing = String(services.layers.features('otrygga-platser').features[0]!.properties!.id);
				const { created, finding: linked } = await store.findingToPlace(id, stored.id, { featureId: existing }, view());
				expect(created).toBe(false);
				expect(linked.placeFeatureId).toBe(existing);
			});

			it('a läsare cannot make a place, and the finding stays unlinked', async () => {
				const { id } = await store.create(HUSBY, districtGeometry, view());
				const { finding: stored } = await store.addFinding(id, finding(), view());
				await expect(store.findingToPlace(id, stored.id, {}, view('sdf-jarva', 'läsare'))).rejects.toThrow(/redaktör/);
				expect((await store.finding(id, stored.id)).placeFeatureId).toBeNull();
			});
		});
	});
});
