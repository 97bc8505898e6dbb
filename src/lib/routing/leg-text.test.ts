import { describe, expect, it } from 'vitest';
import { offset, JARVA } from '../analysis/testing/shapes';
import { detourNote, fallbackText, formatMetres, formatStreets, formatWarning, INFERRED_NOTE, inferredText, mostlyInferred } from './leg-text';
import { OSM_GAP_METRES } from './network-repair';

const at: [number, number] = [17.92, 59.41];

describe('a leg in words', () => {
	it('streets in order with lengths to the nearest 10 m, joined by "sedan"', () => {
		expect(formatStreets([{ name: 'Sibeliusgången', metres: 238 }, { name: 'Borgågatan', metres: 121 }])).toBe('Sibeliusgången 240 m, sedan Borgågatan 120 m');
		expect(formatMetres(3)).toBe('10 m');
		expect(formatMetres(1234)).toBe('1,2 km');
	});

	it('warnings name what and where, and leave out the generic names', () => {
		expect(formatWarning({ kind: 'steps', name: 'trappa', metres: 6, stepCount: 9, at })).toBe('Trappa, 9 steg');
		expect(formatWarning({ kind: 'steps', name: 'Kistagången', metres: 6, stepCount: null, at })).toBe('Trappa (Kistagången)');
		expect(formatWarning({ kind: 'unlit', name: 'gångväg', metres: 118, at })).toBe('Ej upplyst: 120 m');
		expect(formatWarning({ kind: 'passage', passage: 'underpass', name: 'gångväg', metres: 42, at })).toBe('Gångtunnel under mark: 40 m');
	});

	it('an approximate leg says why', () => {
		expect(fallbackText('off-network')).toMatch(/mer än 150 m från närmaste gångväg/);
		expect(fallbackText('no-step-free-path')).toMatch(/ingen väg utan trappor/);
		expect(fallbackText(null)).toBe('');
	});

	it('a walked leg far longer than the straight line gets a note that the network may lack a link', () => {
		const [a, b] = [JARVA, offset(JARVA, 300, 0)];
		expect(detourNote({ approximate: false, metres: 1200, coordinates: [a, b] })).toMatch(/^Omväg: 4,0 × fågelvägen\. Gångnätet kan sakna en förbindelse här/);
		expect(detourNote({ approximate: false, metres: 600, coordinates: [a, b] })).toBeNull();
		// Short legs: 40 m walked for 10 m straight is no news.
		expect(detourNote({ approximate: false, metres: 40, coordinates: [JARVA, offset(JARVA, 10, 0)] })).toBeNull();
		expect(detourNote({ approximate: true, metres: 1200, coordinates: [a, b] })).toBeNull();
		expect(detourNote({ approximate: false, metres: 1200, coordinates: [a, b] }, true)).toMatch(/runt trappor/);
	});

	it('a leg over connectors the repair inferred says how many and how long, and is approximate only when they are most of it', () => {
		expect(inferredText({ links: 1, metres: 12.4 })).toBe('1 antagen koppling (10 m)');
		expect(inferredText({ links: 2, metres: 31 })).toBe('2 antagna kopplingar (30 m)');
		expect(inferredText(undefined)).toBe('');
		// Said once under the legs, with the limit the repair uses.
		expect(INFERRED_NOTE).toContain(`högst ${OSM_GAP_METRES} m`);
		const streets = [{ name: 'Stigen', metres: 180 }, { name: 'Gatan', metres: 40 }];
		expect(mostlyInferred({ streets, inferred: { links: 1, metres: 12 } })).toBe(false);
		expect(mostlyInferred({ streets, inferred: { links: 3, metres: 120 } })).toBe(true);
		expect(mostlyInferred({ streets })).toBe(false);
	});
});
