import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, E2E_CHROMIUM_PATH } from './test/chromium';
import { serverEnv } from './test/e2e/accounts';
import type { E2eDatabase } from './test/e2e/own-server';

const port = Number(process.env.E2E_PORT ?? 4317);
// Every run starts from a fresh store, seeded from geodata/ like a first start.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'lageskarta-e2e-'));

/**
 * End-to-end tests against the real server (`node build`) in Debian's Chromium. Playwright's own
 * browser download does not work here (no internet), so the executable is given.
 */
/**
 * The API tests that write run a second time against the app on PostgreSQL (project 'postgres':
 * each worker's own server on its own throwaway cluster, own-server.ts): the same requests and
 * assertions on both databases. Pages are not run twice: what they draw comes from the same API.
 */
const ON_BOTH_DATABASES = ['access-ownership', 'inventory-api', 'meeting-api', 'store-api', 'uploads', 'malformed-geometry'].map((name) => `**/${name}.e2e.ts`);

export default defineConfig<object, { database: E2eDatabase }>({
	testDir: 'test/e2e',
	testMatch: '**/*.e2e.ts',
	projects: [
		{ name: 'sqlite' },
		{ name: 'postgres', testMatch: ON_BOTH_DATABASES, use: { database: 'postgres' } }
	],
	outputDir: 'test-results/e2e',
	// Two workers on two cores: one keeps ~1.6 cores busy (SwiftShader draws on both), two the rest
	// while the other waits on the server and timers. Measured with the same CPU-seconds: four
	// render-heavy files 163 → 145 s on a quiet machine, eight files 542 → 322 s under load from
	// other work (docs/testing.md).
	// The read-only files share the server below; the writing files each worker's own
	// (own-server.ts), so two workers never write on the same server. E2E_WORKERS=1 for one.
	workers: Number(process.env.E2E_WORKERS ?? 2),
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	// The JSON report feeds the closing 'N passed, N failed' line (scripts/test-summary.mjs), in CI or not.
	reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		viewport: { width: 1280, height: 800 },
		locale: 'sv-SE',
		launchOptions: { executablePath: E2E_CHROMIUM_PATH, args: CHROMIUM_ARGS }
	},
	webServer: {
		command: `node ${process.env.BUILD_DIR ?? 'build'}`,
		// A public file: every /api path answers 401 until logged in, which Playwright would not count as up.
		url: `http://127.0.0.1:${port}/basemap/jarva.pmtiles`,
		// Demo mode with a known password: tests log in as demo accounts (test/e2e/accounts.ts).
		env: serverEnv(`http://127.0.0.1:${port}`, dataDir),
		reuseExistingServer: false,
		timeout: 60_000
	}
});
