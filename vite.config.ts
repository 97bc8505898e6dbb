import { availableParallelism } from 'node:os';
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
	build: {
		rolldownOptions: {
			output: {
				// Fewer, larger chunks for what every page (the framework) or every map page (MapLibre and
				// the libraries only maps use) loads anyway: each chunk boundary costs import/export lists
				// and compresses apart (issue 14: the map page's JavaScript, measured in `npm run bench`).
				codeSplitting: {
					groups: [
						{ name: 'framework', test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|clsx|esm-env)[\\/]/ },
						{ name: 'maplibre', test: /node_modules[\\/](maplibre-gl|pmtiles|fflate|polylabel|tinyqueue)[\\/]/ }
					]
				}
			}
		}
	},
	test: {
		include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/pg/**/*.test.ts'],
		environment: 'node',
		// The files a worker runs share its module cache instead of importing everything anew per file
		// (CPU 178 → 98 s for the whole run, most of it imports: docs/testing.md). Safe while tests
		// keep their state in what they create: no vi.mock, no process.env writes, no fake timers, and
		// stores made with createServices(db), never the process's services() (checked when this was set).
		isolate: false,
		// At least two forks: Vitest's default is the cores minus one, one fork on two cores, which ran the
		// files one after another while it waited on PostgreSQL and the disk (Duration 252 → 135 s on this
		// 2-core machine: docs/testing.md "Tid"). More cores keep Vitest's default.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		// One PostgreSQL server for the run, started when a test first needs it (test/pg/global-setup.ts).
		globalSetup: ['test/pg/global-setup.ts'],
		expect: { requireAssertions: true },
		benchmark: { include: ['src/**/*.bench.ts', 'test/bench/**/*.bench.ts'] }
	}
});
