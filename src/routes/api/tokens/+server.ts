import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { audit, viewerOf, write } from '$lib/server/guard';
import { answer } from '$lib/server/http';
import { readWrite } from '$lib/server/write-request';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The account's own personal access tokens (never their secrets): `{ tokens }`. Any role. */
export const GET = ((event) =>
	answer(async () => {
		const viewer = viewerOf(event);
		return json({ tokens: await services().tokens.list(viewer.id) });
	})) satisfies RequestHandler;

const NewToken = v.object({ name: v.unknown(), expiresInDays: v.optional(v.unknown()) });

/**
 * A new token for the logged-in account: `{ name, expiresInDays? }` (1–365, default 90) → 201
 * `{ token, accessToken }`. `token` is the secret, answered this once; only its hash is kept.
 * Read-only: it lets a GIS client read /ogc as this account, nothing else.
 */
export const POST = ((event) =>
	answer(async () => {
		const viewer = viewerOf(event);
		const body = await readWrite(event.request, NewToken, 4_096);
		return write(event, async () => {
			const made = await services().tokens.create(viewer.id, body);
			await audit(event, { action: 'token-create', target: `token/${made.accessToken.id}`, detail: { name: made.accessToken.name, expiresAt: made.accessToken.expiresAt } });
			return json(made, { status: 201, headers: { 'cache-control': 'no-store' } });
		});
	})) satisfies RequestHandler;
