/**
 * Debian's Chromium as the tests and benchmarks launch it (STACK.md): Playwright's own browser
 * download does not work here. WebGL then runs on SwiftShader; never pass --use-gl=swiftshader.
 * The background-networking flags keep Chromium from calling home on a machine with no internet.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];
