import { json } from '@sveltejs/kit';
import { answer } from '$lib/server/http';
import { layersFor } from '$lib/server/guard';
import type { RequestHandler } from './$types';

/** Every version of one feature, oldest first: who, when, what it was before and after. */
export const GET = ((event) =>
	answer(async () => {
		const { params } = event;
		const history = await layersFor(event).history(params.id, params.fid);
		if (history.length === 0) return json({ message: `Objektet ${params.fid} finns inte i ${params.id}.` }, { status: 404 });
		return json({ history });
	})) satisfies RequestHandler;
