import { describe, expect, it } from 'vitest';
import { wrapText } from './export-png';

/** One unit per character: easy to reason about. */
const measure = (text: string) => text.length;

describe('text on the exported picture', () => {
	it('wraps at word boundaries within the width', () => {
		expect(wrapText(measure, 'Källor: Lägesbild Järva 2023, figur 2', 20)).toEqual(['Källor: Lägesbild', 'Järva 2023, figur 2']);
	});

	it('keeps a word longer than the width on a line of its own rather than breaking it', () => {
		expect(wrapText(measure, 'a Stadsdelsförvaltningen b', 10)).toEqual(['a', 'Stadsdelsförvaltningen', 'b']);
	});

	it('gives no lines for empty text', () => {
		expect(wrapText(measure, '   ', 10)).toEqual([]);
	});
});
