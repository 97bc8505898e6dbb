import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { countIncidents, weightedDisplacementQuotient, type IncidentAreas } from '$lib/analysis';
import { geometrySchema } from '$lib/geo/geometry';
import { answer, readJsonBody } from '$lib/server/http';
import { viewerOf } from '$lib/server/guard';
import type { RequestHandler } from './$types';
import { BadParamError } from '$lib/server/errors';

const count = v.pipe(v.number('ett antal ska vara ett tal'), v.integer('ett antal ska vara ett heltal'), v.minValue(0, 'ett antal kan inte vara negativt'));
const period = v.strictObject({ before: count, after: count });
const feature = (what: string) => v.literal('Feature', `${what} ska vara en GeoJSON-Feature ("type": "Feature")`);
// Every geometry is checked at the boundary (validateGeometry): the analysis gets only valid shapes and points.
const area = v.looseObject({
	type: feature('Ett område'),
	geometry: geometrySchema<Polygon | MultiPolygon>(['Polygon', 'MultiPolygon']),
	properties: v.optional(v.nullable(v.looseObject({}, 'properties ska vara ett objekt eller null')), null)
});
const incident = v.looseObject({
	type: feature('En händelse'),
	geometry: geometrySchema<Point>(['Point']),
	properties: v.looseObject({ period: v.picklist(['before', 'after'], 'period ska vara "before" (före) eller "after" (efter)') }, 'properties ska vara ett objekt med period')
});
const countsBody = v.strictObject({ counts: v.strictObject({ target: period, buffer: period, control: period }) });
const incidentsBody = v.strictObject({
	incidents: v.looseObject({
		type: v.literal('FeatureCollection', 'incidents ska vara en GeoJSON-FeatureCollection'),
		features: v.array(incident, 'incidents.features ska vara en lista med punkter')
	}),
	areas: v.strictObject({ target: area, buffer: area, control: area })
});
const USAGE =
	'Skicka antingen {"counts": {"target": {"before", "after"}, "buffer": …, "control": …}} eller {"incidents": FeatureCollection, "areas": {"target", "buffer", "control"}}.';

/** Picks the schema by the key the client sent, so the message points at the real mistake. */
function parseBody(input: unknown) {
	const schema = input && typeof input === 'object' && 'incidents' in input ? incidentsBody : countsBody;
	const parsed = v.safeParse(schema, input);
	if (parsed.success) return parsed.output;
	const issue = parsed.issues[0];
	const path = v.getDotPath(issue) ?? 'body';
	throw new BadParamError(path, `Ogiltig förfrågan vid ${path}: ${issue.message}. ${USAGE}`);
}

/**
 * Weighted Displacement Quotient and Total Net Effect (Bowers & Johnson 2003).
 * Body: `{ "counts": { "target": {"before","after"}, "buffer": {…}, "control": {…} } }` or
 * `{ "incidents": FeatureCollection<Point, {period: "before"|"after"}>, "areas": { target, buffer, control } }`.
 */
export const POST = ((event) =>
	answer(async () => {
		// The hook has refused anonymous requests already; checked again here like every endpoint (defence in depth).
		viewerOf(event);
		const input = parseBody(await readJsonBody(event.request, 500_000));
		const counts =
			'counts' in input
				? input.counts
				: countIncidents(input.incidents as FeatureCollection<Point>, input.areas as IncidentAreas);
		return json(weightedDisplacementQuotient(counts));
	})) satisfies RequestHandler;
