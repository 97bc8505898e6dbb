import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase, insertAccount } from '../../../../test/pg/each-database';
import type { AppDatabase } from '../db/app-database';
import { type Role, type Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { layersOfView, normaliseQuery, SavedViewStore } from './view-store';
import { BadParamError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

// The layer catalogue and the accounts' visibility come from seeded services on SQLite (LayerService
// and AccountStore run there until they move); the store under test runs on each database.
let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

/** A viewer backed by a real account row in `database` (saved views reference accounts). */
async function viewerIn(database: AppDatabase, organisation: string, role: Role = 'redaktör', username = `${organisation}-${role}`, systemAdmin = false) {
	const { rows } = await sql<{ id: number }>`SELECT id FROM accounts WHERE username = ${username}`.execute(database.query);
	const id = rows[0]?.id ?? (await insertAccount(database, { username, displayName: `Namn ${username}`, organisationId: organisation, role }));
	const viewer: Viewer = { id, username, displayName: `Namn ${username}`, role, systemAdmin, organisation: { id: organisation, name: organisation, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}

/** A viewer for the pure functions, which read only the catalogue. */
function catalogueViewer(organisation: string): LayerView {
	const viewer: Viewer = { id: 0, username: 'x', displayName: 'x', role: 'läsare', systemAdmin: false, organisation: { id: organisation, name: organisation, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}

describe('which layers a view shows', () => {
	it('the scenes toggle means the chosen years’ scene layers', () => {
		const layers = services.layers.list();
		expect(layersOfView(new URLSearchParams('lager=stadsdelar,drogscener&ar=2023'), layers)).toEqual({ layerIds: ['stadsdelar', 'drogscener-2023'], unknown: [] });
	});

	it('a compared pair of years counts even with scenes switched off', () => {
		const layers = services.layers.list();
		expect(layersOfView(new URLSearchParams('lager=stadsdelar&jamfor=svep&arpar=2021-2023'), layers).layerIds).toEqual(['stadsdelar', 'drogscener-2021', 'drogscener-2023']);
	});

	it('names a layer the asker cannot see as unknown', () => {
		const owner = catalogueViewer('fastighetsagare').list();
		expect(layersOfView(new URLSearchParams('lager=drogscener&ar=2023'), owner).unknown).toEqual(['drogscener 2023']);
	});
});

describe('the query of a saved view', () => {
	it('keeps only the view’s own parameters, readable', () => {
		expect(normaliseQuery('?lager=stadsdelar,drogscener&ar=2021,2023&karta=14.00/59.40000/17.93000')).toBe('lager=stadsdelar,drogscener&ar=2021,2023&karta=14.00/59.40000/17.93000');
	});

	it('an unknown parameter is refused, naming the allowed ones', async () => {
		expect(() => normaliseQuery('lager=stadsdelar&hack=1')).toThrow(/Okänd parameter "hack".*lager, ar, karta/);
	});
});

eachDatabase((database) => {
	let views: SavedViewStore;
	const as = (organisation: string, role: Role = 'redaktör', username?: string, systemAdmin = false) => viewerIn(database(), organisation, role, username, systemAdmin);
	const ids = async (layers: LayerView) => (await views.list(layers)).map((x) => x.id);
	beforeEach(async () => {
		views = new SavedViewStore(database());
	});

	describe('saved and shared views', () => {
		it('a shared view with the scenes is listed to the police but not to property owners', async () => {
			const sdf = await as('sdf-jarva');
			const view = await views.create({ name: 'Kista 2021–2023', query: 'lager=drogscener&ar=2021,2023', shared: true }, sdf);
			expect(await ids(await as('polis-jarva', 'läsare'))).toEqual([view.id]);
			expect(await views.list(await as('fastighetsagare', 'läsare'))).toEqual([]);
			expect(await views.list(await as('fastighetsagare', 'admin'))).toEqual([]);
			expect(await ids(await as('sdf-jarva', 'admin', 'system', true))).toEqual([view.id]);
		});

		it('a view that is not shared is its owner’s alone', async () => {
			const sdf = await as('sdf-jarva');
			await views.create({ name: 'Min vy', query: 'lager=stadsdelar', shared: false }, sdf);
			expect((await views.list(sdf)).map((x) => [x.name, x.mine, x.shared])).toEqual([['Min vy', true, false]]);
			expect(await views.list(await as('sdf-jarva', 'redaktör', 'kollega'))).toEqual([]);
		});

		it('saving a view of a layer one may not see is refused', async () => {
			await expect(views.create({ name: 'Scener', query: 'lager=drogscener&ar=2023', shared: true }, await as('fastighetsagare'))).rejects.toThrow(BadParamError);
		});

		it('only the owner or an admin of the owner’s organisation deletes a view; one not listed to you does not exist', async () => {
			const view = await views.create({ name: 'Delad', query: 'lager=stadsdelar', shared: true }, await as('sdf-jarva'));
			const secret = await views.create({ name: 'Scener', query: 'lager=drogscener&ar=2023', shared: true }, await as('sdf-jarva'));
			await expect(views.remove(view.id, await as('polis-jarva'))).rejects.toThrow(ForbiddenError);
			await expect(views.remove(view.id, await as('polis-jarva', 'admin'))).rejects.toThrow(ForbiddenError);
			await expect(views.remove(secret.id, await as('fastighetsagare'))).rejects.toThrow(NotFoundError);
			await views.remove(view.id, await as('sdf-jarva', 'admin'));
			expect((await views.list(await as('sdf-jarva'))).map((x) => x.name)).toEqual(['Scener']);
			expect((await views.history(secret.id, await as('sdf-jarva'))).map((h) => h.action)).toEqual(['create']);
		});

		it('an id that is no view (not even a UUID) is not found, and a view of a meeting one cannot see is refused', async () => {
			const sdf = await as('sdf-jarva');
			for (const id of ['finns-inte', "'; DROP TABLE saved_views; --", '00000000-0000-4000-8000-000000000000']) {
				await expect(views.update(id, { baseVersion: 1, name: 'X' }, sdf), id).rejects.toThrow(NotFoundError);
				await expect(views.remove(id, sdf), id).rejects.toThrow(NotFoundError);
				await expect(views.history(id, sdf), id).rejects.toThrow(NotFoundError);
				await expect(views.restore(id, 1, 1, sdf), id).rejects.toThrow(NotFoundError);
			}
			await expect(views.create({ name: 'Mötet', query: 'lager=stadsdelar&mote=finns-inte', shared: true }, sdf)).rejects.toThrow(/Mötet finns-inte i vyn finns inte/);
			expect(await views.list(sdf)).toEqual([]);
		});
	});

	describe('a shared view is checked against every layer it names, with or without years', () => {
		it('the scenes without years mean every scene year: not listed to property owners, name and camera included', async () => {
			const view = await views.create({ name: 'Scenerna i Husby', query: 'lager=stadsdelar,drogscener&karta=15.00/59.41300/17.92700', shared: true }, await as('sdf-jarva'));
			expect(await ids(await as('polis-jarva', 'läsare'))).toEqual([view.id]);
			const owner = await as('fastighetsagare', 'läsare');
			expect(await views.list(owner)).toEqual([]);
			expect(JSON.stringify(await views.list(owner))).not.toMatch(/Husby|59\.41300/);
			await expect(views.remove(view.id, await as('fastighetsagare'))).rejects.toThrow(NotFoundError);
		});

		it('a year its viewer may not see hides a view that names the scenes without years, even when other years are visible', async () => {
			await (await as('sdf-jarva', 'redaktör')).createLayer({ id: 'drogscener-2024', title: 'Drogscener 2024', titleEn: 'x', kind: 'drug-scene', year: 2024, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true });
			const view = await views.create({ name: 'Alla år', query: 'lager=drogscener', shared: true }, await as('sdf-jarva'));
			expect(await views.list(await as('polis-jarva', 'läsare'))).toEqual([]);
			await services.accounts.setVisibility('drogscener-2024', ['sdf-jarva', 'polis-jarva']);
			expect(await ids(await as('polis-jarva', 'läsare'))).toEqual([view.id]);
		});

		it('saving the scenes without years is refused to an organisation that sees none of them', async () => {
			await expect(views.create({ name: 'Scener', query: 'lager=stadsdelar,drogscener', shared: true }, await as('fastighetsagare'))).rejects.toThrow(/drogscener/);
		});

		it('the scenes without years name no layer the catalogue lacks', () => {
			expect(layersOfView(new URLSearchParams('lager=drogscener'), [{ id: 'stadsdelar', kind: 'district', year: null }]).unknown).toEqual(['drogscener']);
		});
	});

	describe('changing and restoring a saved view', () => {
		it('its owner renames and unshares it as new versions; the history restores the shared one', async () => {
			const sdf = await as('sdf-jarva');
			const view = await views.create({ name: 'Husby', query: 'lager=stadsdelar', shared: true }, sdf);
			expect(view.version).toBe(1);
			const changed = await views.update(view.id, { baseVersion: 1, name: 'Husby, kväll', shared: false }, sdf);
			expect(changed).toMatchObject({ version: 2, name: 'Husby, kväll', shared: false });
			expect(await views.lastChanged(view.id)).toEqual(['name', 'shared']);
			expect(await views.list(await as('polis-jarva'))).toEqual([]);
			await expect(views.update(view.id, { baseVersion: 1, name: 'Gammal' }, sdf)).rejects.toThrow(VersionConflictError);
			expect((await views.history(view.id, sdf)).map((h) => [h.version, h.action, h.changed])).toEqual([
				[1, 'create', ['name', 'query', 'shared']],
				[2, 'update', ['name', 'shared']]
			]);
			expect(await views.restore(view.id, 1, 2, sdf)).toMatchObject({ version: 3, name: 'Husby', shared: true });
			expect((await views.list(await as('polis-jarva'))).map((x) => x.name)).toEqual(['Husby']);
		});

		it('a stale version is a conflict naming the current one, and changes nothing', async () => {
			const sdf = await as('sdf-jarva');
			const view = await views.create({ name: 'Husby', query: 'lager=stadsdelar', shared: true }, sdf);
			await views.update(view.id, { baseVersion: 1, name: 'Husby 2' }, sdf);
			const conflict = await views.update(view.id, { baseVersion: 1, name: 'Gammal', shared: false }, sdf).catch((error: unknown) => error);
			expect(conflict).toBeInstanceOf(VersionConflictError);
			expect((conflict as VersionConflictError).message).toMatch(/nu version 2/);
			await expect(views.restore(view.id, 1, 1, sdf)).rejects.toThrow(VersionConflictError);
			await expect(views.restore(view.id, 9, 2, sdf)).rejects.toThrow(NotFoundError);
			expect((await views.list(sdf)).map((x) => [x.name, x.version, x.shared])).toEqual([['Husby 2', 2, true]]);
			expect(await views.history(view.id, sdf)).toHaveLength(2);
		});

		it('a change inside a write that fails later leaves neither the view nor its history', async () => {
			const sdf = await as('sdf-jarva');
			const view = await views.create({ name: 'Husby', query: 'lager=stadsdelar', shared: true }, sdf);
			await expect(
				database().write(async () => {
					await views.update(view.id, { baseVersion: 1, name: 'Halvvägs' }, sdf);
					await views.create({ name: 'Ny', query: 'lager=stadsdelar', shared: false }, sdf);
					throw new Error('later step failed');
				})
			).rejects.toThrow('later step failed');
			expect((await views.list(sdf)).map((x) => [x.name, x.version])).toEqual([['Husby', 1]]);
			expect((await views.history(view.id, sdf)).map((h) => h.version)).toEqual([1]);
			const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM object_history`.execute(database().query);
			expect(Number(rows[0]!.n)).toBe(1);
		});

		it('only the account that saved it changes it; a colleague who sees it is told whose it is', async () => {
			const view = await views.create({ name: 'Delad', query: 'lager=stadsdelar', shared: true }, await as('sdf-jarva'));
			await expect(views.update(view.id, { baseVersion: 1, name: 'Min nu' }, await as('polis-jarva'))).rejects.toThrow(/sparad av Namn sdf-jarva-redaktör; bara den som sparat den kan ändra/);
			await expect(views.history(view.id, await as('sdf-jarva', 'admin'))).rejects.toThrow(ForbiddenError);
		});

		it('a changed query is checked as a new one: a layer the owner may not see is refused', async () => {
			const owner = await as('fastighetsagare');
			const view = await views.create({ name: 'Mina', query: 'lager=stadsdelar', shared: false }, owner);
			await expect(views.update(view.id, { baseVersion: 1, query: 'lager=drogscener&ar=2023' }, owner)).rejects.toThrow(BadParamError);
			expect((await views.update(view.id, { baseVersion: 1, query: 'lager=otrygga-platser' }, owner)).query).toBe('lager=otrygga-platser');
		});
	});
});
