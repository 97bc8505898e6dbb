import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { drawnStops, formatLength, InventoryInput, InventoryPatch, numberedStops, sharedStops, placeCategoryFor, walkBounds, type Stop } from './model';

const stops: Stop[] = [
	{ id: 'a', name: 'A', position: [17.92, 59.41] },
	{ id: 'b', name: 'B', position: [17.93, 59.41] },
	{ id: 'c', name: 'C', position: [17.925, 59.41] }
];

describe('numberedStops', () => {
	it('orders by the number the server gave, else by the place in the list', () => {
		expect(numberedStops([{ ...stops[0]!, number: 3 }, { ...stops[1]!, number: 1 }]).map((s) => `${s.number}${s.id}`)).toEqual(['1b', '3a']);
		expect(numberedStops(stops).map((s) => `${s.number}${s.id}`)).toEqual(['1a', '2b', '3c']);
	});
});

describe('sharedStops', () => {
	it('shows a restricted and a withheld stop to everyone by number only, without position', () => {
		const shared = sharedStops({
			stops: [
				{ ...stops[0]!, number: 1 },
				{ ...stops[1]!, number: 2, restricted: { organisations: [{ id: 'fastighetsagare', name: 'Fastighetsägare i Järva' }] } },
				{ ...stops[2]!, number: 4 }
			],
			withheldStops: [{ id: 'x', number: 3 }]
		});
		expect(shared.map((s) => `${s.number} ${s.name}`)).toEqual(['1 A', '2 Stopp 2 – plats enligt samordnaren', '3 Stopp 3 – plats enligt samordnaren', '4 C']);
		expect(shared.filter((s) => s.position === null).map((s) => s.id)).toEqual(['b', 'x']);
		expect(JSON.stringify(shared)).not.toContain('"B"');
		expect(drawnStops(shared).map((s) => s.number)).toEqual([1, 4]);
	});
});

describe('formatLength', () => {
	it('short walks in tens of metres, longer in km with a decimal comma', () => {
		expect(formatLength(847)).toBe('850 m');
		expect(formatLength(1680)).toBe('1,7 km');
	});
	it('a few metres read "10 m", never "0 m" (two stops at either end of a flight of steps)', () => {
		expect(formatLength(4)).toBe('10 m');
		expect(formatLength(0)).toBe('0 m');
	});
});

describe('"undvik trappor" in a change of a walk', () => {
	it('is true or false; anything else is refused with a message that says so', () => {
		expect(v.parse(InventoryPatch, { baseVersion: 1, avoidSteps: true }).avoidSteps).toBe(true);
		const refused = v.safeParse(InventoryPatch, { baseVersion: 1, avoidSteps: 'ja' });
		expect(refused.success).toBe(false);
		expect(refused.issues?.[0]?.message).toBe('avoidSteps ska vara true eller false');
	});
});

describe('walkBounds', () => {
	it('frames the points with a margin, and is null for fewer than two', () => {
		const [w, s, e, n] = walkBounds([[17.92, 59.40], [17.93, 59.41]])!;
		expect(w).toBeLessThan(17.92);
		expect(e).toBeGreaterThan(17.93);
		expect(s).toBeLessThan(59.40);
		expect(n).toBeGreaterThan(59.41);
		expect(walkBounds([[17.92, 59.4]])).toBeNull();
	});
});

describe('placeCategoryFor', () => {
	it('garages and stairwells keep their kind; everything else is the way home', () => {
		expect(placeCategoryFor('parkering-garage')).toBe('parking');
		expect(placeCategoryFor('entreer-trapphus')).toBe('stairwell-refuse-room');
		expect(placeCategoryFor('belysning')).toBe('way-home');
	});
});

describe('input schemas', () => {
	const walk = { title: 'Vandring', area: { kind: 'district', name: 'Husby' }, startsAt: '2025-05-14T16:30:00Z', organisationIds: ['sdf-jarva'] };
	it('an area outside Stockholm is refused with a message saying so', () => {
		const sea = { type: 'Polygon', coordinates: [[[18.9, 59.4], [19, 59.4], [19, 59.5], [18.9, 59.4]]] };
		const result = v.safeParse(InventoryInput, { ...walk, area: { kind: 'polygon', geometry: sea } });
		expect(result.success).toBe(false);
		expect(result.issues?.[0].message).toMatch(/utanför Stockholm/);
	});
	it('an unknown district names the districts there are', () => {
		const result = v.safeParse(InventoryInput, { ...walk, area: { kind: 'district', name: 'Solna' } });
		expect(result.issues?.[0].message).toMatch(/Okänd stadsdel "Solna".*Husby/);
	});
	it('two stops with one id are refused', () => {
		const result = v.safeParse(InventoryPatch, { baseVersion: 1, stops: [stops[0], { ...stops[1], id: 'a' }] });
		expect(result.issues?.[0].message).toBe('Två stopp har samma id');
	});
});
