import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { LAYER_KINDS, type LayerKind } from '$lib/layers/catalog';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import type { RequestHandler } from './$types';

/** The layers a client can show: id, title, kind, year, feature count, source and precision. */
export const GET = ((event) =>
	answer(() =>
		json({ layers: layersFor(event).list() }, { headers: { 'cache-control': 'private, no-cache' } })
	)) satisfies RequestHandler;

const GEOMETRY_OF: Record<LayerKind, 'Polygon' | 'Point' | 'LineString'> = {
	district: 'Polygon',
	'area-class': 'Polygon',
	'drug-scene': 'Polygon',
	'insecure-place': 'Point',
	area: 'Polygon',
	// A deployment's own walking network (imported from its GIS): walks are routed on it.
	'walking-network': 'LineString'
};

const text = (min: number, max: number) => v.pipe(v.string(), v.trim(), v.minLength(min), v.maxLength(max));
const newLayer = v.pipe(
	v.object({
		id: v.pipe(v.string(), v.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id ska vara små bokstäver, siffror och bindestreck, t.ex. drogscener-2024'), v.maxLength(60)),
		title: text(3, 120),
		titleEn: v.optional(text(3, 120)),
		kind: v.picklist(LAYER_KINDS, `kind ska vara en av ${LAYER_KINDS.join(', ')}`),
		year: v.nullish(v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2100))),
		source: text(3, 500),
		precision: text(3, 500),
		approximate: v.optional(v.boolean(), true),
		/** Admins only: organisation ids, or null for all partners. Others' layers start with their own organisation. */
		visibleTo: v.optional(
			v.nullable(
				v.pipe(
					v.array(v.pipe(v.string('ett organisations-id ska vara text'), v.minLength(1, 'ett organisations-id är tomt'), v.maxLength(60))),
					// [] would be stored as no rows, which means all partners: say null for that.
					v.minLength(1, 'ange minst en organisation, eller null för alla parter')
				)
			)
		)
	}),
	v.check((l) => l.kind !== 'drug-scene' || typeof l.year === 'number', 'ett lager med drogscener behöver ett år (year)')
);

/** Makes a new, empty layer: e.g. the drug scenes of 2024, or a new survey of insecure places. */
export const POST = ((event) =>
	answer(async () => {
		// Role first: a läsare hears 403 whatever the body holds.
		requireRole(event, 'redaktör');
		const body = await readWrite(event.request, newLayer);
		return write(event, async () => {
			const layer = await layersFor(event).createLayer(
				{
					id: body.id,
					title: body.title,
					titleEn: body.titleEn ?? body.title,
					kind: body.kind,
					year: body.year ?? null,
					geometry: GEOMETRY_OF[body.kind],
					source: body.source,
					precision: body.precision,
					approximate: body.approximate,
					editable: true
				},
				body.visibleTo
			);
			await audit(event, { action: 'layer-create', target: layer.id, detail: { visibleTo: layer.visibleTo } });
			return json({ layer }, { status: 201 });
		});
	})) satisfies RequestHandler;
