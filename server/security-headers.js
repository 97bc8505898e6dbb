/**
 * Headers every response carries, static files included: set by the server entry (server/index.js)
 * before adapter-node answers, and by hooks.server.ts on what SvelteKit answers (also under
 * `vite dev`). Plain JavaScript because the entry runs as it is, unbundled, beside the build.
 * The Content-Security-Policy comes from svelte.config.js (pages only).
 */
export const SECURITY_HEADERS = Object.freeze({
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin',
	'cross-origin-resource-policy': 'same-origin',
	// Geolocation and camera are for the field mode (safety walks) on this origin only.
	'permissions-policy': 'geolocation=(self), camera=(self), microphone=()'
});
