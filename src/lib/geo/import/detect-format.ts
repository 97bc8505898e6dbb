/**
 * Which reader a file goes to: its content decides what it is, its extension what the user meant.
 * When the two disagree (a zip named .geojson) or the content is something else entirely (an .exe,
 * a PDF, an Excel workbook) the file is refused with 415 and a message saying what was found.
 */
import { ImportError } from './errors';
import type { ImportFormat } from './types';

const EXTENSIONS: Readonly<Record<string, ImportFormat>> = {
	geojson: 'geojson',
	json: 'geojson',
	zip: 'shapefile',
	csv: 'csv'
};

/** What to say about extensions people try that we don't read. */
const KNOWN_OTHER: Readonly<Record<string, string>> = {
	shp: 'en lös .shp-fil räcker inte: packa .shp, .dbf och .prj (och gärna .shx, .cpg) i en zip-fil',
	dbf: 'en lös .dbf-fil räcker inte: packa .shp, .dbf och .prj i en zip-fil',
	kml: 'KML stöds inte; spara som GeoJSON',
	kmz: 'KMZ stöds inte; spara som GeoJSON',
	gpx: 'GPX stöds inte; spara som GeoJSON',
	gpkg: 'GeoPackage stöds inte; spara lagret som GeoJSON eller Shapefile',
	xlsx: 'Excel-filer stöds inte; spara bladet som CSV',
	xls: 'Excel-filer stöds inte; spara bladet som CSV',
	txt: 'spara filen med ändelsen .csv om den är en CSV-fil'
};

const ACCEPTED = 'Välj en .geojson- eller .json-fil, en zip-fil med en Shapefile eller en .csv-fil.';

/** What the first bytes say the content is. */
type Content = { kind: 'zip' } | { kind: 'json' } | { kind: 'text' } | { kind: 'other'; what: string };

/**
 * The format to read `bytes` as, given the file's name. Throws `ImportError` 415 when the
 * extension is not one we read or the content does not match it.
 *
 * @example
 * detectFormat('stadsdelar.geojson', bytes); // 'geojson'
 */
export function detectFormat(name: string, bytes: Uint8Array): ImportFormat {
	const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
	const content = sniff(bytes);
	const described = describe(content);
	const expected = EXTENSIONS[extension];

	if (!expected && extension) {
		const hint = KNOWN_OTHER[extension];
		throw new ImportError(
			'unsupported-format',
			`Filändelsen .${extension} stöds inte${hint ? ` (${hint})` : ''}. Innehållet ser ut som ${described}. ${ACCEPTED}`
		);
	}
	const actual = fromContent(content);
	if (!actual) {
		throw new ImportError(
			'unsupported-format',
			`Filen "${name}" är ${described}, inte GeoJSON, Shapefile (zip) eller CSV. ${ACCEPTED}`
		);
	}
	if (expected && expected !== actual) {
		throw new ImportError(
			'unsupported-format',
			`Filen heter "${name}" men innehållet är ${described}. Byt filändelse till .${preferredExtension(actual)} eller välj rätt fil.`
		);
	}
	return actual;
}

function fromContent(content: Content): ImportFormat | null {
	if (content.kind === 'zip') return 'shapefile';
	if (content.kind === 'json') return 'geojson';
	if (content.kind === 'text') return 'csv';
	return null;
}

function preferredExtension(format: ImportFormat): string {
	return format === 'shapefile' ? 'zip' : format;
}

function describe(content: Content): string {
	if (content.kind === 'zip') return 'en zip-fil';
	if (content.kind === 'json') return 'JSON';
	if (content.kind === 'text') return 'text (CSV)';
	return content.what;
}

const SIGNATURES: readonly { bytes: readonly number[]; what: string }[] = [
	{ bytes: [0x4d, 0x5a], what: 'ett Windows-program (MZ)' },
	{ bytes: [0x7f, 0x45, 0x4c, 0x46], what: 'ett program (ELF)' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], what: 'en PDF-fil' },
	{ bytes: [0x1f, 0x8b], what: 'en gzip-fil' },
	{ bytes: [0x37, 0x7a, 0xbc, 0xaf], what: 'en 7z-fil' },
	{ bytes: [0x52, 0x61, 0x72, 0x21], what: 'en RAR-fil' },
	{ bytes: [0x89, 0x50, 0x4e, 0x47], what: 'en PNG-bild' },
	{ bytes: [0xff, 0xd8, 0xff], what: 'en JPEG-bild' },
	{ bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'en gammal Office-fil (t.ex. .xls)' },
	{ bytes: [0x00, 0x00, 0x27, 0x0a], what: 'en lös .shp-fil (packa .shp, .dbf och .prj i en zip-fil)' },
	{ bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'en SQLite-databas (t.ex. GeoPackage)' }
];

function sniff(bytes: Uint8Array): Content {
	const starts = (sig: readonly number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
	// Local file header, or the end record of an empty archive.
	if (starts([0x50, 0x4b, 0x03, 0x04]) || starts([0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
	for (const sig of SIGNATURES) if (starts(sig.bytes)) return { kind: 'other', what: sig.what };

	// UTF-16 (Excel's "Unicode text") has every other byte zero: look at the meaningful ones.
	const utf16le = starts([0xff, 0xfe]);
	const utf16be = starts([0xfe, 0xff]);
	const step = utf16le || utf16be ? 2 : 1;
	const start = starts([0xef, 0xbb, 0xbf]) ? 3 : step === 2 ? 2 + (utf16be ? 1 : 0) : 0;
	const end = Math.min(bytes.length, 8192);
	if (step === 1 && bytes.subarray(0, end).includes(0)) return { kind: 'other', what: 'binärdata (inte text)' };
	for (let i = start; i < end; i += step) {
		const b = bytes[i];
		if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
		if (b === 0x7b || b === 0x5b) return { kind: 'json' }; // { or [
		if (b === 0x3c) return { kind: 'other', what: 'XML eller HTML (t.ex. KML eller GPX)' }; // <
		break;
	}
	return { kind: 'text' };
}

/**
 * Text of a file: UTF-8 (a BOM is dropped), UTF-16 when it starts with a BOM (Excel's "Unicode
 * text"), otherwise Windows-1252, which is what Swedish Excel writes CSV in; `fallback` says so.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string; fallback: boolean } {
	if (bytes[0] === 0xff && bytes[1] === 0xfe)
		return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'UTF-16', fallback: false };
	if (bytes[0] === 0xfe && bytes[1] === 0xff)
		return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'UTF-16', fallback: false };
	try {
		// TextDecoder drops a UTF-8 BOM by default.
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8', fallback: false };
	} catch {
		return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'Windows-1252', fallback: true };
	}
}
