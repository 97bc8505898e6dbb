/**
 * CSV for download: RFC 4180 quoting with `;` between fields (what Swedish Excel splits on when it
 * opens a file), UTF-8 with BOM so spreadsheet programs read å, ä and ö. Numbers get a decimal
 * comma where the table is written for people (`decimalComma`); see table-export.ts, which also
 * writes each table as .xlsx.
 * Every cell passes `neutraliseFormula`: names in imported layers, usernames and notes are user
 * input, and a spreadsheet must never run them as formulas. Every CSV the app writes (the
 * exports, the analysis tables, the audit log) goes through `csvLine`.
 */
export type Cell = string | number | boolean | null | undefined;

/** What makes a spreadsheet read a field as a formula (OWASP's list: = + - @ tab CR). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * A separator of either dialect followed by a formula start. Swedish Excel splits a file on `;`
 * whatever our quotes say when it guesses the format, so `x;=1+1` becomes a cell `=1+1`; a cell
 * that holds `,=` is the same danger for a comma reader.
 */
const FORMULA_AFTER_SEPARATOR = /([;,])(?=[=+\-@\t\r])/g;

/**
 * Text a spreadsheet cannot run, split on `,` or `;` or not: a `'` before a formula start at the
 * beginning and after every separator (the `'` shows as text, the rest is kept).
 *
 * @example
 * neutraliseFormula('=1+1'); // "'=1+1"
 * neutraliseFormula('x;=1+1'); // "x;'=1+1"
 */
export function neutraliseFormula(text: string): string {
	const start = FORMULA_START.test(text) ? `'${text}` : text;
	return start.replace(FORMULA_AFTER_SEPARATOR, "$1'");
}

export interface CsvOptions {
	/** Write 2,5 instead of 2.5 (Swedish-facing tables). */
	decimalComma?: boolean;
}

/** The field separator of every CSV the app writes. */
export const SEPARATOR = ';';

function cell(value: Cell, options: CsvOptions): string {
	if (value === null || value === undefined) return '';
	// Numbers are written by us (a -3 is a number, not a formula); everything else is neutralised.
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return '';
		return options.decimalComma ? String(value).replace('.', ',') : String(value);
	}
	const text = neutraliseFormula(String(value));
	// Quoted also for `;`, so a reader that honours quotes keeps the cell whole in either dialect.
	return /[",;\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of CSV, with its line break. */
export function csvLine(row: readonly Cell[], options: CsvOptions = {}): string {
	return `${row.map((value) => cell(value, options)).join(SEPARATOR)}\r\n`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], options: CsvOptions = {}): string {
	return `\uFEFF${[header, ...rows].map((row) => csvLine(row, options)).join('')}`;
}

/**
 * The same CSV as toCsv, as a stream written one batch of rows at a time: an export of many rows
 * never has to be held whole in memory, and each batch is read only when the client wants more.
 */
export function csvStream(
	header: readonly string[],
	batches: Iterator<readonly (readonly Cell[])[]> | AsyncIterator<readonly (readonly Cell[])[]>
): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
		},
		async pull(controller) {
			const next = await batches.next();
			if (next.done) return controller.close();
			controller.enqueue(encoder.encode(next.value.map((row) => csvLine(row)).join('')));
		},
		async cancel() {
			await batches.return?.(undefined);
		}
	});
}

/** A CSV download response. */
export function csvResponse(filename: string, body: string | ReadableStream<Uint8Array>): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
}
