/**
 * The two writes an editor makes most – adding a feature (POST /api/layers/{id}/features) and
 * changing one (PUT /api/layers/{id}/features/{fid}) – as one code for their endpoints and for the
 * write fast path (write-fast-path.ts), which runs them without SvelteKit's request conversion:
 * the checks before the body is read, the body's schema, the change and its audit row in one
 * `write` (group commit), and the answer.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { json } from '@sveltejs/kit';
import type * as v from 'valibot';
import { audit, layersFor, requireRole, write } from './guard';
import type { LayerView } from './layer-view';
import { checkWrite, readWrite, WRITE_SCHEMAS } from './write-request';

/** What a feature write needs of its request (the fast path makes this much of one). */
export type WriteEvent = Pick<RequestEvent, 'locals' | 'getClientAddress'>;

export interface FeatureParams {
	id: string;
	fid: string;
}

interface FeatureWrite<S extends v.GenericSchema, P> {
	schema: S;
	/**
	 * Before the body is read: a hidden or unknown layer is a 404, an object the viewer may not
	 * change a 403 (a 400 for the body would tell it exists). The role is checked before this.
	 */
	check(view: LayerView, params: P): void;
	/** The change and its audit row, inside the write; the status and body of the answer. */
	change(event: WriteEvent, params: P, body: v.InferOutput<S>): Promise<{ status: number; body: Record<string, unknown> }>;
}

const create: FeatureWrite<typeof WRITE_SCHEMAS.create, Pick<FeatureParams, 'id'>> = {
	schema: WRITE_SCHEMAS.create,
	check: (view, { id }) => void view.writable(id),
	async change(event, { id }, body) {
		const feature = await layersFor(event).createFeature(id, body.feature);
		await audit(event, { action: 'feature-create', target: `${id}/${feature.properties.id}` });
		return { status: 201, body: { feature } };
	}
};

const update: FeatureWrite<typeof WRITE_SCHEMAS.update, FeatureParams> = {
	schema: WRITE_SCHEMAS.update,
	check: (view, { id, fid }) => void view.writableObject(id, fid),
	async change(event, { id, fid }, body) {
		const feature = await layersFor(event).updateFeature(id, fid, body.baseVersion, body.feature);
		await audit(event, { action: 'feature-update', target: `${id}/${fid}`, detail: { version: feature.version } });
		return { status: 200, body: { feature } };
	}
};

export const FEATURE_WRITES = { create, update };

/**
 * The fast path's part, after the role: the object check now (it throws, and the fast path then
 * hands the request on unread), and the change for a body it has parsed itself.
 */
export function checkedFeatureWrite<S extends v.GenericSchema, P>(
	view: LayerView,
	event: WriteEvent,
	kind: FeatureWrite<S, P>,
	params: P
): (body: unknown) => Promise<{ status: number; body: Record<string, unknown> }> {
	kind.check(view, params);
	return (body) => {
		const checked = checkWrite(kind.schema, body);
		return write(event, () => kind.change(event, params, checked));
	};
}

/** The endpoint's part (inside `answer`): role, check, body, change – what the fast path does too. */
export async function featureWrite<S extends v.GenericSchema, P>(
	event: Pick<RequestEvent, 'locals' | 'getClientAddress' | 'url' | 'request'>,
	kind: FeatureWrite<S, P>,
	params: P
): Promise<Response> {
	// Role first: a läsare hears 403 whatever the body holds.
	requireRole(event, 'redaktör');
	kind.check(layersFor(event), params);
	const body = await readWrite(event.request, kind.schema);
	const answer = await write(event, () => kind.change(event, params, body));
	return json(answer.body, { status: answer.status });
}
