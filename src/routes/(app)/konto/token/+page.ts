import { readJson } from '$lib/page-load';
import type { AccessTokenView } from '$lib/api';
import type { PageLoad } from './$types';

/** The account's personal access tokens for GIS clients (any role). */
export const load = (async ({ fetch, url, parent }) => {
	// The session first (the layout's): logged out, the layout sends the person to the login form.
	await parent();
	const { tokens } = await readJson<{ tokens: AccessTokenView[] }>(fetch, '/api/tokens', 'Åtkomsttoken');
	return { tokens, ogcUrl: `${url.origin}/ogc`, header: { title: 'Åtkomsttoken för GIS' } };
}) satisfies PageLoad;
