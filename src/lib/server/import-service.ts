/**
 * Importing a file into a layer: the pure importer ($lib/geo/import) reads and checks the file and
 * brings it to WGS84; this module maps each object onto the layer's schema (name column, the
 * provenance the user states, the district found by location), validates it as any edit is
 * validated, and then either previews (dry run) or writes everything in one transaction.
 * One error anywhere means nothing is written.
 */
import type { Feature, FeatureCollection, Geometry, Polygon, MultiPolygon } from 'geojson';
import { booleanPointInPolygon, centroid } from '@turf/turf';
import * as v from 'valibot';
import { parseImport, type CrsCode, type ImportProblem, type ImportResult } from '$lib/geo/import';
import { DISTRICTS, PLACE_CATEGORIES, PRECISIONS, WALKING_NETWORK_TAGS } from '$lib/geo/schema';
import { PLACE_CATEGORY_LABELS } from '$lib/layers/labels';
import type { FeatureInput } from './db/feature-store';
import { BadBodyError, limitedBody } from './http';
import { type LayerService } from './layer-service';
import { BadParamError, InvalidFeatureError, RefusedInputError } from './errors';

/** What the user says about the file in the import form. */
export const importForm = v.object({
	mode: v.optional(v.picklist(['append', 'replace'], 'mode ska vara append (lägg till) eller replace (ersätt allt)'), 'append'),
	crs: v.optional(v.picklist(['EPSG:4326', 'EPSG:3006', 'EPSG:3011'], 'crs ska vara EPSG:4326, EPSG:3006 (SWEREF 99 TM) eller EPSG:3011 (SWEREF 99 18 00)')),
	nameField: v.optional(v.pipe(v.string(), v.maxLength(100))),
	source: v.pipe(v.string('ange källan (source)'), v.trim(), v.minLength(3, 'ange varifrån filen kommer (källa), minst 3 tecken'), v.maxLength(500)),
	precision: v.optional(v.picklist(PRECISIONS), 'approximate'),
	precisionMeters: v.optional(v.pipe(v.unknown(), v.transform(Number), v.number('precisionMeters ska vara ett tal'), v.minValue(0)), 10),
	example: v.optional(v.pipe(v.unknown(), v.transform((x) => x === true || x === 'true' || x === 'on')), false),
	category: v.optional(v.string()),
	drawing: v.optional(v.picklist(['oval', 'outline']), 'outline')
});
export type ImportForm = v.InferOutput<typeof importForm>;

export interface ImportPreview {
	dryRun: boolean;
	format: ImportResult['format'];
	crs: ImportResult['crs'];
	count: number;
	valid: number;
	bbox: ImportResult['bbox'];
	fixed: ImportResult['fixed'];
	/** Columns in the file and whether they become the name. */
	columns: string[];
	problems: ImportProblem[];
	ok: boolean;
	/** The objects as they would be stored, for the map preview (at most PREVIEW_LIMIT). */
	preview: FeatureCollection;
	imported?: { created: number; updated: number; deleted: number };
}

const PREVIEW_LIMIT = 5000;
const NAME_COLUMNS = ['name', 'namn', 'benämning', 'title', 'titel'];
const DISTRICT_COLUMNS = ['district', 'stadsdel', 'stadsdelsnamn'];
const CATEGORY_COLUMNS = ['category', 'kategori'];

function column(properties: Record<string, unknown>, wanted: string[], chosen?: string): unknown {
	if (chosen) return properties[chosen];
	const key = Object.keys(properties).find((k) => wanted.includes(k.toLowerCase()));
	return key === undefined ? undefined : properties[key];
}

/** "TENSTA" or "tensta" → "Tensta", if it is a Järva district. */
function districtName(value: unknown): string | undefined {
	const text = String(value ?? '').trim().toLowerCase();
	return DISTRICTS.find((d) => d.toLowerCase() === text);
}

/**
 * A walking network's own columns: the name only when the file has one (a nameless path is a
 * "gångväg", not "Gångnät 12"), and the OSM-style path tags routing reads, as text.
 */
function walkingNetworkTags(source: Record<string, unknown>, nameField: string | undefined): Record<string, unknown> {
	const name = column(source, NAME_COLUMNS, nameField);
	const tags: Record<string, unknown> = { name: typeof name === 'string' && name.trim() !== '' ? name.trim() : undefined };
	for (const tag of WALKING_NETWORK_TAGS) {
		const value = source[tag];
		if (value !== null && value !== undefined && value !== '') tags[tag] = String(value);
	}
	return tags;
}

/** A category code or its Swedish label → the code. */
function categoryCode(value: unknown): string | undefined {
	const text = String(value ?? '').trim().toLowerCase();
	return PLACE_CATEGORIES.find((c) => c === text || PLACE_CATEGORY_LABELS[c].toLowerCase() === text);
}

function districtByLocation(geometry: Geometry, districts: Feature<Polygon | MultiPolygon>[]): string | undefined {
	const point = centroid({ type: 'Feature', properties: {}, geometry });
	const hit = districts.find((d) => booleanPointInPolygon(point, d));
	return hit?.properties?.name as string | undefined;
}

export function importIntoLayer(
	service: LayerService,
	layerId: string,
	file: { name: string; bytes: Uint8Array; type?: string },
	form: ImportForm,
	dryRun: boolean,
	by: string,
	/** The organisation importing: new objects are recorded as its own (null: the layer's owner). */
	organisationId: string | null = null
): ImportPreview {
	const layer = service.get(layerId).summary;
	const parsed = parseImport(file, { crs: form.crs as CrsCode | undefined });
	const problems: ImportProblem[] = [...parsed.problems];
	const needsDistrict = layer.kind === 'drug-scene' || layer.kind === 'insecure-place';
	const districts = needsDistrict
		? (service.features('stadsdelar').features as Feature<Polygon | MultiPolygon>[])
		: [];
	const columns = [...new Set(parsed.features.flatMap((f) => Object.keys(f.properties ?? {})))];
	if (form.nameField && !columns.includes(form.nameField)) {
		throw new BadParamError('nameField', `Kolumnen ${JSON.stringify(form.nameField)} finns inte i filen. Finns: ${columns.join(', ') || 'inga'}.`, columns);
	}

	const inputs: FeatureInput[] = [];
	parsed.features.forEach((feature, index) => {
		// The number in the file, not in `features`: objects with errors are already left out there.
		const number = parsed.numbers[index]!;
		const source = feature.properties ?? {};
		const properties: Record<string, unknown> = {
			name: String(column(source, NAME_COLUMNS, form.nameField) ?? `${layer.title} ${number}`).trim() || `${layer.title} ${number}`,
			source: form.source,
			precision: form.precision,
			precisionMeters: form.precisionMeters,
			example: form.example,
			note: `Importerad från ${file.name}`
		};
		if (layer.kind === 'drug-scene') Object.assign(properties, { year: layer.year, drawing: form.drawing });
		if (layer.kind === 'area' && form.category) properties.category = form.category;
		if (layer.kind === 'walking-network') Object.assign(properties, walkingNetworkTags(source, form.nameField));
		if (needsDistrict) {
			const district = districtName(column(source, DISTRICT_COLUMNS)) ?? districtByLocation(feature.geometry, districts);
			if (!district) {
				problems.push({ feature: number, severity: 'error', message: `Objekt ${number} ligger utanför Järvas stadsdelar och har ingen stadsdel angiven.` });
				return;
			}
			properties.district = district;
		}
		if (layer.kind === 'insecure-place') {
			const category = categoryCode(column(source, CATEGORY_COLUMNS)) ?? (form.category ? categoryCode(form.category) : undefined);
			if (!category) {
				problems.push({ feature: number, severity: 'error', message: `Objekt ${number} saknar kategori: ange en kolumn "kategori" eller välj en kategori för hela filen.` });
				return;
			}
			properties.category = category;
		}
		try {
			inputs.push(service.validate(layerId, { type: 'Feature', geometry: feature.geometry, properties }));
		} catch (err) {
			if (!(err instanceof InvalidFeatureError)) throw err;
			problems.push({ feature: number, severity: 'error', message: `Objekt ${number}: ${err.message}` });
		}
	});

	const ok = problems.every((p) => p.severity !== 'error') && parsed.ok;
	const preview: ImportPreview = {
		dryRun,
		format: parsed.format,
		crs: parsed.crs,
		count: parsed.count,
		valid: inputs.length,
		bbox: parsed.bbox,
		fixed: parsed.fixed,
		columns,
		problems,
		ok,
		preview: {
			type: 'FeatureCollection',
			features: inputs.slice(0, PREVIEW_LIMIT).map((f) => ({ type: 'Feature', properties: f.properties, geometry: f.geometry }))
		}
	};
	if (dryRun) return preview;
	if (!ok) {
		const errors = problems.filter((p) => p.severity === 'error').length;
		// 422 with the whole preview but its sample features: what to fix, not the file back.
		const { preview: _sample, ...details } = preview;
		throw new RefusedInputError(`Importen skrevs inte: ${errors} fel i filen. Rätta dem (se problems) och försök igen.`, details);
	}
	const imported = service.store.importFeatures(layerId, inputs, { replace: form.mode === 'replace', organisationId }, by);
	return { ...preview, preview: { type: 'FeatureCollection', features: [] }, imported };
}

/** Reads the multipart upload: the `file` and the form fields. */
export async function readUpload(request: Request, maxBytes: number): Promise<{ file: File; fields: Record<string, string> }> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.startsWith('multipart/form-data')) {
		throw new BadBodyError(415, 'Skicka filen som multipart/form-data med fältet "file".');
	}
	// The size is enforced while the upload streams in (limitedBody), not after it was read whole.
	const body = limitedBody(request, maxBytes);
	let form: FormData;
	try {
		form = await new Response(body, { headers: { 'content-type': type } }).formData();
	} catch (err) {
		const cause = (err as { cause?: unknown }).cause;
		if (err instanceof BadBodyError) throw err;
		if (cause instanceof BadBodyError) throw cause;
		throw new BadBodyError(400, `Formuläret gick inte att läsa: ${(err as Error).message}`);
	}
	const file = form.get('file');
	if (!(file instanceof File)) throw new BadParamError('file', 'Fältet "file" saknas eller är ingen fil.');
	if (file.size > maxBytes) throw new BadBodyError(413, `Filen är för stor: ${file.size} byte, högst ${maxBytes} byte.`);
	const fields: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (typeof value === 'string') fields[key] = value;
	return { file, fields };
}
