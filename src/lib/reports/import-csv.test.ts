import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REPORT_CATEGORIES } from './categories';
import {
	buildImport,
	decodeCsv,
	fitMapping,
	guessMapping,
	MAX_IMPORT_ROWS,
	maskPersonnummer,
	parseSwedishDateTime,
	parseSwedishTime,
	positionFromSweref,
	positionFromWgs84,
	readCsvTable,
	streetKey,
	streetOf,
	type CsvTable,
	type ImportContext
} from './import-csv';

const STREETS = new Map([[streetKey('Borgarfjordsgatan'), { name: 'Borgarfjordsgatan', position: [17.93, 59.41] as [number, number] }]]);
const context: ImportContext = { categories: DEFAULT_REPORT_CATEGORIES, findStreet: (key) => STREETS.get(key) ?? null };
const table = (text: string) => {
	const t = readCsvTable(text);
	if ('problem' in t) throw new Error(t.problem);
	return t as CsvTable;
};

describe('decoding a CSV file', () => {
	it('UTF-8 with a BOM, UTF-8 without, and Windows-1252 (Excel) are told apart and read right', () => {
		const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Ärende;Öst')]);
		expect(decodeCsv(bom)).toEqual({ text: 'Ärende;Öst', encoding: 'utf-8-bom' });
		expect(decodeCsv(new TextEncoder().encode('Ärende;Öst'))).toEqual({ text: 'Ärende;Öst', encoding: 'utf-8' });
		// Ä = 0xC4, Ö = 0xD6 in Windows-1252; not valid UTF-8
		expect(decodeCsv(new Uint8Array([0xc4, 0x72, 0x65, 0x6e, 0x64, 0x65, 0x3b, 0xd6, 0x73, 0x74]))).toEqual({ text: 'Ärende;Öst', encoding: 'windows-1252' });
	});

	it('the invented Tyck till sample reads as Windows-1252, semicolon-separated', () => {
		const { text, encoding } = decodeCsv(readFileSync('test/fixtures/reports/tyck-till-exempel.csv'));
		expect(encoding).toBe('windows-1252');
		const t = table(text);
		expect(t.delimiter).toBe(';');
		expect(t.headers).toEqual(['Ärendenummer', 'Inkommet', 'Ärendetyp', 'Beskrivning', 'Adress', 'Nord', 'Öst']);
		expect(t.rows).toHaveLength(8);
	});

	it('a file with more rows than one import takes is refused as a whole, saying how to split it', () => {
		const text = `id;datum\n${Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `${i};2026-11-16`).join('\n')}`;
		expect(readCsvTable(text)).toEqual({ problem: `Filen har ${MAX_IMPORT_ROWS + 1} rader; högst ${MAX_IMPORT_ROWS} går att importera på en gång. Dela upp den.` });
	});

	it('an empty file and a file with a column named twice are refused as a whole', () => {
		expect(readCsvTable('a;b\n')).toEqual({ problem: expect.stringMatching(/tom/) });
		expect(readCsvTable('Id;id\n1;2\n')).toEqual({ problem: expect.stringMatching(/två gånger/) });
	});
});

describe('Swedish dates and times', () => {
	it.each([
		['2024-03-05', { date: '2024-03-05', time: null }],
		['2024-03-05 14:30', { date: '2024-03-05', time: '14:30' }],
		['2024-03-05T14:30:00', { date: '2024-03-05', time: '14:30' }],
		['2024-03-05T14:30:00Z', { date: '2024-03-05', time: '14:30' }],
		['5/3/2024', { date: '2024-03-05', time: null }],
		['05/03/2024 14.30', { date: '2024-03-05', time: '14:30' }],
		['5.3.2024', { date: '2024-03-05', time: null }],
		['5 mars 2024', { date: '2024-03-05', time: null }],
		['5 mar 2024 kl. 9.05', { date: '2024-03-05', time: '09:05' }],
		['18 nov 2026 kl. 21.15', { date: '2026-11-18', time: '21:15' }],
		['20 November 2026', { date: '2026-11-20', time: null }]
	])('%s', (text, expected) => expect(parseSwedishDateTime(text)).toEqual(expected));

	it.each(['31/2/2024', '2024-13-01', '5 marts 2024', 'igår', '2024-03-05 25:00', '3/5', '05-03-2024x', ''])('%s is not understood (never guessed)', (text) =>
		expect(parseSwedishDateTime(text)).toBeNull()
	);

	it('times as people write them', () => {
		expect(['14:30', '14.30', '9.05', '14:30:00', '1430', 'kl. 14.30', 'kl 7:00'].map(parseSwedishTime)).toEqual(['14:30', '14:30', '09:05', '14:30', '14:30', '14:30', '07:00']);
		expect(['24:00', '12:60', 'lunch', '1'].map(parseSwedishTime)).toEqual([null, null, null, null]);
	});
});

describe('where a report is', () => {
	it('WGS84 with a decimal comma or point, in Järva', () => {
		expect(positionFromWgs84('59,4098', '17,9282')).toEqual([17.9282, 59.4098]);
		expect(positionFromWgs84('59.4098', '17.9282')).toEqual([17.9282, 59.4098]);
	});

	it('says what was probably wrong: swapped, metres instead of degrees, outside Järva', () => {
		expect(positionFromWgs84('17,9282', '59,4098')).toEqual({ problem: expect.stringMatching(/omkastade/) });
		expect(positionFromWgs84('6589341,9', '666193,7')).toEqual({ problem: expect.stringMatching(/SWEREF 99 TM/) });
		expect(positionFromWgs84('59,3293', '18,0686')).toEqual({ problem: expect.stringMatching(/utanför Järva/) });
		expect(positionFromWgs84('norr', '17,9')).toEqual({ problem: expect.stringMatching(/inga tal/) });
	});

	it('SWEREF 99 TM (EPSG:3006) north/east to WGS84 within a few centimetres', () => {
		const position = positionFromSweref('6589341,9', '666193,7');
		expect(Array.isArray(position)).toBe(true);
		const [lon, lat] = position as [number, number];
		// 1e-6 degrees ≈ 0.1 m
		expect(lon).toBeCloseTo(17.9282, 5);
		expect(lat).toBeCloseTo(59.4098, 5);
		expect(positionFromSweref('666193,7', '6589341,9')).toEqual({ problem: expect.stringMatching(/omkastade/) });
		expect(positionFromSweref('59,4098', '17,9282')).toEqual({ problem: expect.stringMatching(/grader/) });
		expect(positionFromSweref('6580743', '674571,9')).toEqual({ problem: expect.stringMatching(/utanför Järva/) });
	});

	it('a street address is matched on its street name, without number, case or accents', () => {
		expect(streetOf('Borgarfjordsgatan 12 B, 164 40 Kista')).toBe('Borgarfjordsgatan');
		expect(streetOf('Borgarfjordsgatan 12-14')).toBe('Borgarfjordsgatan');
		expect(streetOf('Kista Alléväg')).toBe('Kista Alléväg');
		expect(streetKey('BORGARFJORDSGATAN')).toBe(streetKey('Borgarfjordsgatan'));
		const t = table('id;datum;kategori;text;adress\n1;2026-11-16;Klotter;Klotter på väggen;borgarfjordsgatan 3\n2;2026-11-16;Klotter;Klotter på väggen;Drottninggatan 1\n');
		const built = buildImport(t, guessMapping(t.headers), context);
		expect(built.rows).toEqual([expect.objectContaining({ row: 2, position: [17.93, 59.41], placeName: 'borgarfjordsgatan 3' })]);
		expect(built.problems).toEqual([{ row: 3, message: expect.stringMatching(/adressen ”Drottninggatan 1” hittas inte bland gatorna i Järva/i) }]);
	});
});

describe('mapping and rows', () => {
	it('guesses the Tyck till sample’s columns from their names', () => {
		const mapping = guessMapping(['Ärendenummer', 'Inkommet', 'Ärendetyp', 'Beskrivning', 'Adress', 'Nord', 'Öst']);
		expect(mapping).toEqual({
			category: 'Ärendetyp',
			date: 'Inkommet',
			time: null,
			endDate: null,
			position: { kind: 'sweref99tm', north: 'Nord', east: 'Öst' },
			text: 'Beskrivning',
			sourceId: 'Ärendenummer',
			placeName: 'Adress',
			categories: {}
		});
	});

	it('a saved preset is kept where it fits the file, the guess where a column is gone', () => {
		const saved = { ...guessMapping(['nr', 'datum', 'typ', 'text', 'lat', 'lon']), categories: { belysning: 'trasig-belysning' } };
		const fitted = fitMapping(saved, ['nr', 'datum', 'typ', 'text', 'N', 'E']);
		expect(fitted.position).toEqual({ kind: 'sweref99tm', north: 'N', east: 'E' });
		expect(fitted.categories).toEqual({ belysning: 'trasig-belysning' });
		expect(fitted.sourceId).toBe('nr');
	});

	it('every problem with its row; unknown categories listed for the mapping table and then mapped', () => {
		const { text } = decodeCsv(readFileSync('test/fixtures/reports/tyck-till-exempel.csv'));
		const t = table(text);
		const mapping = guessMapping(t.headers);
		const first = buildImport(t, mapping, context);
		expect(first.categoryValues).toEqual([
			{ value: 'Belysning', count: 2, category: null },
			{ value: 'Klotter', count: 2, category: 'klotter' },
			{ value: 'Nedskräpning', count: 2, category: 'nedskrapning' },
			{ value: 'Park - skräp', count: 1, category: null },
			{ value: 'Skadegörelse', count: 1, category: 'skadegorelse' }
		]);
		expect(first.problems.map((p) => p.row)).toEqual([4, 6, 7]);
		expect(first.problems[0]!.message).toMatch(/^Okänd kategori ”Belysning”/);
		const mapped = buildImport(t, { ...mapping, categories: { belysning: 'trasig-belysning', 'park - skräp': 'nedskrapning' } }, context);
		expect(mapped.problems).toEqual([]);
		expect(mapped.rows).toHaveLength(8);
		expect(mapped.rows[2]).toMatchObject({ row: 4, sourceId: 'TT-2026-104530', category: 'trasig-belysning', date: '2026-11-18', time: '21:15', placeName: 'Hjulstavägen 20' });
		expect(mapped.rows[6]).toMatchObject({ date: '2026-11-20', time: null });
	});

	it('the bad sample: a problem on each bad row, in Swedish, the personnummer masked', () => {
		const { text, encoding } = decodeCsv(readFileSync('test/fixtures/reports/tyck-till-fel.csv'));
		expect(encoding).toBe('utf-8-bom');
		const t = table(text);
		const built = buildImport(t, guessMapping(t.headers), context);
		expect(built.problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7]);
		const [date, category, outside, personnummer, swapped] = built.problems.map((p) => p.message);
		expect(date).toMatch(/datumet ”31\/2\/2026” går inte att förstå/i);
		expect(category).toMatch(/okänd kategori ”Vattenläcka”/i);
		expect(outside).toMatch(/utanför Järva/);
		expect(personnummer).toMatch(/personnummer \(850709-XXXX\)/);
		expect(personnummer).not.toMatch(/1234/);
		expect(swapped).toMatch(/nord och öst ser ut att vara omkastade/i);
	});

	it('a personnummer is masked wherever the file is shown back', () => {
		expect(maskPersonnummer('Anmälare 850709-1234 och 19850709 1234 såg')).toBe('Anmälare 850709-XXXX och 19850709 XXXX såg');
		expect(maskPersonnummer('Ring 112')).toBe('Ring 112');
	});

	it('a missing column, a repeated id, a period', () => {
		const t = table('id;datum;slut;kategori;text;lat;lon\n1;2026-11-16;2026-11-18;Klotter;Klotter igen;59,41;17,93\n1;2026-11-16;;Klotter;Klotter igen;59,41;17,93\n2;2026-11-16;2026-11-01;Klotter;Klotter igen;59,41;17,93\n');
		const mapping = { ...guessMapping(t.headers), endDate: 'slut' };
		const built = buildImport(t, mapping, context);
		expect(built.rows).toEqual([expect.objectContaining({ row: 2, date: '2026-11-16', endDate: '2026-11-18', time: null })]);
		expect(built.problems).toEqual([
			{ row: 3, message: expect.stringMatching(/samma id \(1\) som rad 2/i) },
			{ row: 4, message: expect.stringMatching(/perioden slutar före den börjar/i) }
		]);
		expect(buildImport(t, { ...mapping, text: '' }, context).problems).toEqual([{ row: 1, message: expect.stringMatching(/Välj vilken kolumn som är text/) }]);
	});
});
