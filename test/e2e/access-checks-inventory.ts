/**
 * Access checks for the inventory routes (see access-checks.ts for the vocabulary). The shared
 * server has no walks, so an id is "not there" for everyone (404) once the role is let in: a
 * läsare hears 403 before the walk is looked up. Bodies are empty, so nothing is ever written.
 */
import type { Check } from './access-checks';
import { writes } from './access-checks';

const W = '/api/inventories/finns-inte';
const F = `${W}/findings/00000000-0000-4000-8000-000000000000`;

export const INVENTORY_CHECKS: Check[] = [
	{ route: '/api/inventories', method: 'GET', path: '/api/inventories', expect: () => 200 },
	{ route: '/api/inventories', method: 'POST', path: '/api/inventories', body: {}, expect: (w) => writes(w) },
	{ route: '/api/inventories/[id]', method: 'GET', path: W, expect: () => 404 },
	{ route: '/api/inventories/[id]', method: 'PATCH', path: W, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/inventories/[id]/context', method: 'GET', path: `${W}/context`, expect: () => 404 },
	{ route: '/api/inventories/[id]/history', method: 'GET', path: `${W}/history`, expect: () => 404 },
	{ route: '/api/inventories/[id]/restore', method: 'POST', path: `${W}/restore`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/inventories/[id]/findings', method: 'GET', path: `${W}/findings?format=xlsx`, expect: () => 404 },
	{ route: '/api/inventories/[id]/findings', method: 'POST', path: `${W}/findings`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/inventories/[id]/findings/[findingId]', method: 'PUT', path: F, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/inventories/[id]/findings/[findingId]/measure', method: 'POST', path: `${F}/measure`, body: {}, expect: (w) => writes(w, 404) },
	{ route: '/api/inventories/[id]/findings/[findingId]/place', method: 'POST', path: `${F}/place`, body: {}, expect: (w) => writes(w, 404) },
	{
		route: '/api/findings/[findingId]/photos',
		method: 'POST',
		path: '/api/findings/00000000-0000-4000-8000-000000000000/photos',
		multipart: { clientId: 'x' },
		expect: (w) => writes(w, 404)
	}
];
