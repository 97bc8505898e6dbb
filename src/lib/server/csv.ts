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

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
	const lines = [header, ...rows].map((row) => row.map(cell).join(','));
	return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A CSV download response. */
export function csvResponse(filename: string, body: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
}
