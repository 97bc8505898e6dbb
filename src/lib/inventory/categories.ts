/**
 * What a trygghetsinventering records: the categories of findings, each with the questions a
 * walking group asks at a stop, the three severities, and the schema a finding is checked
 * against on the device and again on the server.
 */
import * as v from 'valibot';
import { formatValue, stockholmPosition, timestamp } from './fields';

export interface FindingCategory {
	id: string;
	sv: string;
	en: string;
	/** 2–4 short questions to ask at a stop, in the order a group would ask them. */
	checklist: readonly string[];
}

/**
 * The finding categories in the order the form lists them; `annat` last so that it is the
 * choice left when nothing else fits, not the first one tapped.
 */
export const FINDING_CATEGORIES = [
	{
		id: 'belysning',
		sv: 'Belysning',
		en: 'Lighting',
		checklist: [
			'Är det så ljust att man känner igen ett ansikte på några meters håll?',
			'Finns det trasiga eller släckta lampor?',
			'Bländar belysningen eller lämnar den mörka skuggor?'
		]
	},
	{
		id: 'vegetation',
		sv: 'Skymmande vegetation',
		en: 'Vegetation blocking sight',
		checklist: [
			'Skymmer buskar eller träd sikten längs vägen?',
			'Skymmer grönskan lamporna?',
			'Finns det buskage där någon kan gömma sig?'
		]
	},
	{
		id: 'nedskrapning',
		sv: 'Nedskräpning',
		en: 'Litter',
		checklist: [
			'Ligger det skräp, fimpar eller sprutor på marken?',
			'Är papperskorgarna fulla eller trasiga?',
			'Står det grovsopor eller övergivna saker här?'
		]
	},
	{
		id: 'klotter-skadegorelse',
		sv: 'Klotter och skadegörelse',
		en: 'Graffiti and vandalism',
		checklist: [
			'Finns det klotter eller taggar?',
			'Finns det krossat glas eller annan skadegörelse?',
			'Är klottret hotfullt eller kränkande?'
		]
	},
	{
		id: 'trasig-utrustning',
		sv: 'Trasig utrustning',
		en: 'Broken equipment',
		checklist: [
			'Är bänkar, lekredskap eller staket trasiga?',
			'Fungerar dörrar, lås och porttelefoner?',
			'Finns det trasig markbeläggning att snubbla på?'
		]
	},
	{
		id: 'orienterbarhet',
		sv: 'Orienterbarhet',
		en: 'Poor orientation and signage',
		checklist: [
			'Är det lätt att se vart man ska gå härifrån?',
			'Finns det skyltar till hållplatser, entréer och gator?',
			'Finns det en annan väg att välja om man vill undvika någon?'
		]
	},
	{
		id: 'entreer-trapphus',
		sv: 'Entréer och trapphus',
		en: 'Entrances and stairwells',
		checklist: [
			'Är entrén upplyst och synlig från gatan?',
			'Kan man se in i trapphuset innan man går in?',
			'Går dörren i lås efter en?'
		]
	},
	{
		id: 'parkering-garage',
		sv: 'Parkering och garage',
		en: 'Parking and garages',
		checklist: [
			'Är hela garaget eller parkeringen upplyst?',
			'Finns det skymda hörn där någon kan gömma sig?',
			'Är det lätt att hitta ut?'
		]
	},
	{
		id: 'tunnlar-gangvagar',
		sv: 'Tunnlar och gångvägar',
		en: 'Tunnels and paths',
		checklist: [
			'Ser man genom tunneln till andra sidan?',
			'Finns det en annan väg om man vill undvika tunneln?',
			'Syns gångvägen från bostäder eller gator runt om?'
		]
	},
	{
		id: 'annat',
		sv: 'Annat',
		en: 'Other',
		checklist: ['Vad gör att platsen känns otrygg?', 'Vad skulle göra platsen tryggare?']
	}
] as const satisfies readonly FindingCategory[];

export type FindingCategoryId = (typeof FINDING_CATEGORIES)[number]['id'];

export const FINDING_CATEGORY_IDS = FINDING_CATEGORIES.map((c) => c.id) as readonly FindingCategoryId[];

/**
 * The category with this id.
 *
 * @example
 * findingCategory('belysning').sv; // 'Belysning'
 * findingCategory('lampor'); // throws: Okänd kategori "lampor": välj en av belysning, …
 */
export function findingCategory(id: string): FindingCategory {
	const category = FINDING_CATEGORIES.find((c) => c.id === id);
	if (!category) throw new RangeError(unknownCategory(id));
	return category;
}

function unknownCategory(id: unknown): string {
	return `Okänd kategori ${formatValue(id)}: välj en av ${FINDING_CATEGORY_IDS.join(', ')}`;
}

/** How much a finding weighs on the feeling of safety, as the group judges it at the stop. */
export type Severity = 1 | 2 | 3;

export const SEVERITIES = {
	1: { sv: 'Låg', en: 'Low' },
	2: { sv: 'Medel', en: 'Medium' },
	3: { sv: 'Hög', en: 'High' }
} as const satisfies Record<Severity, { sv: string; en: string }>;

/** The most photos one finding carries: enough to show a place, few enough to sync on 4G. */
export const MAX_PHOTOS = 6;

/** Long enough for what a group says at a stop, short enough to read in a list. */
export const MAX_NOTE_LENGTH = 2000;

/**
 * A finding as the device records it. `clientId` is made on the device when the finding is
 * recorded and is the idempotency key: the server answers a repeated clientId with the finding
 * it already stored, so a finding resent after a lost response is stored once.
 *
 * @example
 * const result = v.safeParse(FindingInput, body);
 * if (!result.success) error(400, result.issues[0].message);
 * // "Positionen [59.41, 17.93] ligger utanför Stockholm (…); har longitud och latitud bytt plats?"
 */
export const FindingInput = v.object({
	category: v.picklist(FINDING_CATEGORY_IDS, (issue) => unknownCategory(issue.input)),
	severity: v.picklist(
		[1, 2, 3] as const,
		(issue) => `Ogiltig allvarlighetsgrad ${formatValue(issue.input)}: välj 1 (Låg), 2 (Medel) eller 3 (Hög)`
	),
	note: v.optional(
		v.pipe(
			v.string('Anteckningen ska vara text'),
			v.trim(),
			v.maxLength(
				MAX_NOTE_LENGTH,
				(issue) => `Anteckningen har ${issue.received} tecken; högst ${MAX_NOTE_LENGTH} får plats`
			)
		),
		''
	),
	position: stockholmPosition,
	/** The stop of the walk the finding belongs to (the nearest, or one chosen); one no longer in the walk is stored as none. */
	stopId: v.optional(v.nullable(v.pipe(v.string('stopId ska vara text'), v.maxLength(100, 'stopId är längre än 100 tecken')))),
	clientId: v.pipe(
		v.string('clientId ska vara ett UUID'),
		v.uuid((issue) => `clientId ${formatValue(issue.input)} är inget UUID`)
	),
	createdAt: timestamp('createdAt'),
	photos: v.optional(
		v.pipe(
			v.array(v.pipe(v.string(), v.nonEmpty('Ett foto-id är tomt')), 'photos ska vara en lista med foto-id'),
			v.maxLength(MAX_PHOTOS, (issue) => `Fyndet har ${issue.received} foton; högst ${MAX_PHOTOS} får plats`),
			v.check(
				(ids) => new Set(ids).size === ids.length,
				(issue) => `Samma foto finns flera gånger i ${formatValue(issue.input)}`
			)
		),
		[]
	)
});

export type FindingInput = v.InferOutput<typeof FindingInput>;
