import { readJson, staffSession } from '$lib/page-load';
import type { AccessTokenView } from '$lib/api';
import type { PageLoad } from './$types';

/** The account's personal access tokens for GIS clients (any role). */
export const load = (async ({ fetch, url }) => {
	const session = await staffSession(fetch, 'dina åtkomsttoken', url);
	const { tokens } = await readJson<{ tokens: AccessTokenView[] }>(fetch, '/api/tokens', 'Åtkomsttoken');
	return { session, tokens, ogcUrl: `${url.origin}/ogc` };
}) satisfies PageLoad;
