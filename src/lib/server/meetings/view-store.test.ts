import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ForbiddenError, type Role, type Viewer } from '../auth/access';
import { NotFoundError } from '../db/feature-store';
import { LayerView } from '../layer-view';
import { BadParamError } from '../params';
import { tempServices } from '../testing/temp-service';
import { layersOfView, normaliseQuery, SavedViewStore } from './view-store';

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
