import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { countIncidents, weightedDisplacementQuotient } from '$lib/analysis';
import { answer, readJsonBody } from '$lib/server/http';
import { viewerOf } from '$lib/server/guard';
import { BadParamError } from '$lib/server/params';
import type { RequestHandler } from './$types';

const count = v.pipe(v.number('ett antal ska vara ett tal'), v.integer('ett antal ska vara ett heltal'), v.minValue(0, 'ett antal kan inte vara negativt'));
const period = v.strictObject({ before: count, after: count });
const area = v.looseObject({ type: v.literal('Feature'), geometry: v.looseObject({ type: v.picklist(['Polygon', 'MultiPolygon']) }) });
const countsBody = v.strictObject({ counts: v.strictObject({ target: period, buffer: period, control: period }) });
const incidentsBody = v.strictObject({
	incidents: v.looseObject({ type: v.literal('FeatureCollection'), features: v.array(v.any()) }),
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
				: countIncidents(input.incidents as never, input.areas as never);
		return json(weightedDisplacementQuotient(counts));
	})) satisfies RequestHandler;
