import { json } from '@sveltejs/kit';
import { audit, viewerOf, write } from '$lib/server/guard';
import { BadParamError } from '$lib/server/errors';
import { answer } from '$lib/server/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Revokes one of the account's own tokens → `{ accessToken }` (another account's token: 404). */
export const DELETE = ((event) =>
	answer(() => {
		const viewer = viewerOf(event);
		if (!/^\d{1,12}$/.test(event.params.id)) throw new BadParamError('id', `”${event.params.id.slice(0, 40)}” är inget token-id (ett heltal, se GET /api/tokens).`);
		return write(event, async () => {
			const accessToken = await services().tokens.revoke(viewer.id, Number(event.params.id));
			await audit(event, { action: 'token-revoke', target: `token/${accessToken.id}`, detail: { name: accessToken.name } });
			return json({ accessToken });
		});
	})) satisfies RequestHandler;
