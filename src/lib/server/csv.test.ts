import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { auditCsv } from './auth/audit-csv';
import { AuditLog } from './auth/audit-log';
import { csvStream, neutraliseFormula, toCsv } from './csv';
import { openDatabase } from './db/database';
import { sqliteDatabase } from './db/app-database';

/** Cells as a spreadsheet would split them with `delimiter`, honouring quotes or not. */
function fields(csv: string, delimiter: ',' | ';', quotes: boolean): string[] {
	const text = csv.replace(/^\uFEFF/, '');
	if (!quotes) return text.split(/\r\n/).flatMap((line) => line.split(delimiter));
	return (Papa.parse<string[]>(text, { delimiter }).data as string[][]).flat();
}

const startsFormula = (field: string) => /^[=+\-@\t\r]/.test(field);

const HOSTILE = ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=1', '\r=1', 'x;=1+1', 'x,=1+1', 'a;b;+c', 'Kista C;@HYPERLINK("http://x")', 'ok;-1,=2'];

describe('CSV cells', () => {
	it('a cell starting with = + - @ tab or CR gets a leading apostrophe', () => {
		expect(['=1+1', '+1', '-1', '@a', '\t1', '\r1'].map(neutraliseFormula)).toEqual(["'=1+1", "'+1", "'-1", "'@a", "'\t1", "'\r1"]);
	});

	it('a separator of either dialect followed by a formula start gets an apostrophe after it', () => {
		expect(neutraliseFormula('x;=1+1')).toBe("x;'=1+1");
		expect(neutraliseFormula('x,=1+1')).toBe("x,'=1+1");
		expect(neutraliseFormula('Husby; Akalla, Kista')).toBe('Husby; Akalla, Kista');
	});

	for (const delimiter of [',', ';'] as const) {
		for (const quotes of [true, false]) {
			it(`no field starts a formula when the file is split on "${delimiter}" ${quotes ? 'honouring' : 'ignoring'} quotes`, () => {
				const csv = toCsv(['namn', 'anteckning'], HOSTILE.map((h) => [h, `före ${h}`]));
				const bad = fields(csv, delimiter, quotes).filter(startsFormula);
				expect(bad).toEqual([]);
			});
		}
	}

	it('a cell with ; is quoted, so a reader that honours quotes keeps it whole in both dialects', () => {
		const csv = toCsv(['a'], [['Husby; Akalla']]);
		expect(csv).toContain('"Husby; Akalla"');
		expect(Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ';' }).data[1]).toEqual(['Husby; Akalla']);
	});

	it('numbers are written as numbers, negative ones included', () => {
		expect(toCsv(['x'], [[-3.5], [Number.NaN]])).toBe('\uFEFFx\r\n-3.5\r\n\r\n');
	});

	it('fields are separated by ; (Swedish Excel) and a Swedish-facing table gets a decimal comma', () => {
		expect(toCsv(['namn', 'andel'], [['Husby', 0.25]])).toBe('\uFEFFnamn;andel\r\nHusby;0.25\r\n');
		expect(toCsv(['namn', 'andel'], [['Husby', 0.25], ['Kista, Akalla', -1]], { decimalComma: true })).toBe('\uFEFFnamn;andel\r\nHusby;0,25\r\n"Kista, Akalla";-1\r\n');
	});

	it('the streamed CSV neutralises the same way', async () => {
		const stream = csvStream(['a'], [[['x;=1+1']]][Symbol.iterator]());
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
		expect(text).toBe('\uFEFFa\r\n"x;\'=1+1"\r\n');
	});

	it('the audit log CSV neutralises a hostile username in both dialects', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'lageskarta-csv-'));
		const db = openDatabase(dir);
		try {
			const log = new AuditLog(sqliteDatabase(db));
			await log.record({ action: 'login-failed', who: { username: 'x;=HYPERLINK("http://a")' }, outcome: 'refused', ip: '10.0.0.1', detail: { reason: 'unknown-user' } });
			const csv = await new Response(auditCsv(log, {})).text();
			for (const delimiter of [',', ';'] as const) {
				for (const quotes of [true, false]) expect(fields(csv, delimiter, quotes).filter(startsFormula)).toEqual([]);
			}
			expect(csv).toContain("x;'=HYPERLINK");
		} finally {
			db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
