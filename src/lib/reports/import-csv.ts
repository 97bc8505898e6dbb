/**
 * Reports from a CSV file (issue 16, item 2): a partner's own system or the city's Tyck till
 * exports. Pure functions shared by the server (which imports) and the page (which shows the
 * fields); no I/O.
 *
 * - The bytes are decoded as UTF-8 (with or without BOM) or, when they are not valid UTF-8, as
 *   Windows-1252 (what Excel writes when it saves "CSV (semikolonavgränsad)"); which one is said.
 * - The table is read by papaparse (the parser the indicator import uses too), the separator
 *   guessed among `;`, `,` and tab. Numbers take a decimal comma or point (parseSwedishNumber).
 * - A mapping says which column is which field, by the column's name (so a preset still fits a
 *   file whose columns come in another order): category, date, time or an end date (a period),
 *   where (WGS84 lat/lon, SWEREF 99 TM north/east, or a street address), text, the source's id.
 * - Every problem is reported with its row as a spreadsheet numbers it (the header is row 1);
 *   the server stores nothing unless there are none.
 */
import Papa from 'papaparse';
import { parseSwedishNumber } from '$lib/report/indicator-csv';
import { toWgs84 } from '$lib/geo/import/crs';
import { isRealDate, type LonLat } from '$lib/inventory/fields';
import { findPersonnummer, personnummerMessage } from './personnummer';
import { MAX_PERIOD_DAYS, MAX_REPORT_TEXT } from './model';

/** The largest file taken (bytes): a year of a busy source's reports is well under this. */
export const MAX_IMPORT_BYTES = 2_000_000;
/** Rows at most: the import is one write, which holds the write lock while it runs (5 000 rows ≈ 0,5 s, docs/weekly.md). */
export const MAX_IMPORT_ROWS = 5_000;
/** Problems listed at most (a file with a wrong mapping has one per row). */
export const MAX_PROBLEMS = 200;

export type CsvEncoding = 'utf-8-bom' | 'utf-8' | 'windows-1252';
export const ENCODING_LABELS: Record<CsvEncoding, string> = {
	'utf-8-bom': 'UTF-8 med BOM',
	'utf-8': 'UTF-8',
	'windows-1252': 'Windows-1252 (Excel, västeuropeisk)'
};

/** The text of a CSV file and the encoding it was read as. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
	}
}

export interface CsvTable {
	delimiter: string;
	headers: string[];
	/** The rows after the header; row i is the spreadsheet's row i + 2. */
	rows: string[][];
}

const clean = (text: unknown) => String(text ?? '').replace(/\s+/g, ' ').trim();

/** The table, or what is wrong with it as a whole. */
export function readCsvTable(text: string): CsvTable | { problem: string } {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t'] });
	const [header, ...rows] = parsed.data;
	if (!header || rows.length === 0) return { problem: 'Filen är tom: första raden ska namnge kolumnerna och varje följande rad vara en rapport.' };
	if (rows.length > MAX_IMPORT_ROWS) return { problem: `Filen har ${rows.length} rader; högst ${MAX_IMPORT_ROWS} går att importera på en gång. Dela upp den.` };
	const headers = header.map(clean);
	const seen = new Set<string>();
	for (const name of headers) {
		if (!name) continue;
		if (seen.has(name.toLowerCase())) return { problem: `Kolumnnamnet ”${name}” finns två gånger på första raden; varje kolumn behöver ett eget namn.` };
		seen.add(name.toLowerCase());
	}
	return { delimiter: parsed.meta.delimiter, headers, rows };
}

// The mapping

export type PositionMapping = { kind: 'wgs84'; lat: string; lon: string } | { kind: 'sweref99tm'; north: string; east: string } | { kind: 'address'; address: string };

/** Which column (by its name in the first row) is which field; '' or null: none. */
export interface ImportMapping {
	category: string;
	date: string;
	time: string | null;
	/** A period's last day (the report then has no time of day). */
	endDate: string | null;
	position: PositionMapping;
	text: string;
	sourceId: string;
	/** A place name kept with the report (e.g. the address column beside coordinates). */
	placeName: string | null;
	/** The file's category values (lower case) → the app's category ids. */
	categories: Record<string, string>;
}

export const POSITION_KINDS = [
	{ id: 'wgs84', label: 'Latitud/longitud (WGS 84, grader)' },
	{ id: 'sweref99tm', label: 'Nord/öst (SWEREF 99 TM, meter)' },
	{ id: 'address', label: 'Gatuadress (matchas mot kända gatunamn)' }
] as const;

/** Column names each field is recognised by (lower case, compared without accents and spaces). */
const SYNONYMS = {
	category: ['kategori', 'category', 'arendetyp', 'typ', 'handelsetyp', 'amne', 'type'],
	date: ['datum', 'date', 'handelsedatum', 'inkom', 'inkommen', 'inkommet', 'registrerad', 'registrerat', 'skapad', 'startdatum', 'fran', 'from'],
	time: ['tid', 'klockslag', 'time', 'tidpunkt', 'kl'],
	endDate: ['slutdatum', 'till', 'tom', 'to', 'end', 'enddate'],
	lat: ['lat', 'latitud', 'latitude', 'wgs84lat', 'wgs84latitud'],
	lon: ['lon', 'lng', 'long', 'longitud', 'longitude', 'wgs84lon', 'wgs84longitud'],
	north: ['n', 'nord', 'northing', 'y', 'swerefn', 'sweref99tmn', 'koordinatn'],
	east: ['e', 'o', 'ost', 'easting', 'x', 'swerefe', 'sweref99tme', 'koordinate'],
	address: ['adress', 'address', 'gatuadress', 'gata', 'plats', 'platsadress'],
	text: ['text', 'beskrivning', 'description', 'meddelande', 'synpunkt', 'kommentar', 'fritext', 'arende'],
	sourceId: ['id', 'arendenummer', 'arendeid', 'arendenr', 'lopnummer', 'nr', 'referens', 'sourceid', 'kallid']
} as const;

const fold = (text: string) =>
	text
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]/g, '');

function findColumn(headers: readonly string[], names: readonly string[]): string | null {
	for (const name of names) {
		const hit = headers.find((h) => fold(h) === name);
		if (hit) return hit;
	}
	return null;
}

/** A first mapping from the columns' names; the user corrects it in the preview. */
export function guessMapping(headers: readonly string[]): ImportMapping {
	const col = (field: keyof typeof SYNONYMS) => findColumn(headers, SYNONYMS[field]);
	const lat = col('lat');
	const lon = col('lon');
	const north = col('north');
	const east = col('east');
	const address = col('address');
	const position: PositionMapping =
		lat && lon ? { kind: 'wgs84', lat, lon } : north && east ? { kind: 'sweref99tm', north, east } : address ? { kind: 'address', address } : { kind: 'wgs84', lat: '', lon: '' };
	return {
		category: col('category') ?? '',
		date: col('date') ?? '',
		time: col('time'),
		endDate: col('endDate'),
		position,
		text: col('text') ?? '',
		sourceId: col('sourceId') ?? '',
		placeName: position.kind === 'address' ? null : address,
		categories: {}
	};
}

/** A saved mapping, kept only where it still fits the file's columns (else the guess). */
export function fitMapping(saved: ImportMapping, headers: readonly string[]): ImportMapping {
	const guess = guessMapping(headers);
	const has = (column: string | null | undefined) => !!column && headers.includes(column);
	const keep = (column: string, fallback: string) => (has(column) ? column : fallback);
	const keepOptional = (column: string | null, fallback: string | null) => (column === null ? null : has(column) ? column : fallback);
	const p = saved.position;
	const position: PositionMapping =
		p.kind === 'wgs84' && has(p.lat) && has(p.lon)
			? p
			: p.kind === 'sweref99tm' && has(p.north) && has(p.east)
				? p
				: p.kind === 'address' && has(p.address)
					? p
					: guess.position;
	return {
		category: keep(saved.category, guess.category),
		date: keep(saved.date, guess.date),
		time: keepOptional(saved.time, guess.time),
		endDate: keepOptional(saved.endDate, guess.endDate),
		position,
		text: keep(saved.text, guess.text),
		sourceId: keep(saved.sourceId, guess.sourceId),
		placeName: keepOptional(saved.placeName, guess.placeName),
		categories: { ...saved.categories }
	};
}

// Dates and times

const MONTHS: Record<string, number> = {
	jan: 1, januari: 1, feb: 2, februari: 2, mar: 3, mars: 3, apr: 4, april: 4, maj: 5, jun: 6, juni: 6,
	jul: 7, juli: 7, aug: 8, augusti: 8, sep: 9, sept: 9, september: 9, okt: 10, oktober: 10, nov: 11, november: 11, dec: 12, december: 12
};

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A time of day as people write it: "14:30", "14.30", "9.05", "14:30:00", "1430", "kl. 14.30".
 * null: not a time.
 */
export function parseSwedishTime(text: string): string | null {
	const match = /^(?:kl\.?\s*)?(\d{1,2})(?:[:.]?(\d{2}))(?:[:.](\d{2}))?$/i.exec(text.trim());
	if (!match) return null;
	const [hours, minutes] = [Number(match[1]), Number(match[2])];
	if (hours > 23 || minutes > 59) return null;
	return `${pad(hours)}:${pad(minutes)}`;
}

function isoDate(year: number, month: number, day: number): string | null {
	const date = `${year}-${pad(month)}-${pad(day)}`;
	return year >= 1990 && year <= 2100 && isRealDate(date) ? date : null;
}

/**
 * A date, with or without a time, as Swedish files write it: "2024-03-05", "2024-03-05 14:30",
 * "2024-03-05T14:30:00", "5/3/2024" and "05.03.2024" (day first), "5 mars 2024", "5 mar 2024
 * kl. 14.30". null: not understood (and never a guess between day and month: 5/3 is 5 March).
 */
export function parseSwedishDateTime(text: string): { date: string; time: string | null } | null {
	const value = text.trim().replace(/\s+/g, ' ');
	let date: string | null = null;
	let rest = '';
	let match: RegExpExecArray | null;
	if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](.*))?$/.exec(value))) {
		date = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
		rest = match[4] ?? '';
	} else if ((match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?: (.*))?$/.exec(value))) {
		date = isoDate(Number(match[3]), Number(match[2]), Number(match[1]));
		rest = match[4] ?? '';
	} else if ((match = /^(\d{1,2})\s+([a-zåäö]+)\.?\s+(\d{4})(?:,? (.*))?$/i.exec(value))) {
		const month = MONTHS[match[2]!.toLowerCase()];
		date = month ? isoDate(Number(match[3]), month, Number(match[1])) : null;
		rest = match[4] ?? '';
	}
	if (!date) return null;
	rest = rest.replace(/(Z|[+-]\d{2}:?\d{2})$/, '').trim();
	if (!rest) return { date, time: null };
	const time = parseSwedishTime(rest);
	return time ? { date, time } : null;
}

// Where

/** Järva with a margin (WGS84): a point outside is not the weekly lägesbild's. */
export const JARVA_IMPORT_BOUNDS = { west: 17.8, south: 59.35, east: 18.02, north: 59.45 } as const;

const inJarva = ([lon, lat]: LonLat) => lon >= JARVA_IMPORT_BOUNDS.west && lon <= JARVA_IMPORT_BOUNDS.east && lat >= JARVA_IMPORT_BOUNDS.south && lat <= JARVA_IMPORT_BOUNDS.north;
const formatDegrees = (n: number) => n.toFixed(5).replace('.', ',');

/** A WGS84 position from two cells, or what is wrong (with the likely cause). */
export function positionFromWgs84(latText: string, lonText: string): LonLat | { problem: string } {
	const lat = parseSwedishNumber(latText);
	const lon = parseSwedishNumber(lonText);
	if (lat === null || lon === null) return { problem: `koordinaten ”${latText}”, ”${lonText}” är inga tal (skriv till exempel 59,4102 och 17,9271)` };
	if (Math.abs(lat) > 1000 || Math.abs(lon) > 1000) {
		return { problem: `koordinaten ${latText}, ${lonText} ser ut att vara i meter (SWEREF 99 TM), inte grader: välj ”Nord/öst (SWEREF 99 TM)” i kopplingen` };
	}
	if (inJarva([lat, lon])) return { problem: `latitud och longitud ser ut att vara omkastade (${latText}, ${lonText}): byt kolumnerna i kopplingen` };
	if (!inJarva([lon, lat])) return { problem: `platsen ${formatDegrees(lat)}, ${formatDegrees(lon)} ligger utanför Järva` };
	return [lon, lat];
}

/** A SWEREF 99 TM (EPSG:3006) position from north and east in metres, as WGS84. */
export function positionFromSweref(northText: string, eastText: string): LonLat | { problem: string } {
	const north = parseSwedishNumber(northText);
	const east = parseSwedishNumber(eastText);
	if (north === null || east === null) return { problem: `koordinaten ”${northText}”, ”${eastText}” är inga tal (skriv till exempel 6589600 och 668900)` };
	if (Math.abs(north) < 1000 && Math.abs(east) < 1000) {
		return { problem: `koordinaten ${northText}, ${eastText} ser ut att vara grader (WGS 84), inte meter: välj ”Latitud/longitud (WGS 84)” i kopplingen` };
	}
	const position = toWgs84([east, north], 'EPSG:3006');
	if (inJarva(position)) return position;
	const swapped = toWgs84([north, east], 'EPSG:3006');
	if (Number.isFinite(swapped[0]) && inJarva(swapped)) return { problem: `nord och öst ser ut att vara omkastade (${northText}, ${eastText}): byt kolumnerna i kopplingen` };
	return { problem: `platsen N ${northText}, E ${eastText} (SWEREF 99 TM) ligger utanför Järva` };
}

/** "Borgågatan 12 B, Stockholm" → "Borgågatan"; the part a street name is matched on. */
export function streetOf(address: string): string {
	const first = address.split(',')[0]!.trim();
	return first.replace(/\s+\d+\s*[a-zA-Z]?(\s*-\s*\d+\s*[a-zA-Z]?)?$/, '').trim();
}

/** The text with everything shaped like a personnummer masked (the preview shows the file back). */
export function maskPersonnummer(text: string): string {
	let masked = text;
	for (let found = findPersonnummer(masked), i = 0; found && i < 20; found = findPersonnummer(masked), i++) masked = masked.replace(found, found.replace(/\d{4}$/, 'XXXX'));
	return masked;
}

/** Compared without case, accents or spaces. */
export const streetKey = (name: string) => fold(name);

// The rows

export interface ImportRow {
	/** The row as a spreadsheet numbers it. */
	row: number;
	sourceId: string;
	category: string;
	date: string;
	time: string | null;
	endDate: string | null;
	position: LonLat;
	placeName: string | null;
	text: string;
}

export interface RowProblem {
	row: number;
	message: string;
}

export interface CategoryValue {
	value: string;
	count: number;
	/** The app's category it becomes, or null (unknown: the file cannot be imported yet). */
	category: string | null;
}

export interface ImportContext {
	/** The categories new reports may have (active ones). */
	categories: readonly { id: string; label: string }[];
	/** A street's position by name (streetKey), or null. */
	findStreet: (name: string) => { name: string; position: LonLat } | null;
}

export interface BuiltImport {
	rows: ImportRow[];
	problems: RowProblem[];
	/** More problems than listed. */
	moreProblems: number;
	categoryValues: CategoryValue[];
}

const FIELD_NAMES = { category: 'kategori', date: 'datum', text: 'text', sourceId: 'id i källan' } as const;

/** Which required fields have no column (a problem for row 1). */
export function missingColumns(mapping: ImportMapping, headers: readonly string[]): string[] {
	const has = (column: string | null | undefined) => !!column && headers.includes(column);
	const missing: string[] = [];
	for (const field of ['category', 'date', 'text', 'sourceId'] as const) if (!has(mapping[field])) missing.push(FIELD_NAMES[field]);
	const p = mapping.position;
	if (p.kind === 'wgs84' && !(has(p.lat) && has(p.lon))) missing.push('latitud och longitud');
	if (p.kind === 'sweref99tm' && !(has(p.north) && has(p.east))) missing.push('nord och öst');
	if (p.kind === 'address' && !has(p.address)) missing.push('adress');
	return missing;
}

/** The app's category a file's value becomes: the mapping's choice, else the same id or label. */
export function categoryFor(value: string, mapping: ImportMapping, categories: ImportContext['categories']): string | null {
	const chosen = mapping.categories[value.toLowerCase()];
	if (chosen && categories.some((c) => c.id === chosen)) return chosen;
	const key = fold(value);
	return categories.find((c) => fold(c.id) === key || fold(c.label) === key)?.id ?? null;
}

/** Every row read with the mapping: the reports it gives, and every problem with its row. */
export function buildImport(table: CsvTable, mapping: ImportMapping, context: ImportContext): BuiltImport {
	const index = new Map(table.headers.map((h, i) => [h, i]));
	const problems: RowProblem[] = [];
	let problemCount = 0;
	const addProblem = (row: number, message: string) => {
		problemCount++;
		if (problems.length < MAX_PROBLEMS) problems.push({ row, message });
	};
	const values = new Map<string, { value: string; count: number }>();
	const missing = missingColumns(mapping, table.headers);
	const cell = (cells: string[], column: string | null | undefined) => (column && index.has(column) ? clean(cells[index.get(column)!]) : '');

	// The category values first: the preview's table lists every one, whatever else is wrong.
	if (mapping.category && index.has(mapping.category)) {
		for (const cells of table.rows) {
			const value = cell(cells, mapping.category);
			if (!value) continue;
			const entry = values.get(value.toLowerCase()) ?? { value, count: 0 };
			entry.count++;
			values.set(value.toLowerCase(), entry);
		}
	}
	const categoryValues = [...values.values()]
		.map(({ value, count }) => ({ value, count, category: categoryFor(value, mapping, context.categories) }))
		.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'sv'));

	if (missing.length) {
		addProblem(1, `Välj vilken kolumn som är ${missing.join(', ')} (hittade kolumnerna ${table.headers.filter(Boolean).join(', ') || 'inga'}).`);
		return { rows: [], problems, moreProblems: 0, categoryValues };
	}

	const rows: ImportRow[] = [];
	const seenIds = new Map<string, number>();
	table.rows.forEach((cells, i) => {
		const row = i + 2;
		const wrong: string[] = [];

		const sourceId = cell(cells, mapping.sourceId);
		if (!sourceId) wrong.push('id i källan saknas');
		else if (sourceId.length > 100) wrong.push('id i källan är längre än 100 tecken');
		else if (seenIds.has(sourceId)) wrong.push(`samma id (${sourceId}) som rad ${seenIds.get(sourceId)}`);
		else seenIds.set(sourceId, row);

		const categoryText = cell(cells, mapping.category);
		const category = categoryText ? categoryFor(categoryText, mapping, context.categories) : null;
		if (!categoryText) wrong.push('kategori saknas');
		else if (!category) wrong.push(`okänd kategori ”${categoryText.slice(0, 60)}” (välj vad den motsvarar i tabellen över kategorier)`);

		const dateText = cell(cells, mapping.date);
		const when = dateText ? parseSwedishDateTime(dateText) : null;
		if (!dateText) wrong.push('datum saknas');
		else if (!when) wrong.push(`datumet ”${dateText.slice(0, 40)}” går inte att förstå (skriv till exempel 2024-03-05, 5/3/2024 eller 5 mars 2024)`);
		let time = when?.time ?? null;
		const timeText = cell(cells, mapping.time);
		if (timeText) {
			time = parseSwedishTime(timeText);
			if (!time) wrong.push(`tiden ”${timeText.slice(0, 20)}” går inte att förstå (skriv till exempel 14:30 eller 14.30)`);
		}
		let endDate: string | null = null;
		const endText = cell(cells, mapping.endDate);
		if (endText) {
			endDate = parseSwedishDateTime(endText)?.date ?? null;
			if (!endDate) wrong.push(`slutdatumet ”${endText.slice(0, 40)}” går inte att förstå`);
			else if (when && endDate < when.date) wrong.push('perioden slutar före den börjar');
			else if (when && (Date.parse(endDate) - Date.parse(when.date)) / 86_400_000 > MAX_PERIOD_DAYS) wrong.push(`perioden är längre än ${MAX_PERIOD_DAYS} dagar`);
			if (endDate === when?.date) endDate = null;
			else time = null;
		}

		let position: LonLat | null = null;
		let placeName = cell(cells, mapping.placeName) || null;
		const p = mapping.position;
		if (p.kind === 'address') {
			const address = cell(cells, p.address);
			const street = address ? context.findStreet(streetKey(streetOf(address))) : null;
			if (!address) wrong.push('adress saknas');
			else if (!street) wrong.push(`adressen ”${address.slice(0, 80)}” hittas inte bland gatorna i Järva`);
			else {
				position = street.position;
				placeName = address;
			}
		} else {
			const [a, b] = p.kind === 'wgs84' ? [cell(cells, p.lat), cell(cells, p.lon)] : [cell(cells, p.north), cell(cells, p.east)];
			if (!a || !b) wrong.push('koordinat saknas');
			else {
				const found = p.kind === 'wgs84' ? positionFromWgs84(a, b) : positionFromSweref(a, b);
				if (Array.isArray(found)) position = found;
				else wrong.push(found.problem);
			}
		}
		if (placeName && placeName.length > 120) placeName = placeName.slice(0, 120);

		const text = cell(cells, mapping.text);
		const personnummer = findPersonnummer(`${text} ${placeName ?? ''}`);
		if (!text || text.length < 3) wrong.push('texten saknas (minst 3 tecken)');
		else if (text.length > MAX_REPORT_TEXT) wrong.push(`texten är längre än ${MAX_REPORT_TEXT} tecken`);
		if (personnummer) wrong.push(personnummerMessage(personnummer).replace(/^./, (c) => c.toLowerCase()));

		if (wrong.length) addProblem(row, `${wrong.join('; ')}.`.replace(/^./, (c) => c.toUpperCase()).replace(/\.\.$/, '.'));
		else rows.push({ row, sourceId, category: category!, date: when!.date, time, endDate, position: position!, placeName, text });
	});
	return { rows, problems, moreProblems: problemCount - problems.length, categoryValues };
}

/** What a file would give (the preview), or gave. */
export interface ImportOutcome {
	file: {
		name: string | null;
		encoding: CsvEncoding;
		encodingLabel: string;
		delimiter: string;
		rows: number;
		headers: string[];
		/** The first rows as they are in the file. */
		sample: string[][];
	};
	source: string;
	mapping: ImportMapping;
	/** Where the mapping came from: the source's saved preset, a guess from the column names, or the request. */
	mappingFrom: 'preset' | 'guess' | 'given';
	categoryValues: CategoryValue[];
	problems: RowProblem[];
	moreProblems: number;
	/** Rows that would be (or were) imported. */
	newCount: number;
	/** Rows whose source id the organisation already imported from this source. */
	alreadyImported: number;
	/** The first new rows as they would be stored. */
	preview: (ImportRow & { categoryLabel: string })[];
	/** The ISO weeks the new reports fall in (first and last), for the week page's link. */
	weeks: { first: string; last: string } | null;
	imported: boolean;
}

