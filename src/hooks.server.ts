import type { Handle } from '@sveltejs/kit';

/** Headers every response carries; the Content-Security-Policy comes from svelte.config.js. */
const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	// Geolocation and camera are for the field mode (safety walks) on this origin only.
	'permissions-policy': 'geolocation=(self), camera=(self), microphone=()'
};

export const handle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(name)) response.headers.set(name, value);
	}
	return response;
};
