/**
 * The real compiler and the real PDF: text read back with poppler's pdftotext/pdffonts/pdfinfo
 * (scripts/ensure-apt.sh installs them), as a person searching the document would find it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildReport } from '$lib/report/document';
import { formatNumber } from '$lib/format';
import { demoReportInput, EXAMPLE_INDICATOR } from '$lib/report/testing/demo-input';
import { compilePdf, ReportCompileError } from './compile-pdf';

/** A whole document compiles in about a second; the machine may be shared and loaded. */
const COMPILE_TIMEOUT = 30_000;

const dir = mkdtempSync(join(tmpdir(), 'lagesbild-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function poppler(tool: 'pdftotext' | 'pdffonts' | 'pdfinfo', pdf: Buffer, name: string): string {
	const file = join(dir, `${name}.pdf`);
	writeFileSync(file, pdf);
	// stderr kept out of the test output: poppler 22 complains about tagged PDFs' MarkInfo, harmlessly
	return execFileSync(tool, tool === 'pdftotext' ? [file, '-'] : [file], { encoding: 'utf8', stdio: 'pipe' });
}

/**
 * Lines joined and every kind of space one space: a paragraph may wrap at any space in the PDF,
 * and after a slash ("Sibeliusgången/" + "Borgågatan"), where no space is lost.
 */
const flat = (text: string) => text.replace(/\/\n/g, '/').replace(/[\s\u00a0]+/g, ' ').trim();

const input = demoReportInput();
const pdf = compilePdf(buildReport(input));
const text = flat(poppler('pdftotext', pdf, 'full'));

describe('the lägesbild PDF', () => {
	it('holds the drug-scene paragraph generated from the analysis, word for word', () => {
		const paragraphs = JSON.parse(buildReport(input).files['data.json']!).scenes.paragraphs as string[];
		expect(paragraphs).toHaveLength(3);
		for (const paragraph of paragraphs) expect(text).toContain(flat(paragraph));
		expect(text).toContain('Husby C kan ha flyttat till Nordkapsgatan, Husby (460 m åt sydost)');
	});

	it("holds a chart's numbers as searchable text, the same as the imported table", () => {
		for (const value of EXAMPLE_INDICATOR.values) expect(text).toContain(flat(formatNumber(value.value as number)));
		expect(text).toContain('Exempel – påhittade siffror');
	});

	it('embeds the shipped Noto Sans and no other font', () => {
		const fonts = poppler('pdffonts', pdf, 'fonts')
			.split('\n')
			.slice(2)
			.filter(Boolean)
			.map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
		expect(fonts.length).toBeGreaterThan(0);
		expect(new Set(fonts)).toEqual(new Set(['NotoSans-Regular', 'NotoSans-Bold']));
		expect(poppler('pdffonts', pdf, 'fonts')).not.toMatch(/ no /);
	});

	it('has its title and no creation date, so nothing in it depends on when it was made', () => {
		const info = poppler('pdfinfo', pdf, 'info');
		expect(info).toMatch(/^Title:\s+Lägesbild Järva 2023$/m);
		expect(info).not.toMatch(/CreationDate|ModDate/);
	});

	it('is byte-identical when generated twice from the same data, in this process and in another', () => {
		expect(compilePdf(buildReport(demoReportInput())).equals(pdf)).toBe(true);
		const other = join(dir, 'other.pdf');
		execFileSync('npx', ['tsx', 'scripts/report-demo.ts', other], { encoding: 'utf8', stdio: 'pipe' });
		expect(readFileSync(other).equals(pdf)).toBe(true);
	}, 120_000);

	it("a property owner's document has no drug scenes", () => {
		const owner = compilePdf(buildReport(demoReportInput({ reader: 'Fastighetsägare i Järva', scenes: false })));
		const ownerText = flat(poppler('pdftotext', owner, 'owner'));
		expect(ownerText).toContain('utgåva för Fastighetsägare i Järva');
		expect(ownerText).toContain('Otrygga platser');
		expect(ownerText.toLowerCase()).not.toMatch(/drogscen|nordkapsgatan|husby c /);
	}, COMPILE_TIMEOUT);

	it('prints text with Typst markup in it as written, never running it', () => {
		const body = 'Se #read("/etc/passwd") och *inte fetstil* ] $x$ = _kursiv_ @ref <etikett> \\ slut';
		const sneaky = compilePdf(buildReport({ ...demoReportInput({ context: false }), summary: [{ title: '#pagebreak() Rubrik', body }] }));
		const sneakyText = flat(poppler('pdftotext', sneaky, 'sneaky'));
		expect(sneakyText).toContain(flat(body));
		expect(sneakyText).toContain('#pagebreak() Rubrik');
		expect(sneakyText).not.toContain('root:x:0:0');
	}, COMPILE_TIMEOUT);
});

describe('compilePdf', () => {
	it('reports a template error with where and why instead of a half-written PDF', () => {
		expect(() => compilePdf({ main: '#let x = (', files: {} })).toThrow(ReportCompileError);
		expect(() => compilePdf({ main: '#image("/saknas.svg")', files: {} })).toThrow(/saknas\.svg|not found|file/i);
	});

	it('cannot read files from the disk, only those it was given', () => {
		expect(() => compilePdf({ main: '#read("/etc/hostname")', files: {} })).toThrow(ReportCompileError);
	});
});
