/**
 * JSON from an untrusted file. A non-recursive scan checks the whole grammar first and says where
 * it breaks (line, column, what was expected), and refuses nesting deeper than `maxDepth` before
 * JSON.parse could recurse into it; only then is the text parsed. V8's own messages name no
 * position for many errors ("Unexpected token 'N', "[NaN, 1]" is not valid JSON").
 *
 * Keys like `__proto__` are harmless inside JSON.parse's result (own properties), but become
 * prototypes when copied with spread or Object.assign: `sanitizeProperties` copies without them.
 */
import { ImportError, formatCount } from './errors';

const enum State {
	Value,
	ValueOrArrayEnd,
	KeyOrObjectEnd,
	Key,
	Colon,
	AfterValue
}

const OBJECT = 1;
const ARRAY = 2;

/**
 * Parses `text` after checking its syntax and depth. Throws `ImportError` 400 naming line and
 * column for bad or truncated JSON, 413 for nesting deeper than `maxDepth`.
 *
 * @example
 * parseJsonSafely('{"type": "Point", "coordinates": [17.9, 59.4]}', { maxDepth: 64 });
 */
export function parseJsonSafely(text: string, { maxDepth }: { maxDepth: number }): unknown {
	checkJson(text, maxDepth);
	try {
		return JSON.parse(text) as unknown;
	} catch (e) {
		// The scan accepts exactly JSON's grammar, so this is not expected; still a clear 400.
		throw new ImportError('unreadable', `Filen är inte giltig JSON: ${(e as Error).message}`);
	}
}

function checkJson(text: string, maxDepth: number): void {
	const stack = new Uint8Array(maxDepth + 1);
	let depth = 0;
	let state: State = State.Value;
	let i = 0;
	const n = text.length;

	const fail = (at: number, message: string): never => {
		throw new ImportError('unreadable', `Ogiltig JSON ${where(text, at)}: ${message}.`);
	};
	const truncated = (message: string): never => {
		throw new ImportError(
			'unreadable',
			`JSON-texten tar slut för tidigt ${where(text, n)}: ${message}. Filen är troligen avkortad (trunkerad).`
		);
	};

	while (true) {
		// Whitespace.
		let c = text.charCodeAt(i);
		while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
		if (i >= n) {
			if (state === State.AfterValue && depth === 0) return;
			if (depth === 0 && state === State.Value) fail(i, 'filen innehåller inget JSON-värde');
			truncated(
				`${formatCount(depth)} ${depth === 1 ? 'objekt eller lista är' : 'objekt och listor är'} inte avslutade (${closers(stack, depth)} saknas)`
			);
		}

		switch (state) {
			case State.Value:
			case State.ValueOrArrayEnd:
				if (c === 0x5d && state === State.ValueOrArrayEnd) {
					depth--;
					i++;
					state = State.AfterValue;
					break;
				}
				if (c === 0x7b || c === 0x5b) {
					if (depth >= maxDepth) {
						throw new ImportError(
							'too-large',
							`JSON-texten är nästlad djupare än ${formatCount(maxDepth)} nivåer ${where(text, i)}; så djup nästling förekommer inte i GeoJSON.`
						);
					}
					stack[depth++] = c === 0x7b ? OBJECT : ARRAY;
					i++;
					state = c === 0x7b ? State.KeyOrObjectEnd : State.ValueOrArrayEnd;
					break;
				}
				i = scanScalar(text, i, fail, truncated);
				state = State.AfterValue;
				break;
			case State.KeyOrObjectEnd:
			case State.Key:
				if (c === 0x7d && state === State.KeyOrObjectEnd) {
					depth--;
					i++;
					state = State.AfterValue;
					break;
				}
				if (c !== 0x22) {
					if (c === 0x7d) fail(i, 'kommatecken före } (ett avslutande kommatecken är inte tillåtet i JSON)');
					fail(i, `väntade ett egenskapsnamn inom "citattecken" men fann ${show(text, i)}`);
				}
				i = scanString(text, i, fail, truncated);
				state = State.Colon;
				break;
			case State.Colon:
				if (c !== 0x3a) fail(i, `väntade : efter egenskapsnamnet men fann ${show(text, i)}`);
				i++;
				state = State.Value;
				break;
			case State.AfterValue: {
				if (depth === 0) fail(i, `text efter JSON-värdets slut: ${show(text, i)}`);
				const top = stack[depth - 1];
				if (c === 0x2c) {
					i++;
					state = top === OBJECT ? State.Key : State.Value;
					// A trailing comma shows up as ] where a value should be.
					if (top === ARRAY) {
						let j = i;
						let d = text.charCodeAt(j);
						while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) d = text.charCodeAt(++j);
						if (d === 0x5d) fail(j, 'kommatecken före ] (ett avslutande kommatecken är inte tillåtet i JSON)');
					}
				} else if (top === OBJECT && c === 0x7d) {
					depth--;
					i++;
				} else if (top === ARRAY && c === 0x5d) {
					depth--;
					i++;
				} else {
					fail(i, `väntade , eller ${top === OBJECT ? '}' : ']'} men fann ${show(text, i)}`);
				}
				break;
			}
		}
	}
}

type Fail = (at: number, message: string) => never;
type Truncated = (message: string) => never;

/** A string, number or literal starting at `i`; returns the index after it. */
function scanScalar(text: string, i: number, fail: Fail, truncated: Truncated): number {
	const c = text.charCodeAt(i);
	if (c === 0x22) return scanString(text, i, fail, truncated);
	if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return scanNumber(text, i, fail, truncated);
	for (const literal of ['true', 'false', 'null']) {
		if (text.startsWith(literal, i)) return i + literal.length;
		if (i + literal.length > text.length && literal.startsWith(text.slice(i)))
			truncated(`"${text.slice(i)}" är ofullständigt`);
	}
	for (const word of ['NaN', 'Infinity']) {
		if (text.startsWith(word, i))
			fail(i, `${word} är inte ett tal i JSON (varje koordinat måste vara ett ändligt tal)`);
	}
	if (c === 0x27) fail(i, 'text måste stå inom "dubbla" citattecken, inte \'enkla\'');
	if (c === 0x7d || c === 0x5d) fail(i, `väntade ett värde men fann ${show(text, i)} (ett avslutande kommatecken?)`);
	return fail(i, `väntade ett värde men fann ${show(text, i)}`);
}

function scanString(text: string, start: number, fail: Fail, truncated: Truncated): number {
	let i = start + 1;
	const n = text.length;
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c === 0x22) return i + 1;
		if (c === 0x5c) {
			const e = text.charCodeAt(i + 1);
			if (i + 1 >= n) break;
			if (e === 0x75) {
				if (i + 6 > n) break;
				if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
					fail(i, `ogiltig \\u-sekvens ${JSON.stringify(text.slice(i, i + 6))}`);
				// PostgreSQL cannot store it in a text, and no one means it: refused on both databases alike.
				if (text.slice(i + 2, i + 6) === '0000') fail(i, 'ett osynligt nolltecken (\\u0000) inuti en text, som inte kan sparas; ta bort det');
				i += 6;
				continue;
			}
			// " \ / b f n r t
			if (
				e !== 0x22 &&
				e !== 0x5c &&
				e !== 0x2f &&
				e !== 0x62 &&
				e !== 0x66 &&
				e !== 0x6e &&
				e !== 0x72 &&
				e !== 0x74
			) {
				fail(i, `ogiltig escape-sekvens \\${text[i + 1]}`);
			}
			i += 2;
			continue;
		}
		if (c < 0x20) fail(i, 'radbrytning eller styrtecken inuti en text (måste skrivas \\n)');
		i++;
	}
	return truncated(`texten som börjar ${where(text, start)} avslutas aldrig med "`);
}

function scanNumber(text: string, start: number, fail: Fail, truncated: Truncated): number {
	const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
	match.lastIndex = start;
	const m = match.exec(text);
	const end = m ? start + m[0].length : start;
	if (end === start || (end === start + 1 && text[start] === '-')) {
		if (start + 1 >= text.length) truncated('ett tal är ofullständigt');
		if (text.startsWith('-Infinity', start)) fail(start, '-Infinity är inte ett tal i JSON');
		fail(start, `ogiltigt tal ${show(text, start)}`);
	}
	const next = text.charCodeAt(end);
	// 01, 1., 1e: the longest valid number stops short of a character that belongs to it.
	if (next === 0x2e || next === 0x65 || next === 0x45 || (next >= 0x30 && next <= 0x39)) {
		fail(start, `ogiltigt tal ${show(text, start)}`);
	}
	return end;
}

/** "på rad 3, kolumn 12 (tecken 45)". */
function where(text: string, at: number): string {
	let line = 1;
	let lineStart = 0;
	for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
		line++;
		lineStart = i + 1;
	}
	return `på rad ${formatCount(line)}, kolumn ${formatCount(at - lineStart + 1)} (tecken ${formatCount(at + 1)})`;
}

/** The text at `i`, shortened, for "men fann …". */
function show(text: string, i: number): string {
	const piece = text.slice(i, i + 12).split(/[\r\n]/)[0] ?? '';
	return piece ? JSON.stringify(piece.length < 12 ? piece : `${piece}…`) : 'radslut';
}

function closers(stack: Uint8Array, depth: number): string {
	let out = '';
	for (let d = depth - 1; d >= 0 && out.length < 12; d--) out += stack[d] === OBJECT ? '}' : ']';
	return depth > 12 ? `${out}…` : out;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A deep copy of a properties value without `__proto__`, `constructor` and `prototype` keys,
 * which would otherwise set prototypes when the object is later spread or assigned. `removed`
 * receives each key dropped.
 *
 * @example
 * sanitizeProperties(JSON.parse('{"__proto__": {"admin": true}, "name": "Husby"}'), (k) => {});
 * // { name: 'Husby' }
 */
export function sanitizeProperties(
	value: Record<string, unknown>,
	removed: (key: string) => void
): Record<string, unknown> {
	return copy(value, removed) as Record<string, unknown>;
}

function copy(value: unknown, removed: (key: string) => void): unknown {
	if (Array.isArray(value)) return value.map((v) => copy(v, removed));
	if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(value)) {
			if (FORBIDDEN_KEYS.has(key)) {
				removed(key);
				continue;
			}
			out[key] = copy((value as Record<string, unknown>)[key], removed);
		}
		return out;
	}
	return value;
}
