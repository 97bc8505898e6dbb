import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { protomapsLayers } from './src/lib/map/basemap-layers.ts';

export default defineConfig({
	plugins: [sveltekit()],
	// The basemap's Protomaps layers depend only on the theme: made here, once per build, so the
	// browser gets the layers, not the generator (src/lib/map/basemap-layers.ts). Restart `vite dev`
	// after changing the theme's basemap colours.
	define: { __PROTOMAPS_LAYERS__: JSON.stringify(protomapsLayers('basemap')) },
	server: { fs: { allow: ['geodata'] } },
	test: {
		include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		benchmark: { include: ['src/**/*.bench.ts', 'test/bench/**/*.bench.ts'] }
	}
});
