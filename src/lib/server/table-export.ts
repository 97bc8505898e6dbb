/**
 * Every table the app exports, in two files from one description (issue 13, item 9):
 *
 * - **.xlsx** for people (write-excel-file): Swedish headers, numbers as numbers, dates and times
 *   as real dates (times in Swedish time, Europe/Stockholm), text as text. A text cell in .xlsx is
 *   never a formula (only a cell of type formula is), so names and notes are written as they are;
 *   characters XML cannot hold are dropped and a cell longer than Excel's 32 767 characters is cut
 *   with a note.
 * - **.csv** for machines that Swedish Excel still opens in columns: `;` between fields, UTF-8 with
 *   BOM, every cell through the formula neutraliser (csv.ts), codes kept in their own columns
 *   beside their Swedish labels, and a decimal comma in the tables written for people (analysis,
 *   measures, findings, protocol) – not in the layer and history exports, whose coordinates and
 *   GeoJSON are read by GIS tools.
 */
import writeXlsxFile, { type Cell as XlsxCell, type SheetData } from 'write-excel-file/node';
import { stockholmWallTime } from '$lib/dates';
import { csvResponse, toCsv, type CsvOptions } from './csv';

export type TableValue = string | number | boolean | Date | null | undefined;
/**
 * What a column holds: `date` a calendar day ("2026-03-31"), `datetime` an instant (ISO text or a
 * Date, shown in Swedish time), `yesno` a boolean shown as "ja"/"nej".
 */
export type ColumnKind = 'text' | 'number' | 'date' | 'datetime' | 'yesno';

export interface TableColumn {
	/** The column's heading in the .xlsx, for people: "Klart senast". */
	header: string;
	/** The CSV heading, for machines: "klart_senast" (the header if left out). */
	key?: string;
	kind?: ColumnKind;
	/** Excel number format for a number column, e.g. "0.000" (default: as the number is). */
	format?: string;
	/** Column width in characters in the .xlsx. */
	width?: number;
}

export interface Table {
	/** The sheet's name (≤ 31 characters, no []:*?/\). */
	sheet: string;
	columns: TableColumn[];
	rows: TableValue[][];
}

export type TableFormat = 'csv' | 'xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Excel's limit for one cell's text. */
const CELL_LIMIT = 32_767;
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;


function asDate(value: TableValue): Date | null {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
	if (typeof value !== 'string' || value === '') return null;
	const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
	return Number.isNaN(date.getTime()) ? null : date;
}

function xlsxText(value: string): string {
	const text = value.replace(XML_INVALID, '');
	return text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT - 40)} … (avkortad: för lång för en cell)` : text;
}

function xlsxCell(value: TableValue, column: TableColumn): XlsxCell {
	if (value === null || value === undefined || value === '') return null;
	switch (column.kind ?? 'text') {
		case 'number': {
			const n = typeof value === 'number' ? value : Number(value);
			if (!Number.isFinite(n)) return xlsxText(String(value));
			return column.format ? { value: n, type: Number, format: column.format } : n;
		}
		case 'date': {
			const date = asDate(value);
			return date ? { value: date, type: Date, format: 'yyyy-mm-dd' } : xlsxText(String(value));
		}
		case 'datetime': {
			const date = asDate(value);
			return date ? { value: stockholmWallTime(date), type: Date, format: 'yyyy-mm-dd hh:mm' } : xlsxText(String(value));
		}
		case 'yesno':
			return value === true || value === 'ja' ? 'ja' : 'nej';
		default:
			return xlsxText(value instanceof Date ? value.toISOString() : String(value));
	}
}

function csvValue(value: TableValue, column: TableColumn): string | number | null {
	if (value === null || value === undefined) return null;
	if (column.kind === 'yesno') return value === true || value === 'ja' ? 'ja' : 'nej';
	if (value instanceof Date) return column.kind === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
	if (typeof value === 'boolean') return value ? 'ja' : 'nej';
	return value;
}

/** The tables as an .xlsx workbook, one sheet each, the header row bold and kept in view. */
export async function toXlsx(tables: readonly Table[]): Promise<Uint8Array> {
	const sheets = tables.map((table) => {
		const data: SheetData = [
			table.columns.map((c) => ({ value: c.header, fontWeight: 'bold' as const })),
			...table.rows.map((row) => table.columns.map((column, i) => xlsxCell(row[i], column)))
		];
		return {
			data,
			sheet: table.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31),
			stickyRowsCount: 1,
			columns: table.columns.map((c) => ({ width: c.width ?? Math.min(40, Math.max(10, c.header.length + 2)) }))
		};
	});
	const buffer = await writeXlsxFile(sheets).toBuffer();
	return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** One table as CSV text (BOM, `;`, neutralised cells; decimal comma when asked). */
export function tableCsv(table: Table, options: CsvOptions = {}): string {
	return toCsv(
		table.columns.map((c) => c.key ?? c.header),
		table.rows.map((row) => table.columns.map((column, i) => csvValue(row[i], column))),
		options
	);
}

/** An .xlsx download response. */
export function xlsxResponse(filename: string, body: Uint8Array): Response {
	return new Response(body as BodyInit, {
		headers: {
			'content-type': XLSX_TYPE,
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
}

/**
 * The download for `format`: `name.xlsx` with every table as a sheet, or `name.csv` with the
 * first (CSV has one table per file; a route with several picks it with its own parameter).
 */
export async function tableResponse(format: TableFormat, name: string, tables: readonly Table[], options: CsvOptions = {}): Promise<Response> {
	if (format === 'xlsx') return xlsxResponse(`${name}.xlsx`, await toXlsx(tables));
	return csvResponse(`${name}.csv`, tableCsv(tables[0]!, options));
}

/** A Swedish-facing table's CSV: decimal comma. */
export const SWEDISH: CsvOptions = { decimalComma: true };
