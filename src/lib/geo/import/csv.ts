/**
 * Reads points from CSV: one row per point, coordinates in two columns, every other column a
 * property (as text: CSV has no types). Columns are found by name (lon/lat, lng, longitude/latitude,
 * E/N, easting/northing, öst/norr, x/y) and then read by their values: SWEREF 99 northings are
 * millions, eastings below one million, so a column named "x" holding 6 580 822 is the northing
 * (the Swedish convention: x points north) whatever the name suggests.
 *
 * The delimiter is whichever of `;`, `,` and tab the header line uses most; with `;` or tab a
 * decimal comma is read (Swedish Excel writes "59,4"). Text that is not UTF-8 is read as
 * Windows-1252, the encoding Swedish Excel saves CSV in.
 */
import Papa from 'papaparse';
import { classifyPosition } from './crs';
import { decodeText } from './detect-format';
import { formatCount, ImportError, objectLabel, type Problems } from './errors';
import type { ImportLimits, SourceData, SourceFeature } from './types';

const LON = ['lon', 'lng', 'long', 'longitude', 'longitud', 'längdgrad'];
const LAT = ['lat', 'latitude', 'latitud', 'breddgrad'];
const EAST = ['e', 'east', 'easting', 'öst', 'ost', 'östlig', 'östkoordinat', 'ostkoordinat', 'sweref99e', 'swerefe'];
const NORTH = [
	'n',
	'north',
	'northing',
	'norr',
	'nord',
	'nordlig',
	'norrkoordinat',
	'nordkoordinat',
	'sweref99n',
	'swerefn'
];

/** What a header cell says, without case, units in parentheses, spaces and punctuation. */
function normalise(header: string): string {
	return header
		.toLowerCase()
		.replace(/\(.*?\)|\[.*?\]/g, '')
		.replace(/[^a-zåäö0-9]/g, '');
}

/**
 * The points of a CSV file, [east or lon, north or lat] in the file's units. Throws `ImportError`
 * 422 when no pair of coordinate columns is found, 413 for too many rows.
 *
 * @example
 * readCsv(new TextEncoder().encode('namn;lat;lon\nHusby;59,4098;17,9262'), limits, problems).features[0].geometry;
 * // { type: 'Point', coordinates: [17.9262, 59.4098] }
 */
export function readCsv(bytes: Uint8Array, limits: ImportLimits, problems: Problems): SourceData {
	const { text, encoding, fallback } = decodeText(bytes);
	if (fallback)
		problems.warning(
			null,
			`Filen är inte UTF-8; den lästes som ${encoding} (som Excel sparar CSV). Kontrollera å, ä och ö.`
		);
	const firstLine = text.slice(0, text.search(/\r?\n|$/));
	const delimiter = chooseDelimiter(firstLine);
	const decimalComma = delimiter !== ',';

	const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' });
	const [header, ...rows] = parsed.data;
	if (!header || rows.length === 0) {
		throw new ImportError('not-geodata', 'CSV-filen har ingen rad med data under rubrikraden.');
	}
	if (rows.length > limits.maxFeatures) {
		throw new ImportError(
			'too-large',
			`CSV-filen har ${formatCount(rows.length)} rader; högst ${formatCount(limits.maxFeatures)} tas emot i en import.`
		);
	}
	const names = uniqueNames(header);
	for (const error of parsed.errors) {
		const n = typeof error.row === 'number' ? error.row : null; // data index incl. header = row number - 1
		if (error.code === 'UndetectableDelimiter') continue;
		const where = n === null ? 'CSV-filen' : n === 0 ? 'Rubrikraden' : `${objectLabel(n)} (rad ${n + 1})`;
		problems.error(
			n === 0 ? null : n,
			`${where}: ${error.code === 'MissingQuotes' ? 'ett citattecken stängs aldrig' : error.message}.`
		);
	}

	const columns = findColumns(names, rows, decimalComma);
	if (!columns) {
		throw new ImportError(
			'not-geodata',
			`CSV-filen saknar koordinatkolumner: väntade lon och lat, E och N (SWEREF 99) eller x och y. Kolumnerna är: ${names
				.slice(0, 12)
				.map((n) => `"${n}"`)
				.join(', ')}.`
		);
	}
	if (columns.warning) problems.warning(null, columns.warning);

	const features = rows.map((row, i): SourceFeature => {
		const n = i + 1;
		if (row.length !== names.length) {
			problems.warning(
				n,
				`${objectLabel(n)} (rad ${n + 1}) har ${row.length} fält men rubrikraden har ${names.length}.`
			);
		}
		const properties: Record<string, unknown> = {};
		names.forEach((name, c) => {
			// defineProperty: a column named "__proto__" becomes an own key (and is then dropped
			// with a warning) instead of setting the object's prototype.
			if (c !== columns.x && c !== columns.y) {
				Object.defineProperty(properties, name, {
					value: row[c] ?? '',
					enumerable: true,
					writable: true,
					configurable: true
				});
			}
		});
		const read = (c: number) => {
			const raw = row[c];
			const value = parseNumber(raw ?? '', decimalComma);
			if (value === null) {
				const what =
					raw === undefined || raw.trim() === '' ? 'saknar värde' : `har värdet "${raw}", som inte är ett tal`;
				problems.error(n, `${objectLabel(n)} (rad ${n + 1}): kolumnen "${names[c]}" ${what}.`);
			}
			return value;
		};
		const x = read(columns.x);
		const y = read(columns.y);
		if (x === null || y === null) return { geometry: null, properties, rejected: true };
		return { geometry: { type: 'Point', coordinates: [x, y] }, properties };
	});
	return { format: 'csv', declaredCrs: null, features, coordinateNote: columns.note };
}

/** The delimiter the header line uses most, outside quotes; a comma when it has none. */
function chooseDelimiter(line: string): string {
	const counts = new Map<string, number>([
		[';', 0],
		[',', 0],
		['\t', 0]
	]);
	let quoted = false;
	for (const ch of line) {
		if (ch === '"') quoted = !quoted;
		else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
	}
	let best = ',';
	let most = 0;
	for (const [ch, count] of counts) {
		if (count > most) [best, most] = [ch, count];
	}
	return best;
}

function uniqueNames(header: readonly string[]): string[] {
	const seen = new Map<string, number>();
	return header.map((raw, i) => {
		const name = raw.trim() || `kolumn ${i + 1}`;
		const times = (seen.get(name) ?? 0) + 1;
		seen.set(name, times);
		return times === 1 ? name : `${name} (${times})`;
	});
}

/**
 * A number as Swedish files write them: "59.4", "59,4" (decimal comma), "6 580 822" (spaces as
 * thousands separators). Null for anything else, NaN and Infinity included.
 */
export function parseNumber(raw: string, decimalComma: boolean): number | null {
	let s = raw.trim();
	if (/^[-+−]?\d{1,3}([ \u00a0\u202f]\d{3})+([.,]\d+)?$/.test(s)) s = s.replace(/[ \u00a0\u202f]/g, '');
	s = s.replace(/^−/, '-');
	if (decimalComma && /^[-+]?\d*,\d+$/.test(s)) s = s.replace(',', '.');
	if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
	const value = Number(s);
	return Number.isFinite(value) ? value : null;
}

interface Columns {
	/** Column index of east/lon, north/lat. */
	x: number;
	y: number;
	note: string;
	warning?: string;
}

function findColumns(names: readonly string[], rows: readonly string[][], decimalComma: boolean): Columns | null {
	const keys = names.map(normalise);
	const find = (candidates: readonly string[]) => keys.findIndex((k) => candidates.includes(k));
	const quote = (c: number) => `"${names[c]}"`;

	const lon = find(LON);
	const lat = find(LAT);
	if (lon >= 0 && lat >= 0) return { x: lon, y: lat, note: `kolumnerna ${quote(lon)} och ${quote(lat)}` };

	const east = find(EAST);
	const north = find(NORTH);
	const x = keys.indexOf('x');
	const y = keys.indexOf('y');
	const pair =
		east >= 0 && north >= 0
			? { a: east, b: north, named: true }
			: x >= 0 && y >= 0
				? { a: x, b: y, named: false }
				: null;
	if (!pair) return null;

	// Which of the two holds northings: decided by the values, row by row, majority wins.
	let swapped = 0;
	let lonlat = 0;
	let projected = 0;
	for (const row of rows) {
		const a = parseNumber(row[pair.a] ?? '', decimalComma);
		const b = parseNumber(row[pair.b] ?? '', decimalComma);
		if (a === null || b === null) continue;
		const kind = classifyPosition(a, b);
		if (kind.kind === 'lonlat') lonlat++;
		else if (kind.kind !== 'other') {
			projected++;
			if (kind.swapped) swapped++;
		}
	}
	if (!pair.named && lonlat > projected) {
		return { x: pair.a, y: pair.b, note: `kolumnerna ${quote(pair.a)} (lon) och ${quote(pair.b)} (lat)` };
	}
	if (swapped * 2 > projected) {
		const note = `kolumnerna ${quote(pair.b)} (öst) och ${quote(pair.a)} (norr)`;
		return pair.named
			? {
					x: pair.b,
					y: pair.a,
					note,
					warning: `Kolumnen ${quote(pair.a)} innehåller nordkoordinater och ${quote(pair.b)} östkoordinater; de lästes så.`
				}
			: { x: pair.b, y: pair.a, note: `${note}: x är norr, som i svensk praxis` };
	}
	return { x: pair.a, y: pair.b, note: `kolumnerna ${quote(pair.a)} (öst) och ${quote(pair.b)} (norr)` };
}
