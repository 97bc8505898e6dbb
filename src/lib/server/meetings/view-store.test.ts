import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Role, type Viewer } from '../auth/access';
import { LayerView } from '../layer-view';
import { tempServices } from '../testing/temp-service';
import { layersOfView, normaliseQuery, SavedViewStore } from './view-store';
import { BadParamError, ForbiddenError, NotFoundError, VersionConflictError } from '../errors';

let services: ReturnType<typeof tempServices>;
let views: SavedViewStore;
beforeEach(() => {
	services = tempServices();
	views = new SavedViewStore(services.db);
});
afterEach(() => services.close());

/** A viewer backed by a real account row (saved views reference accounts). */
function as(organisation: string, role: Role = 'redaktör', username = `${organisation}-${role}`, systemAdmin = false) {
	const existing = services.db.prepare('SELECT id FROM accounts WHERE username = ?').get(username) as { id: number } | undefined;
	const id =
		existing?.id ??
		Number(
			services.db
				.prepare("INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, created_at) VALUES (?, ?, ?, ?, 'x', '2025-01-01')")
				.run(username, `Namn ${username}`, organisation, role).lastInsertRowid
		);
	const viewer: Viewer = { id, username, displayName: `Namn ${username}`, role, systemAdmin, organisation: { id: organisation, name: organisation, kind: 'annan' } };
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
		const owner = as('fastighetsagare').list();
		expect(layersOfView(new URLSearchParams('lager=drogscener&ar=2023'), owner).unknown).toEqual(['drogscener 2023']);
	});
});

describe('the query of a saved view', () => {
	it('keeps only the view’s own parameters, readable', () => {
		expect(normaliseQuery('?lager=stadsdelar,drogscener&ar=2021,2023&karta=14.00/59.40000/17.93000')).toBe('lager=stadsdelar,drogscener&ar=2021,2023&karta=14.00/59.40000/17.93000');
	});

	it('an unknown parameter is refused, naming the allowed ones', () => {
		expect(() => normaliseQuery('lager=stadsdelar&hack=1')).toThrow(/Okänd parameter "hack".*lager, ar, karta/);
	});
});

describe('saved and shared views', () => {
	it('a shared view with the scenes is listed to the police but not to property owners', () => {
		const sdf = as('sdf-jarva');
		const view = views.create({ name: 'Kista 2021–2023', query: 'lager=drogscener&ar=2021,2023', shared: true }, sdf);
		expect(views.list(as('polis-jarva', 'läsare')).map((x) => x.id)).toEqual([view.id]);
		expect(views.list(as('fastighetsagare', 'läsare'))).toEqual([]);
		expect(views.list(as('fastighetsagare', 'admin'))).toEqual([]);
		expect(views.list(as('sdf-jarva', 'admin', 'system', true)).map((x) => x.id)).toEqual([view.id]);
	});

	it('a view that is not shared is its owner’s alone', () => {
		const sdf = as('sdf-jarva');
		views.create({ name: 'Min vy', query: 'lager=stadsdelar', shared: false }, sdf);
		expect(views.list(sdf).map((x) => [x.name, x.mine])).toEqual([['Min vy', true]]);
		expect(views.list(as('sdf-jarva', 'redaktör', 'kollega'))).toEqual([]);
	});

	it('saving a view of a layer one may not see is refused', () => {
		expect(() => views.create({ name: 'Scener', query: 'lager=drogscener&ar=2023', shared: true }, as('fastighetsagare'))).toThrow(BadParamError);
	});

	it('only the owner or an admin of the owner’s organisation deletes a view; one not listed to you does not exist', () => {
		const view = views.create({ name: 'Delad', query: 'lager=stadsdelar', shared: true }, as('sdf-jarva'));
		const secret = views.create({ name: 'Scener', query: 'lager=drogscener&ar=2023', shared: true }, as('sdf-jarva'));
		expect(() => views.remove(view.id, as('polis-jarva'))).toThrow(ForbiddenError);
		expect(() => views.remove(view.id, as('polis-jarva', 'admin'))).toThrow(ForbiddenError);
		expect(() => views.remove(secret.id, as('fastighetsagare'))).toThrow(NotFoundError);
		views.remove(view.id, as('sdf-jarva', 'admin'));
		expect(views.list(as('sdf-jarva')).map((x) => x.name)).toEqual(['Scener']);
	});
});

describe('a shared view is checked against every layer it names, with or without years', () => {
	it('the scenes without years mean every scene year: not listed to property owners, name and camera included', () => {
		const view = views.create({ name: 'Scenerna i Husby', query: 'lager=stadsdelar,drogscener&karta=15.00/59.41300/17.92700', shared: true }, as('sdf-jarva'));
		expect(views.list(as('polis-jarva', 'läsare')).map((x) => x.id)).toEqual([view.id]);
		const owner = as('fastighetsagare', 'läsare');
		expect(views.list(owner)).toEqual([]);
		expect(JSON.stringify(views.list(owner))).not.toMatch(/Husby|59\.41300/);
		expect(() => views.remove(view.id, as('fastighetsagare'))).toThrow(NotFoundError);
	});

	it('a year its viewer may not see hides a view that names the scenes without years, even when other years are visible', () => {
		as('sdf-jarva', 'redaktör').createLayer({ id: 'drogscener-2024', title: 'Drogscener 2024', titleEn: 'x', kind: 'drug-scene', year: 2024, geometry: 'Polygon', source: 's', precision: 'p', approximate: true, editable: true });
		const view = views.create({ name: 'Alla år', query: 'lager=drogscener', shared: true }, as('sdf-jarva'));
		expect(views.list(as('polis-jarva', 'läsare'))).toEqual([]);
		services.accounts.setVisibility('drogscener-2024', ['sdf-jarva', 'polis-jarva']);
		expect(views.list(as('polis-jarva', 'läsare')).map((x) => x.id)).toEqual([view.id]);
	});

	it('saving the scenes without years is refused to an organisation that sees none of them', () => {
		expect(() => views.create({ name: 'Scener', query: 'lager=stadsdelar,drogscener', shared: true }, as('fastighetsagare'))).toThrow(/drogscener/);
	});

	it('the scenes without years name no layer the catalogue lacks', () => {
		expect(layersOfView(new URLSearchParams('lager=drogscener'), [{ id: 'stadsdelar', kind: 'district', year: null }]).unknown).toEqual(['drogscener']);
	});
});

describe('changing and restoring a saved view', () => {
	it('its owner renames and unshares it as new versions; the history restores the shared one', () => {
		const sdf = as('sdf-jarva');
		const view = views.create({ name: 'Husby', query: 'lager=stadsdelar', shared: true }, sdf);
		expect(view.version).toBe(1);
		const changed = views.update(view.id, { baseVersion: 1, name: 'Husby, kväll', shared: false }, sdf);
		expect(changed).toMatchObject({ version: 2, name: 'Husby, kväll', shared: false });
		expect(views.lastChanged(view.id)).toEqual(['name', 'shared']);
		expect(views.list(as('polis-jarva'))).toEqual([]);
		expect(() => views.update(view.id, { baseVersion: 1, name: 'Gammal' }, sdf)).toThrow(VersionConflictError);
		expect(views.history(view.id, sdf).map((h) => [h.version, h.action, h.changed])).toEqual([
			[1, 'create', ['name', 'query', 'shared']],
			[2, 'update', ['name', 'shared']]
		]);
		expect(views.restore(view.id, 1, 2, sdf)).toMatchObject({ version: 3, name: 'Husby', shared: true });
		expect(views.list(as('polis-jarva')).map((x) => x.name)).toEqual(['Husby']);
	});

	it('only the account that saved it changes it; a colleague who sees it is told whose it is', () => {
		const view = views.create({ name: 'Delad', query: 'lager=stadsdelar', shared: true }, as('sdf-jarva'));
		expect(() => views.update(view.id, { baseVersion: 1, name: 'Min nu' }, as('polis-jarva'))).toThrow(/sparad av Namn sdf-jarva-redaktör; bara den som sparat den kan ändra/);
		expect(() => views.history(view.id, as('sdf-jarva', 'admin'))).toThrow(ForbiddenError);
	});

	it('a changed query is checked as a new one: a layer the owner may not see is refused', () => {
		const owner = as('fastighetsagare');
		const view = views.create({ name: 'Mina', query: 'lager=stadsdelar', shared: false }, owner);
		expect(() => views.update(view.id, { baseVersion: 1, query: 'lager=drogscener&ar=2023' }, owner)).toThrow(BadParamError);
		expect(views.update(view.id, { baseVersion: 1, query: 'lager=otrygga-platser' }, owner).query).toBe('lager=otrygga-platser');
	});
});
