/**
 * Makes the PNG icons of the installable field app (static/icons/*.png) from static/icons/icon.svg,
 * drawn by the same Chromium the tests use. Run: `npx tsx scripts/build-icons.ts`.
 * The SVG's artwork keeps to the middle 80 %, so the same drawing serves as the maskable icon.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium';

const DIR = join(process.cwd(), 'static', 'icons');
const SIZES: [string, number][] = [
	['icon-192.png', 192],
	['icon-512.png', 512],
	['apple-touch-icon.png', 180]
];

const svg = readFileSync(join(DIR, 'icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
	for (const [name, size] of SIZES) {
		const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
		await page.setContent(`<html><body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
		await page.screenshot({ path: join(DIR, name), omitBackground: false });
		await page.close();
		console.log(`static/icons/${name} (${size}×${size})`);
	}
} finally {
	await browser.close();
}
