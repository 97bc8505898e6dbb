import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { FocusPlaceChange } from '$lib/weekly/focus';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, viewerOf, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** A focus place with its history (every version: who, when, before, after); 404 when the viewer may not see it. */
export const GET = ((event) =>
	answer(async () => {
		const store = services().focusPlaces;
		const focusPlace = await store.get(event.params.id, layersFor(event));
		return json({ focusPlace, history: await store.history(focusPlace.id, viewerOf(event)) });
	})) satisfies RequestHandler;

/** Changes a focus place: `{ baseVersion, name?, ownerOrganisationId?, text? }`; a stale baseVersion is 409 with `current`. */
export const PATCH = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().focusPlaces;
		store.authorise(viewer);
		const change = await readWrite(event.request, FocusPlaceChange, 8_000);
		const layers = layersFor(event);
		return write(event, async () => {
			const focusPlace = await store.update(event.params.id, change, layers);
			await audit(event, { action: 'focus-place-update', target: focusPlace.id, detail: { version: focusPlace.version } });
			return json({ focusPlace });
		});
	})) satisfies RequestHandler;

/** Removes a focus place (kept in its history; its measures stay): `{ baseVersion }`. */
export const DELETE = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().focusPlaces;
		store.authorise(viewer);
		const { baseVersion } = await readWrite(event.request, v.object({ baseVersion: v.pipe(v.number('ange versionen som ett heltal'), v.integer(), v.minValue(1)) }), 4_000);
		const layers = layersFor(event);
		return write(event, async () => {
			await store.remove(event.params.id, baseVersion, layers);
			await audit(event, { action: 'focus-place-delete', target: event.params.id, detail: { baseVersion } });
			return new Response(null, { status: 204 });
		});
	})) satisfies RequestHandler;
