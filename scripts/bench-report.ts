/**
 * `npx tsx scripts/bench-report.ts` (part of `npm run bench`): generating the whole "Lägesbild
 * Järva 2023" (the demo: every section, seven figures) as PDF with Typst, against printing the
 * same document as one HTML page to PDF in Chromium (Playwright, Debian's Chromium), in the same
 * run. Both sides get the same text, tables and SVG figures from buildReport and the same Noto
 * Sans files; the figures are built once and timed on their own.
 *
 * Medians of BENCH_REPORT_RUNS runs (default 7) after one warm-up each, alternating sides.
 * Chromium is launched once and kept (as a server would); its launch is reported apart.
 * Prints a table and writes bench-results/report.json. The ratio is the point: absolute times
 * depend on the machine and its load.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildReport } from '../src/lib/report/document';
import { demoReportInput } from '../src/lib/report/testing/demo-input';
import { compilePdf } from '../src/lib/server/report/compile-pdf';
import { reportFonts } from '../src/lib/server/report/fonts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium';
import { reportHtml } from './bench/report-html';
import { median, ratio, table } from './bench/stats';

const RUNS = Number(process.env['BENCH_REPORT_RUNS'] ?? 7);
const ms = (n: number) => n.toFixed(0);

function pages(pdf: Buffer): number | null {
	const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
	try {
		const file = join(dir, 'x.pdf');
		writeFileSync(file, pdf);
		const info = execFileSync('pdfinfo', [file], { encoding: 'utf8', stdio: 'pipe' });
		return Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
	} catch {
		return null; // pdfinfo missing: the bench still measures
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function main() {
	if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH} (see STACK.md).`);
	const input = demoReportInput();
	const [regular, , bold] = reportFonts();
	const timed = <T>(f: () => T): [T, number] => {
		const start = performance.now();
		const value = f();
		return [value, performance.now() - start];
	};

	const buildTimes: number[] = [];
	let report = buildReport(input);
	for (let i = 0; i < RUNS; i++) {
		const [d, t] = timed(() => buildReport(input));
		report = d;
		buildTimes.push(t);
	}
	const html = reportHtml(report, { regular: regular!, bold: bold! });

	const launchStart = performance.now();
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	const launchMs = performance.now() - launchStart;
	const page = await browser.newPage();
	const printHtml = async () => {
		const start = performance.now();
		await page.setContent(html, { waitUntil: 'load' });
		await page.evaluate(() => document.fonts.ready);
		const pdf = await page.pdf({ format: 'A4', printBackground: true });
		return [pdf, performance.now() - start] as const;
	};

	// the first run of each is reported on its own: Typst's first compile reads its fonts and
	// fills its caches, Chromium's first page starts its renderer
	let [typstPdf, typstFirst] = timed(() => compilePdf(report));
	let [chromePdf, chromeFirst] = await printHtml();
	const typstTimes: number[] = [];
	const variedTimes: number[] = [];
	const chromeTimes: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const [pdf, t] = timed(() => compilePdf(report));
		typstPdf = pdf;
		typstTimes.push(t);
		// another reader's edition: the data differs, so Typst's memoised layout is only partly reusable
		const varied = { ...report, files: { ...report.files, 'data.json': report.files['data.json']!.replace('"reader": "', `"reader": "Läsare ${i} `) } };
		variedTimes.push(timed(() => compilePdf(varied))[1]);
		const [cpdf, ct] = await printHtml();
		chromePdf = cpdf;
		chromeTimes.push(ct);
	}
	await browser.close();

	const typst = median(typstTimes);
	const typstVaried = median(variedTimes);
	const chrome = median(chromeTimes);
	const build = median(buildTimes);
	const rows = [
		['figures and data (buildReport, shared)', ms(build), '', ''],
		['Typst: compile to PDF', ms(typst), String(Math.round(typstPdf.length / 1024)), String(pages(typstPdf) ?? '?')],
		['Chromium: HTML to PDF (warm browser)', ms(chrome), String(Math.round(chromePdf.length / 1024)), String(pages(Buffer.from(chromePdf)) ?? '?')],
		['Typst: another reader (data changed)', ms(typstVaried), '', ''],
		['Typst: first compile in the process', ms(typstFirst), '', ''],
		['Chromium: first print in the browser', ms(chromeFirst), '', ''],
		['Chromium: launch (once per process)', ms(launchMs), '', '']
	];
	console.log(`\nLägesbild Järva 2023 as PDF (demo, ${RUNS} runs each, medians; load ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores)`);
	console.log(table(['step', 'ms', 'kB', 'pages'], rows));
	console.log(
		`Chromium/Typst time: ${ratio(chrome, typst)} same data, ${ratio(chrome, typstVaried)} another reader's data; ` +
			`whole document incl. figures: ${ratio(chrome + build, typstVaried + build)}`
	);

	mkdirSync('bench-results', { recursive: true });
	writeFileSync(
		'bench-results/report.json',
		JSON.stringify(
			{
				runs: RUNS,
				loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
				buildMs: { median: build, all: buildTimes },
				typstMs: { median: typst, all: typstTimes, first: typstFirst, otherReader: typstVaried, bytes: typstPdf.length },
				chromiumMs: { median: chrome, all: chromeTimes, first: chromeFirst, bytes: chromePdf.length, launchMs },
				chromiumOverTypst: chrome / typst,
				chromiumOverTypstOtherReader: chrome / typstVaried
			},
			null,
			2
		)
	);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
