import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { withServerEntry } from './server/adapter.js';

const out = process.env.BUILD_DIR ?? 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// BUILD_DIR / SVELTEKIT_OUT_DIR let two builds run side by side (parallel work on one machine).
		// The server entry sets the security headers on static files too (server/index.js).
		adapter: withServerEntry(adapter({ out }), out),
		outDir: process.env.SVELTEKIT_OUT_DIR ?? '.svelte-kit',
		alias: { $geodata: 'geodata' },
		// Everything the page loads comes from this server: the policy makes the browser enforce
		// "offline by default" too. MapLibre runs under it (same-origin worker, fonts via FontFace).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'worker-src': ['self', 'blob:'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
