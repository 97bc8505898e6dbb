/**
 * What the meeting and saved-view routes accept, as valibot schemas with Swedish messages that
 * quote the bad value. The routes read bodies with `readWrite(request, schema)`, which turns the
 * first problem into a 400 naming where it is.
 */
import type { Polygon } from 'geojson';
import * as v from 'valibot';
import { validateGeometry } from '$lib/geo/geometry';
import { calendarDate, formatValue, isInStockholm } from '$lib/inventory/fields';
import { MEASURE_STATUSES } from '$lib/measures/status';

const version = v.pipe(
	v.number('baseVersion ska vara versionen du utgick från, ett heltal'),
	v.integer('baseVersion ska vara ett heltal'),
	v.minValue(1, 'baseVersion ska vara 1 eller mer')
);

function text(what: string, min: number, max: number) {
	return v.pipe(
		v.string(`${what} ska vara text`),
		v.trim(),
		v.minLength(min, (issue) => `${what} ${formatValue(issue.input)} är för kort: skriv minst ${min} tecken`),
		v.maxLength(max, (issue) => `${what} har ${issue.received} tecken; högst ${max} får plats`)
	);
}

const id = (what: string) =>
	v.pipe(v.string(`${what} ska vara text`), v.nonEmpty(`${what} är tomt`), v.maxLength(120, `${what} är för långt`));

const participants = v.pipe(
	v.array(text('Ett deltagarnamn', 1, 120), 'participants ska vara en lista med namn, t.ex. ["Anna Andersson, SDF"]'),
	v.maxLength(80, 'Högst 80 deltagare')
);

const organisationIds = v.pipe(
	v.array(id('Ett organisations-id'), 'organisationIds ska vara en lista med organisations-id, t.ex. ["sdf-jarva", "polis-jarva"]'),
	v.maxLength(30, 'Högst 30 organisationer')
);

export const NewMeeting = v.object({
	title: text('Rubriken', 3, 200),
	date: calendarDate('Datumet'),
	participants: v.optional(participants, []),
	organisationIds: v.optional(organisationIds, [])
});
export type NewMeeting = v.InferOutput<typeof NewMeeting>;

export const MeetingChange = v.object({
	baseVersion: version,
	title: v.optional(text('Rubriken', 3, 200)),
	date: v.optional(calendarDate('Datumet')),
	participants: v.optional(participants),
	organisationIds: v.optional(organisationIds)
});
export type MeetingChange = v.InferOutput<typeof MeetingChange>;

/** Most corners an area drawn for a meeting may have: it is a sketch, not a survey. */
export const MAX_AREA_POSITIONS = 2000;

/** A closed, simple polygon inside Stockholm, as drawn on the meeting map. */
const area = v.custom<Polygon>(
	(input) => areaProblem(input) === null,
	(issue) => areaProblem(issue.input) ?? 'Ogiltig yta'
);

export function areaProblem(input: unknown): string | null {
	const geometry = input as Polygon | null;
	if (!geometry || typeof geometry !== 'object' || geometry.type !== 'Polygon' || !Array.isArray(geometry.coordinates)) {
		return `Ytan ska vara en GeoJSON-polygon ({"type": "Polygon", "coordinates": [[[lon, lat], …]]}), inte ${formatValue((geometry as { type?: unknown } | null)?.type ?? geometry)}`;
	}
	const count = geometry.coordinates.reduce((n, ring) => n + (Array.isArray(ring) ? ring.length : 0), 0);
	if (count > MAX_AREA_POSITIONS) return `Ytan har ${count} hörn; högst ${MAX_AREA_POSITIONS} tas emot`;
	const problem = validateGeometry(geometry);
	if (problem) return problem.replace(/\.$/, '');
	for (const ring of geometry.coordinates) {
		for (const position of ring) {
			if (!isInStockholm([position[0]!, position[1]!])) {
				return `Hörnet ${formatValue(position)} ligger utanför Stockholm: rita ytan där mötets platser är`;
			}
		}
	}
	return null;
}

export const NewItem = v.variant(
	'kind',
	[
		v.object({ kind: v.literal('feature'), layerId: id('layerId'), featureId: id('featureId') }),
		v.object({ kind: v.literal('area'), title: text('Namnet på ytan', 2, 120), geometry: area })
	],
	(issue) => `kind ska vara "feature" (ett objekt på ett lager) eller "area" (en yta ritad för mötet), inte ${formatValue(issue.input)}`
);
export type NewItem = v.InferOutput<typeof NewItem>;

export const Order = v.object({
	baseVersion: version,
	itemIds: v.pipe(v.array(id('Ett punkt-id'), 'itemIds ska vara listan med dagordningens punkter i ny ordning'), v.maxLength(200))
});

/** A place's saved camera: a centre in Stockholm, a zoom a meeting would use, a bearing. */
const camera = v.object(
	{
		center: v.custom<[number, number]>(
			(input) => Array.isArray(input) && input.length === 2 && input.every((n) => typeof n === 'number' && Number.isFinite(n)) && isInStockholm(input as [number, number]),
			'camera.center ska vara [longitud, latitud] i WGS84 inom Stockholm'
		),
		zoom: v.pipe(v.number('camera.zoom ska vara ett tal'), v.minValue(10, 'camera.zoom ska vara 10–19'), v.maxValue(19, 'camera.zoom ska vara 10–19')),
		bearing: v.optional(v.pipe(v.number('camera.bearing ska vara ett tal'), v.minValue(-180, 'camera.bearing ska vara −180–180'), v.maxValue(180, 'camera.bearing ska vara −180–180')), 0)
	},
	'camera ska vara { center, zoom, bearing } eller null'
);

export const ItemChange = v.object({
	baseVersion: version,
	camera: v.optional(v.nullable(camera)),
	notes: v.optional(v.pipe(v.string('Anteckningarna ska vara text'), v.maxLength(20_000, (issue) => `Anteckningarna har ${issue.received} tecken; högst 20000 får plats`))),
	title: v.optional(text('Rubriken', 2, 120))
});

export const Removal = v.object({ baseVersion: version });

/** The measure a decision makes; place and position come from the agenda item. */
export const DecisionMeasure = v.object({
	title: v.unknown(),
	description: v.optional(v.unknown()),
	ownerOrganisationId: v.unknown(),
	dueDate: v.unknown(),
	status: v.optional(
		v.picklist(MEASURE_STATUSES, (issue) => `Okänd status ${formatValue(issue.input)}: välj en av ${MEASURE_STATUSES.join(', ')}`),
		'beslutad'
	)
});

export const NewDecision = v.object({
	text: text('Beslutet', 2, 4000),
	measure: v.optional(DecisionMeasure)
});
export type NewDecision = v.InferOutput<typeof NewDecision>;

/** Query parameters a saved view may hold (the map's and the meeting view's, see view-state.ts). */
export const VIEW_PARAMS = ['lager', 'ar', 'karta', 'analys', 'visa', 'jamfor', 'arpar', 'delning', 'mote', 'plats'] as const;

const viewName = text('Namnet', 2, 80);
const viewQuery = v.pipe(
	v.string('query ska vara vyns adress som frågesträng, t.ex. "lager=stadsdelar,drogscener&ar=2023"'),
	v.trim(),
	v.maxLength(2000, (issue) => `query har ${issue.received} tecken; högst 2000 får plats`)
);
const viewShared = v.boolean('shared ska vara true eller false');

export const NewView = v.object({
	name: viewName,
	query: viewQuery,
	shared: v.optional(viewShared, false)
});

export const ViewChange = v.object({
	baseVersion: version,
	name: v.optional(viewName),
	query: v.optional(viewQuery),
	shared: v.optional(viewShared)
});
