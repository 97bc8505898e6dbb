/**
 * The weekly meeting's focus places (issue 16, item 5): the types the server answers with, the
 * words the pages and the PDF use, and the valibot schemas the endpoints check input against.
 * No I/O.
 */
import * as v from 'valibot';
import { MeasureInput } from '../measures/status';
import { stockholmPosition } from '../inventory/fields';
import type { LonLat } from '../inventory/fields';

export const FOLLOW_UPS = ['klar', 'inte-klar', 'fortsatter'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];
export const FOLLOW_UP_LABELS: Record<FollowUp, string> = { klar: 'Klar', 'inte-klar': 'Inte klar', fortsatter: 'Fortsätter' };

/** Where a focus place is: a hot-spot cell, a point, or an object on a layer. */
export type FocusPlaceRef =
	| { kind: 'cell'; cellId: string; cellSize: number; geometry: GeoJSON.Polygon }
	| { kind: 'point' }
	| { kind: 'feature'; layerId: string; featureId: string };

export interface FocusMeasure {
	id: string;
	title: string;
	ownerOrganisationName: string;
	dueDate: string;
	status: string;
	open: boolean;
}

export interface FocusPlace {
	id: string;
	week: string;
	name: string;
	place: FocusPlaceRef;
	position: LonLat;
	ownerOrganisationId: string;
	ownerOrganisationName: string;
	text: string;
	/** The focus place of the week before that this one continues. */
	carriedFrom: string | null;
	/** Recorded in the next week's meeting. */
	followUp: { outcome: FollowUp; note: string | null; at: string; by: string } | null;
	measures: FocusMeasure[];
	mayEdit: boolean;
	version: number;
	createdAt: string;
	createdBy: string;
	updatedAt: string;
	updatedBy: string;
}

/** A proposed agenda point: where it comes from, where it is, and why. */
export interface AgendaProposal {
	source: 'hotspot' | 'new-place' | 'last-week';
	title: string;
	why: string;
	position: LonLat;
	district: string | null;
	/** For a cell: what a focus place made from it needs. */
	cell?: { cellId: string; cellSize: number; geometry: GeoJSON.Polygon };
	/** For last week's focus place. */
	focusPlaceId?: string;
}

export const NEW_PLACE_RULE =
	'En ny plats är en ruta på 200 × 200 m (samma rutnät som de heta områdena) med minst 2 rapporter denna vecka, där varken rutan eller någon av de åtta rutorna runt den hade en enda rapport under de fyra föregående veckorna.';

const text = (what: string, max: number) =>
	v.pipe(v.string(`${what} ska vara text`), v.trim(), v.minLength(3, `skriv ${what.toLowerCase()} (minst 3 tecken)`), v.maxLength(max, `${what} får vara högst ${max} tecken`));

const version = v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1));

export const FocusPlaceInput = v.object({
	week: v.pipe(v.string('ange veckan, t.ex. 2026-W49'), v.regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'veckan skrivs ÅÅÅÅ-Www, t.ex. 2026-W49')),
	place: v.variant('kind', [
		v.object({ kind: v.literal('cell'), cellId: v.pipe(v.string(), v.regex(/^E-?\d+N-?\d+$/, 'rutans id skrivs E<öst>N<norr>, t.ex. E674000N6586400')), cellSize: v.pipe(v.number(), v.integer(), v.minValue(50, 'rutstorleken är minst 50 m'), v.maxValue(1000, 'rutstorleken är högst 1000 m')) }),
		v.object({ kind: v.literal('point'), position: stockholmPosition }),
		v.object({ kind: v.literal('feature'), layerId: v.pipe(v.string(), v.nonEmpty('layerId är tomt')), featureId: v.pipe(v.string(), v.nonEmpty('featureId är tomt')) })
	], 'place.kind ska vara cell, point eller feature'),
	name: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(120, 'platsens namn får vara högst 120 tecken'))),
	ownerOrganisationId: v.pipe(v.string('ange den organisation som äger fokusplatsen'), v.nonEmpty('ange den organisation som äger fokusplatsen')),
	text: text('Texten', 500)
});
export type FocusPlaceInput = v.InferOutput<typeof FocusPlaceInput>;

export const FocusPlaceChange = v.object({
	baseVersion: version,
	name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1, 'platsens namn är tomt'), v.maxLength(120, 'platsens namn får vara högst 120 tecken'))),
	ownerOrganisationId: v.optional(v.pipe(v.string(), v.nonEmpty('ange den organisation som äger fokusplatsen'))),
	text: v.optional(text('Texten', 500))
});
export type FocusPlaceChange = v.InferOutput<typeof FocusPlaceChange>;

export const FollowUpInput = v.object({
	baseVersion: version,
	outcome: v.picklist(FOLLOW_UPS, 'uppföljningen ska vara klar, inte-klar eller fortsatter'),
	note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500, 'anteckningen får vara högst 500 tecken')))
});
export type FollowUpInput = v.InferOutput<typeof FollowUpInput>;

/** A short-term measure: a new one (the app's measure fields; placed at the focus place) or an existing one by id. */
export const FocusMeasureInput = v.union(
	[v.object({ measure: MeasureInput }), v.object({ measureId: v.pipe(v.string(), v.nonEmpty('measureId är tomt'), v.maxLength(80)) })],
	'ange en ny åtgärd ({ measure: { title, ownerOrganisationId, dueDate, status } }) eller en befintlig ({ measureId })'
);
export type FocusMeasureInput = v.InferOutput<typeof FocusMeasureInput>;
