import { unzipSync, strFromU8 } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { tableCsv, toXlsx, type Table } from './table-export';

const table: Table = {
	sheet: 'Åtgärder',
	columns: [
		{ key: 'rubrik', header: 'Rubrik' },
		{ key: 'klart_senast', header: 'Klart senast', kind: 'date' },
		{ key: 'ändrad', header: 'Ändrad (svensk tid)', kind: 'datetime' },
		{ key: 'andel', header: 'Andel', kind: 'number', format: '0.0%' },
		{ key: 'antal', header: 'Antal', kind: 'number' },
		{ key: 'försenad', header: 'Försenad', kind: 'yesno' }
	],
	rows: [
		['Belysning vid Husby gård', '2026-03-31', '2026-12-02T18:44:00.000Z', 0.125, 3, true],
		['=HYPERLINK("http://x")', '2026-07-01', '2026-07-01T10:00:00.000Z', -2.5, null, false]
	]
};

describe('tables as .xlsx', () => {
	it('a sheet read back has Swedish headers, numbers as numbers, dates as dates and text as text', async () => {
		const [sheet] = await readXlsxFile(Buffer.from(await toXlsx([table])));
		expect(sheet!.sheet).toBe('Åtgärder');
		expect(sheet!.data[0]).toEqual(['Rubrik', 'Klart senast', 'Ändrad (svensk tid)', 'Andel', 'Antal', 'Försenad']);
		const [title, due, changed, share, count, late] = sheet!.data[1]!;
		expect(title).toBe('Belysning vid Husby gård');
		expect(due).toBeInstanceOf(Date);
		expect((due as unknown as Date).toISOString()).toBe('2026-03-31T00:00:00.000Z');
		// 18:44 UTC in December is 19:44 in Stockholm (CET); a spreadsheet has no time zone.
		expect((changed as unknown as Date).toISOString()).toBe('2026-12-02T19:44:00.000Z');
		expect(share).toBe(0.125);
		expect(count).toBe(3);
		expect(late).toBe('ja');
		expect(sheet!.data[2]![3]).toBe(-2.5);
		expect(sheet!.data[2]![4]).toBeNull();
		expect(sheet!.data[2]![5]).toBe('nej');
		// Summer time: 10:00 UTC is 12:00 in Stockholm (CEST).
		expect((sheet!.data[2]![2] as unknown as Date).toISOString()).toBe('2026-07-01T12:00:00.000Z');
	});

	it('text that looks like a formula is a text cell, never a formula', async () => {
		const files = unzipSync(await toXlsx([table]));
		const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']!);
		expect(sheetXml).not.toContain('<f>');
		const [sheet] = await readXlsxFile(Buffer.from(await toXlsx([table])));
		expect(sheet!.data[2]![0]).toBe('=HYPERLINK("http://x")');
	});

	it('several tables are several sheets; characters XML cannot hold are dropped and over-long text is cut', async () => {
		const long: Table = { sheet: 'Samband: 2021/2023', columns: [{ header: 'Text' }], rows: [['a\u0001b'], ['x'.repeat(40_000)]] };
		const sheets = await readXlsxFile(Buffer.from(await toXlsx([table, long])));
		expect(sheets.map((s) => s.sheet)).toEqual(['Åtgärder', 'Samband  2021 2023']);
		expect(sheets[1]!.data[1]![0]).toBe('ab');
		const cut = sheets[1]!.data[2]![0] as unknown as string;
		expect(cut.length).toBeLessThanOrEqual(32_767);
		expect(cut).toMatch(/avkortad/);
	});
});

describe('tables as CSV', () => {
	it('machine headers, ; between fields, a decimal comma when asked, ja/nej, neutralised text', () => {
		const csv = tableCsv(table, { decimalComma: true });
		expect(csv.split('\r\n')).toEqual([
			'\uFEFFrubrik;klart_senast;ändrad;andel;antal;försenad',
			'Belysning vid Husby gård;2026-03-31;2026-12-02T18:44:00.000Z;0,125;3;ja',
			`"'=HYPERLINK(""http://x"")";2026-07-01;2026-07-01T10:00:00.000Z;-2,5;;nej`,
			''
		]);
	});
});
