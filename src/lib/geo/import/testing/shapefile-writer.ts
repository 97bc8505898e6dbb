/**
 * A minimal Shapefile writer for tests: Polygon/MultiPolygon, Point or null shapes, a .dbf with
 * text (C) and number (N) fields, zipped with fflate. Outer rings are written clockwise and holes
 * counter-clockwise, as the Shapefile specification (ESRI 1998) requires. Not part of the API.
 */
import { zipSync } from 'fflate';
import type { Feature, MultiPolygon, Point, Polygon, Position } from 'geojson';

export interface DbfField {
	name: string;
	type: 'C' | 'N';
	/** Bytes in each record. */
	length: number;
	decimals?: number;
}

export interface ShapefileParts {
	shp: Uint8Array;
	shx: Uint8Array;
	dbf: Uint8Array;
}

type Shape = Polygon | MultiPolygon | Point | null;

const SHAPE_TYPE = { Point: 1, Polygon: 5 } as const;

/** Writes .shp, .shx and .dbf for features of one kind (polygons or points). */
export function writeShapefile(
	features: readonly Feature<Shape, Record<string, string | number | null>>[],
	fields: readonly DbfField[],
	{ encoding = 'utf-8' }: { encoding?: 'utf-8' | 'latin1' } = {}
): ShapefileParts {
	const kind = features.some((f) => f.geometry?.type === 'Point') ? 'Point' : 'Polygon';
	const contents = features.map((f) => shapeContent(f.geometry));
	const box = bbox(features.map((f) => f.geometry));

	const shpLength = 100 + contents.reduce((sum, c) => sum + 8 + c.length, 0);
	const shp = new Uint8Array(shpLength);
	const shx = new Uint8Array(100 + 8 * contents.length);
	writeHeader(new DataView(shp.buffer), shpLength, SHAPE_TYPE[kind], box);
	writeHeader(new DataView(shx.buffer), shx.length, SHAPE_TYPE[kind], box);
	const shpView = new DataView(shp.buffer);
	const shxView = new DataView(shx.buffer);
	let offset = 100;
	contents.forEach((content, i) => {
		shpView.setInt32(offset, i + 1);
		shpView.setInt32(offset + 4, content.length / 2);
		shp.set(content, offset + 8);
		shxView.setInt32(100 + 8 * i, offset / 2);
		shxView.setInt32(100 + 8 * i + 4, content.length / 2);
		offset += 8 + content.length;
	});
	return {
		shp,
		shx,
		dbf: writeDbf(
			features.map((f) => f.properties),
			fields,
			encoding
		)
	};
}

/** The zip of a Shapefile's parts plus any text files (.prj, .cpg), named `<stem>.<ext>`. */
export function zipShapefile(
	stem: string,
	parts: ShapefileParts,
	extra: Record<string, string | Uint8Array> = {}
): Uint8Array {
	const files: Record<string, Uint8Array> = {
		[`${stem}.shp`]: parts.shp,
		[`${stem}.shx`]: parts.shx,
		[`${stem}.dbf`]: parts.dbf
	};
	for (const [name, value] of Object.entries(extra))
		files[name] = typeof value === 'string' ? new TextEncoder().encode(value) : value;
	return zipSync(files);
}

function writeHeader(view: DataView, length: number, type: number, box: number[]): void {
	view.setInt32(0, 9994);
	view.setInt32(24, length / 2);
	view.setInt32(28, 1000, true);
	view.setInt32(32, type, true);
	box.forEach((v, i) => view.setFloat64(36 + 8 * i, v, true));
}

function shapeContent(shape: Shape): Uint8Array {
	if (shape === null) {
		const out = new Uint8Array(4);
		return out; // type 0: null shape
	}
	if (shape.type === 'Point') {
		const out = new Uint8Array(20);
		const view = new DataView(out.buffer);
		view.setInt32(0, 1, true);
		view.setFloat64(4, shape.coordinates[0] ?? NaN, true);
		view.setFloat64(12, shape.coordinates[1] ?? NaN, true);
		return out;
	}
	const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
	const rings = polygons.flatMap((polygon) => polygon.map((ring, r) => orient(ring, r === 0)));
	const points = rings.reduce((n, ring) => n + ring.length, 0);
	const out = new Uint8Array(44 + 4 * rings.length + 16 * points);
	const view = new DataView(out.buffer);
	view.setInt32(0, 5, true);
	bbox([shape]).forEach((v, i) => view.setFloat64(4 + 8 * i, v, true));
	view.setInt32(36, rings.length, true);
	view.setInt32(40, points, true);
	let start = 0;
	let at = 44 + 4 * rings.length;
	rings.forEach((ring, i) => {
		view.setInt32(44 + 4 * i, start, true);
		start += ring.length;
		for (const p of ring) {
			view.setFloat64(at, p[0] ?? NaN, true);
			view.setFloat64(at + 8, p[1] ?? NaN, true);
			at += 16;
		}
	});
	return out;
}

/** Clockwise for outer rings, counter-clockwise for holes (Shapefile's rule). */
function orient(ring: Position[], outer: boolean): Position[] {
	let sum = 0;
	for (let i = 0; i < ring.length - 1; i++) {
		const a = ring[i] as Position;
		const b = ring[i + 1] as Position;
		sum += (a[0] ?? 0) * (b[1] ?? 0) - (b[0] ?? 0) * (a[1] ?? 0);
	}
	const clockwise = sum < 0;
	return clockwise === outer ? ring : [...ring].reverse();
}

function bbox(shapes: readonly Shape[]): number[] {
	const box = [Infinity, Infinity, -Infinity, -Infinity];
	const visit = (value: unknown): void => {
		if (!Array.isArray(value)) return;
		if (typeof value[0] === 'number') {
			const [x, y] = value as number[];
			box[0] = Math.min(box[0] ?? Infinity, x ?? Infinity);
			box[1] = Math.min(box[1] ?? Infinity, y ?? Infinity);
			box[2] = Math.max(box[2] ?? -Infinity, x ?? -Infinity);
			box[3] = Math.max(box[3] ?? -Infinity, y ?? -Infinity);
			return;
		}
		value.forEach(visit);
	};
	for (const shape of shapes) if (shape) visit(shape.coordinates);
	return box.map((v) => (Number.isFinite(v) ? v : 0));
}

function encode(text: string, encoding: 'utf-8' | 'latin1'): Uint8Array {
	if (encoding === 'utf-8') return new TextEncoder().encode(text);
	return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff);
}

function writeDbf(
	rows: readonly (Record<string, string | number | null> | null)[],
	fields: readonly DbfField[],
	encoding: 'utf-8' | 'latin1'
): Uint8Array {
	const headerLength = 32 + 32 * fields.length + 1;
	const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
	const out = new Uint8Array(headerLength + recordLength * rows.length + 1);
	const view = new DataView(out.buffer);
	out[0] = 0x03;
	out.set([125, 1, 1], 1); // last update 2025-01-01
	view.setUint32(4, rows.length, true);
	view.setUint16(8, headerLength, true);
	view.setUint16(10, recordLength, true);
	fields.forEach((field, i) => {
		const at = 32 + 32 * i;
		out.set(encode(field.name, 'latin1').subarray(0, 10), at);
		out[at + 11] = field.type.charCodeAt(0);
		out[at + 16] = field.length;
		out[at + 17] = field.decimals ?? 0;
	});
	out[headerLength - 1] = 0x0d;
	rows.forEach((row, r) => {
		let at = headerLength + r * recordLength;
		out[at++] = 0x20;
		for (const field of fields) {
			const value = row?.[field.name];
			const text =
				value === null || value === undefined
					? ''
					: field.type === 'N'
						? Number(value).toFixed(field.decimals ?? 0)
						: String(value);
			const bytes = encode(text, encoding).subarray(0, field.length);
			out.fill(0x20, at, at + field.length);
			out.set(bytes, field.type === 'N' ? at + field.length - bytes.length : at);
			at += field.length;
		}
	});
	out[out.length - 1] = 0x1a;
	return out;
}
