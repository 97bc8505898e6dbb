/**
 * `npx tsx scripts/report-demo.ts [out.pdf] [--fastighetsagare]`: the demo's "Lägesbild Järva 2023"
 * as a PDF, from the layers in geodata/ and the lägesbild's own content, to look at (default
 * report-demo.pdf). With --fastighetsagare, the edition of a property owner (no drug scenes).
 * Also writes the Typst source and figures beside it (out.pdf → out/), for reading.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildReport } from '../src/lib/report/document';
import { demoReportInput } from '../src/lib/report/testing/demo-input';
import { compilePdf } from '../src/lib/server/report/compile-pdf';

const args = process.argv.slice(2);
const out = args.find((a) => !a.startsWith('--')) ?? 'report-demo.pdf';
const owner = args.includes('--fastighetsagare');
const input = demoReportInput(owner ? { reader: 'Fastighetsägare i Järva (exempel)', scenes: false } : {});
const started = performance.now();
const document = buildReport(input);
const built = performance.now();
const pdf = compilePdf(document);
const done = performance.now();
writeFileSync(out, pdf);
const sources = join(dirname(out), out.replace(/\.pdf$/, '').split('/').at(-1)!);
for (const [path, content] of Object.entries({ 'main.typ': document.main, ...document.files })) {
	mkdirSync(dirname(join(sources, path)), { recursive: true });
	writeFileSync(join(sources, path), content);
}
console.log(`${out}: ${(pdf.length / 1024).toFixed(0)} kB; data and figures ${(built - started).toFixed(0)} ms, Typst ${(done - built).toFixed(0)} ms; sources in ${sources}/`);
