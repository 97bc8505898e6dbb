import { json } from '@sveltejs/kit';
import { FollowUpInput } from '$lib/weekly/focus';
import { answer } from '$lib/server/http';
import { audit, layersFor, requireRole, write } from '$lib/server/guard';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Last week's follow-up of a focus place, in this week's meeting: `{ baseVersion, outcome:
 * 'klar' | 'inte-klar' | 'fortsatter', note? }` → `{ focusPlace, carried }` (carried: the focus
 * place it continues as in the next week).
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = requireRole(event, 'redaktör');
		const store = services().focusPlaces;
		store.authorise(viewer, 'följa upp förra veckans fokusplatser');
		const input = await readWrite(event.request, FollowUpInput, 4_000);
		const layers = layersFor(event);
		return write(event, async () => {
			const result = await store.followUp(event.params.id, input, layers);
			await audit(event, { action: 'focus-place-follow-up', target: event.params.id, detail: { outcome: input.outcome, carried: result.carried?.id ?? null } });
			return json(result);
		});
	})) satisfies RequestHandler;
