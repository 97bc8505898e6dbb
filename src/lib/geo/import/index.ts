/**
 * Importing official layers: bytes in, WGS84 features and a list of problems out. No database, no
 * HTTP: the import endpoint calls `parseImport`, shows `problems` as the preview (dry run), and
 * writes `features` only when `ok` (all or nothing).
 *
 * Formats: GeoJSON (also with the old `crs` member), zipped Shapefile (.shp + .dbf, .prj, .cpg),
 * CSV points. CRS: WGS84, SWEREF 99 TM (EPSG:3006), SWEREF 99 18 00 (EPSG:3011). See README.md.
 */
import { chooseCrs } from './choose-crs';
import { CRS_CODES, isCrsCode, type CrsCode } from './crs';
import { readCsv } from './csv';
import { detectFormat } from './detect-format';
import { formatBytes, formatCount, ImportError, Problems } from './errors';
import { readGeoJson } from './geojson';
import { readShapefile } from './shapefile';
import { DEFAULT_LIMITS, type ImportLimits, type ImportResult, type SourceData } from './types';
import { countPositions, validateFeature } from './validate';

export { CRS_CODES, CRS_LABELS, crsFromName, crsFromWkt, fromWgs84, isCrsCode, toWgs84, type CrsCode } from './crs';
export { ImportError, type ImportErrorCode } from './errors';
export {
	DEFAULT_LIMITS,
	type CrsSource,
	type ImportFormat,
	type ImportLimits,
	type ImportProblem,
	type ImportResult
} from './types';

/** A file as the endpoint received it (`type` is the browser's guess and is not relied on). */
export interface ImportFile {
	name: string;
	bytes: Uint8Array;
	type?: string;
}

export interface ImportOptions {
	/** The user's choice; overrides what the file says (with a warning when they differ). */
	crs?: CrsCode;
	limits?: Partial<ImportLimits>;
}

/**
 * Reads, checks and reprojects one uploaded file. Problems with single objects (bad coordinates,
 * unclosed or self-intersecting rings, …) are listed in `problems`, each with its 1-based object
 * number; `ok` is false when any is an error. A file that can't be read at all throws
 * `ImportError` with an HTTP status (400 unreadable, 413 over a limit, 415 wrong format,
 * 422 not geodata or CRS needed from the user).
 *
 * @example
 * const result = parseImport({ name: 'stadsdelar.geojson', bytes }, { crs: 'EPSG:3011' });
 * if (!result.ok) return json({ problems: result.problems }, { status: 422 });
 * store.replace(layerId, result.features);
 */
export function parseImport(file: ImportFile, options: ImportOptions = {}): ImportResult {
	const limits = resolveLimits(options.limits);
	if (options.crs !== undefined && !isCrsCode(options.crs)) {
		throw new ImportError(
			'invalid-option',
			`Okänt koordinatsystem ${JSON.stringify(options.crs)}; välj ${CRS_CODES.join(', ')}.`
		);
	}
	const { bytes } = file;
	if (bytes.length === 0) throw new ImportError('empty', `Filen "${file.name}" är tom.`);
	if (bytes.length > limits.maxBytes) {
		throw new ImportError(
			'too-large',
			`Filen är ${formatBytes(bytes.length)}; högst ${formatBytes(limits.maxBytes)} tas emot.`
		);
	}
	const format = detectFormat(file.name, bytes);
	const problems = new Problems(limits.maxProblems);
	const source = read(format, bytes, limits, problems);

	if (source.features.length > limits.maxFeatures) {
		throw new ImportError(
			'too-large',
			`Filen har ${formatCount(source.features.length)} objekt; högst ${formatCount(limits.maxFeatures)} tas emot.`
		);
	}
	const vertices = source.features.reduce(
		(sum, f) => sum + countPositions((f.geometry as { coordinates?: unknown } | null)?.coordinates),
		0
	);
	if (vertices > limits.maxVertices) {
		throw new ImportError(
			'too-large',
			`Filen har ${formatCount(vertices)} hörn; högst ${formatCount(limits.maxVertices)} tas emot i en import. Förenkla geometrierna eller dela upp filen.`
		);
	}
	if (source.features.length === 0) problems.error(null, 'Filen innehåller inga objekt.');

	const crs = chooseCrs(source, options.crs, problems);
	const context = {
		crs: crs.code,
		swapAxes: crs.swapAxes,
		maxVerticesPerFeature: limits.maxVerticesPerFeature,
		problems
	};
	const features: ImportResult['features'] = [];
	const numbers: number[] = [];
	let rewound = 0;
	source.features.forEach((raw, i) => {
		const checked = validateFeature(raw, i + 1, context);
		if (checked.feature) {
			features.push(checked.feature);
			numbers.push(i + 1);
		}
		if (checked.rewound) rewound++;
	});

	return {
		format,
		crs: { code: crs.code, detectedFrom: crs.detectedFrom, ...(crs.note ? { note: crs.note } : {}) },
		features,
		numbers,
		count: source.features.length,
		bbox: bboxOf(features),
		problems: problems.list(),
		ok: !problems.hasErrors,
		fixed: { rewound: source.windingIsFormatConvention ? 0 : rewound }
	};
}

function read(format: ImportResult['format'], bytes: Uint8Array, limits: ImportLimits, problems: Problems): SourceData {
	if (format === 'geojson') return readGeoJson(bytes, limits, problems);
	if (format === 'shapefile') return readShapefile(bytes, limits, problems);
	return readCsv(bytes, limits, problems);
}

function resolveLimits(partial: Partial<ImportLimits> | undefined): ImportLimits {
	const limits = { ...DEFAULT_LIMITS };
	for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ImportLimits)[]) {
		const value = partial?.[key];
		if (value === undefined) continue;
		if (!Number.isFinite(value) || value <= 0) throw new RangeError(`Invalid import limit ${key}: ${value}`);
		limits[key] = value;
	}
	return limits;
}

function bboxOf(features: ImportResult['features']): ImportResult['bbox'] {
	let w = Infinity;
	let s = Infinity;
	let e = -Infinity;
	let n = -Infinity;
	const visit = (value: unknown): void => {
		if (!Array.isArray(value)) return;
		if (typeof value[0] === 'number') {
			const [x, y] = value as [number, number];
			if (x < w) w = x;
			if (x > e) e = x;
			if (y < s) s = y;
			if (y > n) n = y;
			return;
		}
		for (const item of value) visit(item);
	};
	for (const f of features) visit((f.geometry as { coordinates: unknown }).coordinates);
	return Number.isFinite(w) ? [w, s, e, n] : null;
}
