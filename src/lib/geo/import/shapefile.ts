/**
 * Reads a zipped Shapefile: exactly one .shp with its .dbf; .prj for the CRS, .cpg for the text
 * encoding (without it: UTF-8 if the attributes are valid UTF-8, else Windows-1252, which older
 * Swedish Shapefiles use). Shapes and rows are parsed by shpjs (`parseShp`, `parseDbf`), but only
 * after the headers have been checked here: shpjs trusts the record counts a file declares.
 */
import { parseDbf, parseShp } from 'shpjs';
import { crsFromWkt } from './crs';
import { decodeText } from './detect-format';
import { formatBytes, formatCount, ImportError, type Problems } from './errors';
import type { ImportLimits, SourceData, SourceFeature } from './types';
import { listZip, readZipEntry, type ZipEntry } from './unzip';

/** Shape types shpjs reads: Point, PolyLine, Polygon, MultiPoint, with Z (+10) or M (+20). */
const SHAPE_TYPES = new Set([0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28]);
const POLY_TYPES = new Set([3, 5, 13, 15, 23, 25]);
const MULTIPOINT_TYPES = new Set([8, 18, 28]);

/**
 * The objects of a zipped Shapefile, in the file's coordinates. Throws `ImportError` for a zip
 * without exactly one .shp with a .dbf (422), zip bombs and files over the limits (413), and broken
 * files (400).
 *
 * @example
 * readShapefile(zipBytes, limits, problems).declaredCrs; // { code: 'EPSG:3011', from: '.prj-filen ("SWEREF99_18_00")' }
 */
export function readShapefile(bytes: Uint8Array, limits: ImportLimits, problems: Problems): SourceData {
	const entries = listZip(bytes).filter(
		(e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/') && !basename(e.name).startsWith('._')
	);
	const byExtension = (ext: string) => entries.filter((e) => e.name.toLowerCase().endsWith(`.${ext}`));
	const shps = byExtension('shp');
	const contents =
		entries
			.map((e) => e.name)
			.slice(0, 10)
			.join(', ') || 'inga filer';
	if (shps.length === 0)
		throw new ImportError('not-geodata', `Zip-filen innehåller ingen .shp-fil (den innehåller: ${contents}).`);
	if (shps.length > 1) {
		throw new ImportError(
			'not-geodata',
			`Zip-filen innehåller ${shps.length} Shapefiler (${shps.map((e) => e.name).join(', ')}); ladda upp ett lager i taget.`
		);
	}
	const shpEntry = shps[0] as ZipEntry;
	const stem = shpEntry.name.slice(0, -4).toLowerCase();
	const sibling = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${stem}.${ext}`);
	const dbfEntry = sibling('dbf');
	if (!dbfEntry) {
		throw new ImportError(
			'not-geodata',
			`Zip-filen saknar ${shpEntry.name.slice(0, -4)}.dbf, som hör till ${shpEntry.name} (den innehåller: ${contents}).`
		);
	}
	const prjEntry = sibling('prj');
	const cpgEntry = sibling('cpg');
	const wanted = [shpEntry, dbfEntry, prjEntry, cpgEntry].filter((e): e is ZipEntry => e !== undefined);
	checkDeclaredSizes(wanted, limits);

	const shp = readZipEntry(bytes, shpEntry);
	const dbf = readZipEntry(bytes, dbfEntry);
	const geometries = readShapes(shp, shpEntry.name, limits);
	const rows = readRows(
		dbf,
		dbfEntry.name,
		cpgEntry ? decodeText(readZipEntry(bytes, cpgEntry)).text.trim() : null,
		limits,
		problems
	);
	if (rows.length !== geometries.length) {
		problems.error(
			null,
			`${shpEntry.name} har ${formatCount(geometries.length)} former men ${dbfEntry.name} har ${formatCount(rows.length)} rader; de ska vara lika många.`
		);
	}

	let declaredCrs: SourceData['declaredCrs'] = null;
	if (prjEntry) {
		const crs = crsFromWkt(decodeText(readZipEntry(bytes, prjEntry)).text);
		declaredCrs =
			'code' in crs
				? { code: crs.code, from: `${prjEntry.name}${crs.note ? ` (${crs.note})` : ''}` }
				: { unsupported: `"${crs.unsupported}" (i ${prjEntry.name})` };
	} else {
		problems.warning(
			null,
			`Zip-filen saknar ${shpEntry.name.slice(0, -4)}.prj, så filen säger inte vilket koordinatsystem den har.`
		);
	}

	const features: SourceFeature[] = geometries.map((geometry, i) => ({ geometry, properties: rows[i] ?? {} }));
	return { format: 'shapefile', declaredCrs, features, windingIsFormatConvention: true };
}

function basename(name: string): string {
	return name.slice(name.lastIndexOf('/') + 1);
}

/** Zip-bomb guard before unpacking: each entry's ratio, and all of them together. */
function checkDeclaredSizes(entries: readonly ZipEntry[], limits: ImportLimits): void {
	let total = 0;
	for (const entry of entries) {
		const ratio = entry.size / Math.max(entry.compressedSize, 1);
		if (ratio > limits.maxCompressionRatio) {
			throw new ImportError(
				'too-large',
				`${entry.name} i zip-filen packas upp ${formatCount(Math.round(ratio))} gånger (från ${formatBytes(entry.compressedSize)} till ${formatBytes(entry.size)}); högst ${formatCount(limits.maxCompressionRatio)} gånger tas emot. Filen ser ut som en zip-bomb.`
			);
		}
		total += entry.size;
	}
	if (total > limits.maxUncompressedBytes) {
		throw new ImportError(
			'too-large',
			`Shapefilens delar är ${formatBytes(total)} uppackade; högst ${formatBytes(limits.maxUncompressedBytes)} tas emot.`
		);
	}
}

/** Checks the .shp header and record table (counts, lengths, vertices), then lets shpjs parse it. */
function readShapes(shp: Uint8Array, name: string, limits: ImportLimits): unknown[] {
	const view = new DataView(shp.buffer, shp.byteOffset, shp.byteLength);
	const broken = (why: string): never => {
		throw new ImportError('unreadable', `${name} är skadad: ${why}.`);
	};
	if (shp.length < 100 || view.getInt32(0) !== 9994) broken('den börjar inte som en .shp-fil');
	const shapeType = view.getInt32(32, true);
	if (!SHAPE_TYPES.has(shapeType)) {
		throw new ImportError(
			'not-geodata',
			`${name} har formtyp ${shapeType} (${shapeType === 31 ? 'MultiPatch' : 'okänd'}), som inte stöds.`
		);
	}
	let records = 0;
	let vertices = 0;
	for (let offset = 100; offset < shp.length;) {
		if (offset + 8 > shp.length) broken(`post ${records + 1} är avkortad`);
		const length = view.getInt32(offset + 4) * 2;
		if (length < 0 || offset + 8 + length > shp.length)
			broken(`post ${records + 1} anger ${formatCount(length)} byte men filen tar slut före dess`);
		records++;
		if (records > limits.maxFeatures) {
			throw new ImportError(
				'too-large',
				`${name} har fler än ${formatCount(limits.maxFeatures)} former; högst så många tas emot i en import.`
			);
		}
		if (length >= 4) {
			const type = view.getInt32(offset + 8, true);
			if (POLY_TYPES.has(type) && length >= 44) vertices += Math.max(0, view.getInt32(offset + 8 + 40, true));
			else if (MULTIPOINT_TYPES.has(type) && length >= 40)
				vertices += Math.max(0, view.getInt32(offset + 8 + 36, true));
			else if (type !== 0) vertices++;
		}
		if (vertices > limits.maxVertices) {
			throw new ImportError(
				'too-large',
				`${name} har fler än ${formatCount(limits.maxVertices)} hörn; högst så många tas emot i en import.`
			);
		}
		offset += 8 + length;
	}
	try {
		return parseShp(shp);
	} catch (e) {
		return broken(`den kunde inte läsas (${(e as Error).message})`);
	}
}

/** Checks the .dbf header (record count and length against the file's size), then lets shpjs parse it. */
function readRows(
	dbf: Uint8Array,
	name: string,
	cpg: string | null,
	limits: ImportLimits,
	problems: Problems
): Record<string, unknown>[] {
	const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
	const broken = (why: string): never => {
		throw new ImportError('unreadable', `${name} är skadad: ${why}.`);
	};
	if (dbf.length < 33) broken('den är för kort för en .dbf-fil');
	const records = view.getUint32(4, true);
	const headerLength = view.getUint16(8, true);
	const recordLength = view.getUint16(10, true);
	if (headerLength < 33 || headerLength > dbf.length) broken(`huvudet anger ${formatCount(headerLength)} byte`);
	if (records > limits.maxFeatures) {
		throw new ImportError(
			'too-large',
			`${name} har ${formatCount(records)} rader; högst ${formatCount(limits.maxFeatures)} tas emot i en import.`
		);
	}
	if (headerLength + records * recordLength > dbf.length) {
		broken(
			`den anger ${formatCount(records)} rader à ${formatCount(recordLength)} byte men är bara ${formatBytes(dbf.length)}`
		);
	}

	const encoding = chooseEncoding(dbf.subarray(headerLength), cpg, name, problems);
	let rows: Record<string, unknown>[];
	try {
		rows = parseDbf(dbf, encoding);
	} catch (e) {
		return broken(`den kunde inte läsas (${(e as Error).message})`);
	}
	return rows.map(plainValues);
}

/** The TextDecoder label for the .dbf text: from the .cpg, else by trying UTF-8. */
function chooseEncoding(records: Uint8Array, cpg: string | null, name: string, problems: Problems): string {
	if (cpg) {
		const label = /^(?:ANSI\s*)?(\d{3,4})$/i.test(cpg) ? `windows-${/(\d+)/.exec(cpg)?.[1]}` : cpg;
		try {
			new TextDecoder(label);
			return label;
		} catch {
			problems.warning(
				null,
				`Teckenkodningen "${cpg}" i .cpg-filen är okänd; ${name} läses som UTF-8 eller Windows-1252.`
			);
		}
	}
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(records);
		return 'utf-8';
	} catch {
		if (!cpg)
			problems.warning(
				null,
				`${name} är inte UTF-8 och zip-filen har ingen .cpg-fil; texten lästes som Windows-1252. Kontrollera å, ä och ö.`
			);
		return 'windows-1252';
	}
}

/** Dates as YYYY-MM-DD, empty numbers (NaN) as null: values that survive JSON. */
function plainValues(row: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(row)) {
		const value = row[key];
		if (value instanceof Date) {
			out[key] = Number.isNaN(value.getTime())
				? null
				: `${value.getFullYear()}-${String(value.getMonth() + 1).padStart(2, '0')}-${String(value.getDate()).padStart(2, '0')}`;
		} else if (typeof value === 'number' && !Number.isFinite(value)) out[key] = null;
		else out[key] = value;
	}
	return out;
}
