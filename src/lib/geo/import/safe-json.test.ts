import { describe, expect, it } from 'vitest';
import { ImportError } from './errors';
import { parseJsonSafely, sanitizeProperties } from './safe-json';

const parse = (text: string, maxDepth = 64) => parseJsonSafely(text, { maxDepth });

function messageOf(run: () => unknown): string {
	try {
		run();
	} catch (e) {
		expect(e).toBeInstanceOf(ImportError);
		return (e as ImportError).message;
	}
	throw new Error('expected an ImportError');
}

describe('parseJsonSafely', () => {
	it('parses what JSON.parse parses: numbers, escapes, literals, nesting, whitespace', () => {
		const text = ' {"a": [1, -0.5, 2e3, 1E-2, true, false, null], "b": "\\u00e5\\n\\"", "c": {}} \r\n';
		expect(parse(text)).toEqual(JSON.parse(text));
	});

	it('refuses a NUL character in a text (PostgreSQL cannot store it), saying where; other escapes pass', () => {
		expect(messageOf(() => parse('{"name": "Bänk\\u0000"}'))).toBe(
			'Ogiltig JSON på rad 1, kolumn 15 (tecken 15): ett osynligt nolltecken (\\u0000) inuti en text, som inte kan sparas; ta bort det.'
		);
		expect(parse('{"name": "\\u0001\\u00e5"}')).toEqual({ name: '\u0001å' });
	});

	it('refuses a lone value after the first one', () => {
		expect(messageOf(() => parse('{} {}'))).toBe(
			'Ogiltig JSON på rad 1, kolumn 4 (tecken 4): text efter JSON-värdets slut: "{}".'
		);
	});

	it('names the line and column of a missing comma on a later line', () => {
		expect(messageOf(() => parse('{\n  "a": 1\n  "b": 2\n}'))).toBe(
			'Ogiltig JSON på rad 3, kolumn 3 (tecken 14): väntade , eller } men fann "\\"b\\": 2".'
		);
	});

	it('refuses single quotes, saying JSON needs double quotes', () => {
		expect(messageOf(() => parse("{'a': 1}"))).toBe(
			'Ogiltig JSON på rad 1, kolumn 2 (tecken 2): väntade ett egenskapsnamn inom "citattecken" men fann "\'a\': 1}".'
		);
	});

	it('refuses Infinity and leading zeros', () => {
		expect(messageOf(() => parse('[Infinity]'))).toMatch(/Infinity är inte ett tal i JSON/);
		expect(messageOf(() => parse('[012]'))).toMatch(/ogiltigt tal "012\]"/);
	});

	it('refuses a raw line break inside a text', () => {
		expect(messageOf(() => parse('["a\nb"]'))).toMatch(/radbrytning eller styrtecken inuti en text/);
	});

	it('refuses an empty document', () => {
		expect(messageOf(() => parse('  \n'))).toMatch(/filen innehåller inget JSON-värde/);
	});

	it('allows nesting up to the limit and refuses one level more', () => {
		expect(parse('[[[1]]]', 3)).toEqual([[[1]]]);
		expect(messageOf(() => parse('[[[[1]]]]', 3))).toMatch(
			/^JSON-texten är nästlad djupare än 3 nivåer på rad 1, kolumn 4/
		);
	});

	it('says a file cut off after a key is truncated and what is still open', () => {
		expect(messageOf(() => parse('{"features": [{"type"'))).toBe(
			'JSON-texten tar slut för tidigt på rad 1, kolumn 22 (tecken 22): 3 objekt och listor är inte avslutade (}]} saknas). Filen är troligen avkortad (trunkerad).'
		);
	});
});

describe('sanitizeProperties', () => {
	it('drops __proto__, constructor and prototype at any depth and reports each', () => {
		const removed: string[] = [];
		const value = JSON.parse(
			'{"a": 1, "__proto__": {"x": 1}, "list": [{"constructor": 2, "b": 3}], "o": {"prototype": {}}}'
		) as Record<string, unknown>;
		expect(sanitizeProperties(value, (key) => removed.push(key))).toEqual({ a: 1, list: [{ b: 3 }], o: {} });
		expect(removed).toEqual(['__proto__', 'constructor', 'prototype']);
	});
});
