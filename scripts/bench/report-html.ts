/**
 * The lägesbild as one HTML page with the same text, tables and SVG figures as the Typst
 * document (the same data.json and figures from buildReport), for the bench's other side:
 * printing it to PDF in Chromium. Fonts: the same Noto Sans files, embedded as data URLs, so
 * neither side waits for a network or uses a system font.
 */
import type { TypstDocument } from '../../src/lib/report/document';

const escape = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

interface Table {
	header: string[];
	rows: string[][];
}
interface FigureData {
	file: string;
	caption: string;
}

export function reportHtml(document: TypstDocument, fonts: { regular: Buffer; bold: Buffer }): string {
	// the data's shape is document.ts'; read loosely here, as the template does
	const data = JSON.parse(document.files['data.json']!);
	let figureNumber = 0;
	const table = (t: Table) =>
		`<table><thead><tr>${t.header.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
			.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
			.join('')}</tbody></table>`;
	const figure = (f: FigureData) =>
		`<figure>${document.files[f.file.slice(1)]}<figcaption>Figur ${++figureNumber}. ${escape(f.caption)}</figcaption></figure>`;
	const paragraphs = (list: string[]) => list.map((p) => `<p>${escape(p)}</p>`).join('');
	const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escape(i)}</li>`).join('')}</ul>`;
	const face = (weight: number, bytes: Buffer) =>
		`@font-face{font-family:"Noto Sans";font-weight:${weight};src:url(data:font/ttf;base64,${bytes.toString('base64')}) format("truetype")}`;
	const parts: string[] = [
		`<section class="cover"><h1 class="title">${escape(data.title)}</h1><p>Utgåva för: ${escape(data.reader)}</p><p>Underlag per ${escape(data.asOf)}, ur Lägeskartan</p></section>`,
		'<h1>Sammanfattning</h1>',
		...data.summary.map((s: { title: string; paragraphs: string[] }) => `<h2>${escape(s.title)}</h2>${paragraphs(s.paragraphs)}`),
		`<h1>Källor</h1>${list(data.sources)}`,
		`<h1>Området</h1>${figure(data.area.figure)}${table(data.area.table)}`,
		'<h1>Brott och otrygghet</h1>',
		...data.indicators.map(
			(i: { title: string; example: string | null; figure: FigureData; table: Table }) =>
				`<h2>${escape(i.title)}</h2>${i.example ? `<p class="example">${escape(i.example)}</p>` : ''}${figure(i.figure)}${table(i.table)}`
		)
	];
	if (data.scenes) parts.push(`<h1>Öppna drogscener</h1>${paragraphs(data.scenes.paragraphs)}${figure(data.scenes.figure)}${table(data.scenes.table)}`);
	if (data.places) parts.push(`<h1>Otrygga platser</h1>${figure(data.places.figure)}${table(data.places.table)}`);
	parts.push('<h1>Prioriterade samverkansområden</h1>');
	for (const area of data.collaboration) {
		parts.push(
			`<h2>${escape(area.title)}</h2><p class="muted">Ur: ${escape(area.section)}</p><h3>Beskrivning av området</h3>${paragraphs(area.description)}` +
				(area.goals.length ? `<p>${escape(area.collaborators)} samverkar för att:</p>${list(area.goals)}` : '') +
				`<p><b>Arbetsform:</b> ${escape(area.workForm)}</p><h3>Kommentar</h3>${paragraphs(area.comment)}` +
				(area.results.length ? `<h3>Resultat av arbetet</h3><ul class="done">${area.results.map((r: string) => `<li>${escape(r)}</li>`).join('')}</ul>` : '') +
				`<h3>Prioriteringar och åtgärder ${area.prioritiesYear}</h3>${list(area.priorities.map((p: { text: string; links: string }) => (p.links ? `${p.text} (${p.links})` : p.text)))}`
		);
	}
	if (data.measures) parts.push(`<h1>Bilaga: åtgärder och deras status</h1>${table(data.measures)}`);
	return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${escape(data.title)}</title><style>
${face(400, fonts.regular)}${face(700, fonts.bold)}
@page{size:A4;margin:2.2cm}
body{font-family:"Noto Sans";font-size:10pt;color:#24221f}
.cover{break-after:page;padding-top:5cm}.title{font-size:30pt}
h1{font-size:17pt;margin-top:2em}h2{font-size:12.5pt}h3{font-size:10.5pt}
figure{margin:1.2em 0;break-inside:avoid}figure svg{width:100%;height:auto}figcaption{font-size:8.5pt;color:#5d584f}
table{border-collapse:collapse;font-size:8.5pt;margin:0.5em 0}th,td{border:0.5pt solid #b8b2a7;padding:3.5pt 5pt;text-align:left}
.example{color:#b00020;font-weight:bold}.muted{font-size:8.5pt;color:#5d584f}ul.done li::marker{content:"✓ ";color:#2e7d32}
</style></head><body>${parts.join('\n')}</body></html>`;
}
