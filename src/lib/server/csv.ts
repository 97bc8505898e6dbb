/**
 * CSV for download (RFC 4180, UTF-8 with BOM so spreadsheet programs read å, ä and ö).
 * Cells that start with = + - @ are prefixed with ' so a spreadsheet does not run them as
 * formulas (names in imported layers are user input).
 */
export type Cell = string | number | boolean | null | undefined;

function cell(value: Cell): string {
	if (value === null || value === undefined) return '';
	let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
	if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`;
	return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line of CSV, with its line break. */
export function csvLine(row: readonly Cell[]): string {
	return `${row.map(cell).join(',')}\r\n`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
	return `\uFEFF${[header, ...rows].map(csvLine).join('')}`;
}

/**
 * The same CSV as toCsv, as a stream written one batch of rows at a time: an export of many rows
 * never has to be held whole in memory, and each batch is read only when the client wants more.
 */
export function csvStream(header: readonly string[], batches: Iterator<readonly (readonly Cell[])[]>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
		},
		pull(controller) {
			const next = batches.next();
			if (next.done) return controller.close();
			controller.enqueue(encoder.encode(next.value.map(csvLine).join('')));
		},
		cancel() {
			batches.return?.(undefined);
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
