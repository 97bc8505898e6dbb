import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role, Viewer } from './auth/access';
import { LayerView } from './layer-view';
import { search } from './search-service';
import { tempServices } from './testing/temp-service';

let services: Awaited<ReturnType<typeof tempServices>>;
beforeEach(async () => {
	services = await tempServices();
});
afterEach(() => services.close());

function view(organisation: string, role: Role = 'läsare') {
	const viewer: Viewer = { id: 1, username: `${organisation}-${role}`, displayName: 'Test', role, organisation: { id: organisation, name: organisation, kind: 'annan' } };
	return new LayerView(services.layers, services.accounts, viewer);
}
const find = (organisation: string, query: string) => search(view(organisation), services.walkNetworks.current(), query, 20);

describe('search', () => {
	it('finds a street of the walking network by the start of its name, without å, with the box around it', () => {
		const [first] = find('sdf-jarva', 'borgag');
		expect(first).toMatchObject({ kind: 'street', name: 'Borgågatan', detail: 'Gata eller gångväg (OpenStreetMap)' });
		const [w, s, e, n] = first!.bbox;
		expect(w).toBeLessThan(e);
		expect(s).toBeLessThan(n);
		expect(w).toBeGreaterThan(17.9);
	});

	it('puts a district named exactly as typed first', () => {
		expect(find('sdf-jarva', 'husby')[0]).toMatchObject({ kind: 'district', name: 'Husby', detail: 'Stadsdel', layerId: 'stadsdelar' });
	});

	it('finds drug scenes by name for the organisations that may see them, with the year', () => {
		const hits = find('polis-jarva', 'nordkaps').filter((r) => r.kind === 'feature');
		expect(hits.some((r) => r.layerId === 'drogscener-2023' && /^Nordkapsgatan.* \(2023\)$/.test(r.name))).toBe(true);
		expect(hits.every((r) => r.layerId?.startsWith('drogscener'))).toBe(true);
	});

	it('never finds a drug scene for a property owner, who may not see them, only the street', () => {
		const hits = find('fastighetsagare', 'nordkaps');
		expect(hits.length).toBeGreaterThan(0);
		expect(hits.filter((r) => r.layerId?.startsWith('drogscener'))).toEqual([]);
		expect(hits.every((r) => r.kind === 'street')).toBe(true);
	});
});
