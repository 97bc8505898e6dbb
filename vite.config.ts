import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { fs: { allow: ['geodata'] } },
	test: {
		include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/pg/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		benchmark: { include: ['src/**/*.bench.ts', 'test/bench/**/*.bench.ts'] }
	}
});
