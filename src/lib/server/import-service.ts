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

/** A categoryMap choice: leave the rows with this value out of the import. */
export const SKIP = 'skip';

/** What the user says about the file in the import form. */
export const importForm = v.object({
	mode: v.optional(v.picklist(['append', 'replace'], 'mode ska vara append (lägg till) eller replace (ersätt allt)'), 'append'),
	crs: v.optional(v.picklist(['EPSG:4326', 'EPSG:3006', 'EPSG:3011'], 'crs ska vara EPSG:4326, EPSG:3006 (SWEREF 99 TM) eller EPSG:3011 (SWEREF 99 18 00)')),
	nameField: v.optional(v.pipe(v.string(), v.maxLength(100))),
	source: v.pipe(v.string('ange källan (source)'), v.trim(), v.minLength(3, 'ange varifrån filen kommer (källa), minst 3 tecken'), v.maxLength(500)),
	precision: v.optional(v.picklist(PRECISIONS), 'approximate'),
	precisionMeters: v.optional(v.pipe(v.unknown(), v.transform(Number), v.number('precisionMeters ska vara ett tal'), v.minValue(0)), 10),
	example: v.optional(v.pipe(v.unknown(), v.transform((x) => x === true || x === 'true' || x === 'on')), false),
	/** The category for rows whose category cell is empty; never for a value the layer does not know. */
	category: v.optional(v.string()),
	/**
	 * What the user chose for each category value in the file the layer does not know, as JSON:
	 * `{"Gångtunnel":"way-home","Okänt":"skip"}` ("skip": the rows are left out). An unknown value
	 * without a choice refuses the import; nothing is re-categorised without being asked.
	 */
	categoryMap: v.optional(
		v.pipe(
			v.string(),
			v.rawTransform(({ dataset, addIssue, NEVER }) => {
				try {
					return JSON.parse(dataset.value) as unknown;
				} catch {
					addIssue({ message: 'categoryMap ska vara JSON, t.ex. {"Gångtunnel":"way-home"}' });
					return NEVER;
				}
			}),
			v.record(
				v.pipe(v.string(), v.maxLength(200)),
				v.picklist([...PLACE_CATEGORIES, SKIP], `varje värde i categoryMap ska vara en av ${PLACE_CATEGORIES.join(', ')} eller ${SKIP} (hoppa över raderna)`)
			)
		)
	),
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
	/**
	 * For a layer with a closed list of categories: the values in the file's category column that
	 * are not on it (each with its number of rows and the user's choice, if any), the allowed
	 * categories, and how many rows the choices leave out.
	 */
	categories?: CategoryMapping;
}

export interface CategoryMapping {
	/** The file's column the values were read from ("kategori", "category"), null if it has none. */
	column: string | null;
	unknown: { value: string; rows: number; mappedTo: string | null }[];
	allowed: { code: string; label: string }[];
	/** Rows left out because their value was mapped to "skip". */
	skipped: number;
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

/** The categories an insecure-place layer allows, as the user reads them. */
const ALLOWED_CATEGORIES = PLACE_CATEGORIES.map((code) => ({ code, label: PLACE_CATEGORY_LABELS[code] }));

/** "Vägen till och från bostaden (way-home), Parkeringsplats (parking), …" */
export function allowedCategoriesText(): string {
	return ALLOWED_CATEGORIES.map((c) => `${c.label} (${c.code})`).join(', ');
}

/** '"Gångtunnel" (3 rader), "Bro" (1 rad)' – the first 20, then how many more. */
function unknownValuesText(values: CategoryMapping['unknown']): string {
	const named = values.slice(0, 20).map((u) => `${JSON.stringify(u.value)} (${u.rows} ${u.rows === 1 ? 'rad' : 'rader'})`);
	return values.length > 20 ? `${named.join(', ')} och ${values.length - 20} värden till` : named.join(', ');
}

/** A category code or its Swedish label → the code. */
function categoryCode(value: unknown): string | undefined {
	const text = String(value ?? '').trim().toLowerCase();
	return PLACE_CATEGORIES.find((c) => c === text || PLACE_CATEGORY_LABELS[c].toLowerCase() === text);
}

/** The file's category column as it is spelled there. */
function categoryColumn(columns: string[]): string {
	return columns.find((c) => CATEGORY_COLUMNS.includes(c.toLowerCase())) ?? 'kategori';
}

function districtByLocation(geometry: Geometry, districts: Feature<Polygon | MultiPolygon>[]): string | undefined {
	const point = centroid({ type: 'Feature', properties: {}, geometry });
	const hit = districts.find((d) => booleanPointInPolygon(point, d));
	return hit?.properties?.name as string | undefined;
}

export async function importIntoLayer(
	service: LayerService,
	layerId: string,
	file: { name: string; bytes: Uint8Array; type?: string },
	form: ImportForm,
	dryRun: boolean,
	by: string,
	/** The organisation importing: new objects are recorded as its own (null: the layer's owner). */
	organisationId: string | null = null
): Promise<ImportPreview> {
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
	/** Category values not on the layer's list, in the order the file has them. */
	const unknown = new Map<string, CategoryMapping['unknown'][number]>();
	let skipped = 0;
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
		if (layer.kind === 'area') {
			// A free-text category: the file's own, and the one for the whole file only where a row has none.
			const own = column(source, CATEGORY_COLUMNS);
			const text = own === null || own === undefined ? '' : String(own).trim();
			if (text !== '' || form.category) properties.category = text !== '' ? text : form.category;
		}
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
			const raw = column(source, CATEGORY_COLUMNS);
			const text = raw === null || raw === undefined ? '' : String(raw).trim();
			let category: string | undefined;
			if (text === '') {
				// Only an empty cell takes the category chosen for the whole file.
				category = form.category ? categoryCode(form.category) : undefined;
				if (!category) {
					problems.push({ feature: number, severity: 'error', message: `Objekt ${number} saknar kategori: fyll i kolumnen "kategori" eller välj en kategori för rader utan kategori.` });
					return;
				}
			} else {
				category = categoryCode(text);
				if (!category) {
					// A value the layer does not know: only the user's own choice for it decides.
					const choice = form.categoryMap?.[text];
					const seen = unknown.get(text) ?? { value: text, rows: 0, mappedTo: choice ?? null };
					seen.rows += 1;
					unknown.set(text, seen);
					if (choice === SKIP) {
						skipped += 1;
						return;
					}
					if (!choice) return;
					category = choice;
				}
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

	const unmapped = [...unknown.values()].filter((u) => u.mappedTo === null);
	if (unmapped.length) {
		problems.unshift({
			feature: null,
			severity: 'error',
			code: 'unknown-category',
			message: `Kolumnen "${categoryColumn(columns)}" har värden som inte är lagrets kategorier: ${unknownValuesText(unmapped)}. Välj en kategori eller "hoppa över raderna" för varje värde. Tillåtna kategorier: ${allowedCategoriesText()}.`
		});
	}
	for (const u of unknown.values()) {
		if (u.mappedTo === SKIP) problems.push({ feature: null, severity: 'warning', message: `${u.rows} ${u.rows === 1 ? 'rad' : 'rader'} med kategorin ${JSON.stringify(u.value)} hoppas över (ditt val).` });
	}
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
		...(layer.kind === 'insecure-place'
			? { categories: { column: columns.find((c) => CATEGORY_COLUMNS.includes(c.toLowerCase())) ?? null, unknown: [...unknown.values()], allowed: ALLOWED_CATEGORIES, skipped } }
			: {}),
		preview: {
			type: 'FeatureCollection',
			features: inputs.slice(0, PREVIEW_LIMIT).map((f) => ({ type: 'Feature', properties: f.properties, geometry: f.geometry }))
		}
	};
	if (dryRun) return preview;
	if (unmapped.length) {
		// Named first and alone: the user has a choice to make, not a file to fix.
		const { preview: _sample, ...details } = preview;
		throw new RefusedInputError(
			`Importen skrevs inte: kolumnen "${categoryColumn(columns)}" har värden som inte är lagrets kategorier: ${unknownValuesText(unmapped)}. ` +
				`Tillåtna kategorier: ${allowedCategoriesText()}. Välj för varje värde en kategori eller att hoppa över raderna (categoryMap) och försök igen.`,
			details
		);
	}
	if (!ok) {
		const errors = problems.filter((p) => p.severity === 'error').length;
		// 422 with the whole preview but its sample features: what to fix, not the file back.
		const { preview: _sample, ...details } = preview;
		throw new RefusedInputError(`Importen skrevs inte: ${errors} fel i filen. Rätta dem (se problems) och försök igen.`, details);
	}
	const imported = await service.store.importFeatures(layerId, inputs, { replace: form.mode === 'replace', organisationId }, by);
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
