/**
 * The attribute form of a feature, per layer kind: which fields, their Swedish labels, the choices
 * of an enumeration (from labels.ts), a new feature's starting values, and a check that mirrors
 * the server's schema (the same valibot schema from catalog.ts) but speaks Swedish per field.
 * Pure: the form component only draws what this says.
 */
import * as v from 'valibot';
import { DISTRICTS, PRECISIONS, SCENE_DRAWINGS, AREA_CLASSES, PLACE_CATEGORIES } from '$lib/geo/schema';
import { PROPERTY_SCHEMAS, type LayerDefinition, type LayerKind } from '$lib/layers/catalog';
import { AREA_CLASS_LABELS, DRAWING_LABELS, PLACE_CATEGORY_LABELS, PRECISION_LABELS } from '$lib/layers/labels';

export interface Choice {
	value: string;
	label: string;
}

export type Field = { key: string; label: string; hint?: string } & (
	| { type: 'text'; optional?: boolean }
	| { type: 'textarea'; optional?: boolean }
	| { type: 'number'; min: number; unit: string }
	| { type: 'checkbox' }
	| { type: 'select'; choices: Choice[] }
	| { type: 'choices'; choices: Choice[] }
	/** Set by the layer (a scene's year, a district's borough): shown, not edited. */
	| { type: 'fixed' }
);

export type Properties = Record<string, unknown>;

const choicesOf = <T extends string>(values: readonly T[], labels?: Record<T, string>): Choice[] =>
	values.map((value) => ({ value, label: labels?.[value] ?? value }));

const districtChoices = choicesOf(DISTRICTS);

const name: Field = { key: 'name', label: 'Namn', type: 'text', hint: 'Som platsen kallas i lägesbilden' };
const tail: Field[] = [
	{ key: 'precision', label: 'Precision', type: 'select', choices: choicesOf(PRECISIONS, PRECISION_LABELS) },
	{ key: 'precisionMeters', label: 'Osäkerhet', type: 'number', min: 0, unit: 'm', hint: 'Hur långt fel läget kan vara, i meter' },
	{ key: 'source', label: 'Källa', type: 'textarea', hint: 'Var uppgiften kommer ifrån' },
	{ key: 'example', label: 'Exempel – finns inte i lägesbilden', type: 'checkbox' },
	{ key: 'note', label: 'Anteckning', type: 'textarea', optional: true }
];

/** The form's fields for a layer kind, in the order they are shown. */
export function fieldsFor(kind: LayerKind): Field[] {
	switch (kind) {
		case 'drug-scene':
			return [
				name,
				{ key: 'district', label: 'Stadsdel', type: 'select', choices: districtChoices },
				{ key: 'drawing', label: 'Kartläggning', type: 'select', choices: choicesOf(SCENE_DRAWINGS, DRAWING_LABELS) },
				{ key: 'year', label: 'År', type: 'fixed' },
				...tail
			];
		case 'insecure-place':
			return [
				name,
				{ key: 'category', label: 'Kategori', type: 'select', choices: choicesOf(PLACE_CATEGORIES, PLACE_CATEGORY_LABELS) },
				{ key: 'district', label: 'Stadsdel', type: 'select', choices: districtChoices },
				...tail
			];
		case 'district':
			return [
				{ key: 'name', label: 'Stadsdel', type: 'select', choices: districtChoices },
				{ key: 'part', label: 'Del av Järva', type: 'select', choices: choicesOf(['Järva', 'Spånga'] as const) },
				{ key: 'borough', label: 'Stadsdelsområde', type: 'fixed' },
				...tail
			];
		case 'area-class':
			return [
				name,
				{ key: 'areaClass', label: 'Klassning', type: 'select', choices: choicesOf(AREA_CLASSES, AREA_CLASS_LABELS) },
				{ key: 'year', label: 'År', type: 'number', min: 2000, unit: '' },
				{ key: 'districts', label: 'Stadsdelar', type: 'choices', choices: districtChoices },
				...tail
			];
		case 'area':
			return [name, { key: 'category', label: 'Slag av område', type: 'text', optional: true, hint: 'T.ex. skolgård, park' }, ...tail];
		case 'walking-network':
			return [
				{ key: 'name', label: 'Namn', type: 'text', optional: true, hint: 'Gatans eller gångvägens namn; tomt för en namnlös gångväg' },
				{ key: 'highway', label: 'Slag av väg (OSM highway)', type: 'text', optional: true, hint: 'T.ex. footway, steps, residential' },
				{ key: 'lit', label: 'Belyst (OSM lit)', type: 'text', optional: true, hint: 'yes eller no' },
				...tail
			];
		default:
			return unknownKind(kind);
	}
}

/** A new feature's attributes: what the layer already says, the rest for the user to fill in. */
export function newProperties(layer: LayerDefinition, district: string | null): Properties {
	const common = { name: '', source: layer.source, precision: 'approximate', example: false };
	switch (layer.kind) {
		case 'drug-scene': {
			// 2021 mapped scenes as ovals (±150 m), later years as outlines (±75 m).
			const oval = (layer.year ?? 0) <= 2021;
			return {
				...common,
				year: layer.year,
				district: district ?? '',
				drawing: oval ? 'oval' : 'outline',
				precisionMeters: oval ? 150 : 75
			};
		}
		case 'insecure-place':
			return { ...common, category: '', district: district ?? '', precisionMeters: 100 };
		case 'district':
			return { ...common, name: district ?? '', borough: 'Järva', part: 'Järva', precisionMeters: 150 };
		case 'area-class':
			return { ...common, areaClass: '', year: layer.year ?? new Date().getFullYear(), districts: district ? [district] : [], precisionMeters: 150 };
		case 'area':
			return { ...common, precisionMeters: 10 };
		case 'walking-network':
			return { ...common, precisionMeters: 5 };
		default:
			return unknownKind(layer.kind);
	}
}

function unknownKind(kind: never): never {
	throw new Error(`Unknown layer kind ${String(kind)}`);
}

/** What the user must fix, per field, in Swedish. Fields not named here are fine. */
const MESSAGES: Record<string, string> = {
	name: 'Ange ett namn.',
	district: 'Välj en stadsdel.',
	drawing: 'Välj hur scenen är kartlagd.',
	category: 'Välj en kategori.',
	part: 'Välj Järva eller Spånga.',
	areaClass: 'Välj en klassning.',
	districts: 'Välj minst en stadsdel.',
	year: 'Ange ett år mellan 2000 och 2100.',
	precision: 'Välj en precision.',
	precisionMeters: 'Ange osäkerheten i meter, 0 eller mer.',
	source: 'Skriv varifrån uppgiften kommer (minst 3 tecken).',
	example: 'Ange om objektet är ett exempel.'
};

/** Drops what the server would refuse as empty: a blank note is no note. */
export function cleanProperties(properties: Properties): Properties {
	const clean = { ...properties };
	for (const key of ['note', 'category']) {
		if (typeof clean[key] === 'string' && (clean[key] as string).trim() === '') delete clean[key];
	}
	return clean;
}

/**
 * Checks attributes as the server will (the layer kind's schema), and that a scene's year is its
 * layer's. Returns a Swedish message per field that is wrong; an empty object means valid.
 */
export function propertyProblems(layer: LayerDefinition, properties: Properties): Record<string, string> {
	const candidate = cleanProperties(properties);
	// A new feature has no id yet: the server makes one, so stand in a valid one for the check.
	if (candidate.id === undefined) candidate.id = 'ny';
	const parsed = v.safeParse(PROPERTY_SCHEMAS[layer.kind], candidate);
	const problems: Record<string, string> = {};
	if (!parsed.success) {
		for (const issue of parsed.issues) {
			const field = String(issue.path?.[0]?.key ?? '');
			if (field && !problems[field]) problems[field] = MESSAGES[field] ?? issue.message;
		}
	}
	if (layer.kind === 'drug-scene' && layer.year !== null && candidate.year !== layer.year && !problems.year) {
		problems.year = `Året ska vara lagrets år, ${layer.year}.`;
	}
	return problems;
}
