/**
 * The shapes the importer hands out (result, problems, limits) and the one it passes between its
 * readers and the validator (`SourceData`). No logic here.
 */
import type { Feature, Geometry } from 'geojson';
import type { CrsCode } from './crs';

/** The formats a file can be read as. */
export type ImportFormat = 'geojson' | 'shapefile' | 'csv';

/**
 * How much one import may hold. Every limit refuses the whole file with `ImportError` 413,
 * except `maxVerticesPerFeature`, which makes that one object an error in the preview.
 */
export interface ImportLimits {
	/** Size of the uploaded file. */
	maxBytes: number;
	/** Objects (features, rows, shapes) in the file. */
	maxFeatures: number;
	/** Positions in all objects together. */
	maxVertices: number;
	/** Positions in one object. */
	maxVerticesPerFeature: number;
	/** Nesting of JSON arrays and objects (a MultiPolygon in a FeatureCollection needs 8). */
	maxDepth: number;
	/** Bytes unpacked from a zip file, all entries that are read together. */
	maxUncompressedBytes: number;
	/** Unpacked / packed size of one zip entry, checked before unpacking. */
	maxCompressionRatio: number;
	/** Problems listed one by one; beyond that one more problem says how many were left out. */
	maxProblems: number;
}

export const DEFAULT_LIMITS: Readonly<ImportLimits> = Object.freeze({
	maxBytes: 20 * 1024 * 1024,
	maxFeatures: 50_000,
	maxVertices: 2_000_000,
	maxVerticesPerFeature: 200_000,
	maxDepth: 64,
	maxUncompressedBytes: 100 * 1024 * 1024,
	maxCompressionRatio: 500,
	maxProblems: 1000
});

/** Something wrong or noteworthy in the file. Messages are Swedish and name the bad value. */
export interface ImportProblem {
	/** 1-based number of the object (feature, CSV data row, shape record); null = the whole file. */
	feature: number | null;
	/** An error means the file must not be imported; a warning is for the user to read. */
	severity: 'error' | 'warning';
	message: string;
	/** What kind of problem, where the UI answers it with its own step ("unknown-category": map the values). */
	code?: 'unknown-category';
}

/** Where the coordinate reference system came from. */
export type CrsSource = 'file' | 'user' | 'default' | 'coordinates';

export interface ImportResult {
	format: ImportFormat;
	crs: { code: CrsCode; detectedFrom: CrsSource; note?: string };
	/** The objects that passed every check: WGS84 [lon, lat], RFC 7946 winding, 2D positions. */
	features: Feature<Geometry, Record<string, unknown>>[];
	/** The 1-based number in the file of each of `features`, so later problems name the right object. */
	numbers: number[];
	/** Objects in the file, valid or not (`features.length` is less when some have errors). */
	count: number;
	/** [west, south, east, north] in WGS84 of `features`, or null when there are none. */
	bbox: [number, number, number, number] | null;
	/** Every problem found, errors and warnings, whole-file ones first. */
	problems: ImportProblem[];
	/** True when no problem is an error: only then may the import be written. */
	ok: boolean;
	/** What the importer repaired: objects whose ring orientation it reversed (GeoJSON only). */
	fixed: { rewound: number };
}

/** One object as a reader found it: geometry still untrusted and in the file's coordinates. */
export interface SourceFeature {
	geometry: unknown;
	properties: Record<string, unknown>;
	id?: string | number;
	/** Set when the reader already reported why this object has no usable geometry. */
	rejected?: true;
}

/** What a format reader hands the validator. */
export interface SourceData {
	format: ImportFormat;
	features: SourceFeature[];
	/** The CRS the file itself names, or what it names that we don't support. */
	declaredCrs: { code: CrsCode; from: string } | { unsupported: string } | null;
	/** What the reader learnt about the coordinates, for the CRS note (e.g. which CSV columns). */
	coordinateNote?: string;
	/**
	 * True when reversing rings is just reading the format (Shapefile stores outer rings
	 * clockwise), so it is not counted as a repair.
	 */
	windingIsFormatConvention?: boolean;
}
