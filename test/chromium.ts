import { existsSync } from 'node:fs';

/**
 * Debian's Chromium as the tests and benchmarks launch it (STACK.md): Playwright's own browser
 * download does not work here. WebGL then runs on SwiftShader; never pass --use-gl=swiftshader.
 * The background-networking flags keep Chromium from calling home on a machine with no internet.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The end-to-end tests drive Debian's chromium-headless-shell when it is there: the same Chromium
 * (same version, Blink and SwiftShader) in its old headless mode, the build Playwright itself runs
 * headless. It has no browser window to draw, so a test costs about a fifth less CPU than in
 * `chromium --headless`. `npm test` installs it (scripts/ensure-chromium.sh); without it the tests
 * run in chromium. CHROMIUM_PATH overrides both.
 */
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const E2E_CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
