/**
 * Indicators from a table (CSV): one row per indicator, district or area, and year.
 *
 * Columns (Swedish or English names, any order; the first row names them):
 *   indikator, område (or stadsdel), år, värde, enhet, källa, anmärkning (optional), skala (optional)
 * The separator is found by the parser (comma, semicolon or tab); a value takes a Swedish decimal
 * comma ("12,5") or point, and spaces as thousands separators ("1 204"). A grade instead of a
 * number names its scale in `skala`, levels from the worst to the best separated by "<", e.g.
 * "negativ utveckling < oförändrad < positiv utveckling", and its value is one of them.
 *
 * Every problem is reported with its row (as a spreadsheet numbers it: the header is row 1), and a
 * table with any problem gives no indicators: the caller writes all or nothing.
 */
import Papa from 'papaparse';
import type { GradeScale, IndicatorValue } from './model';

export interface ParsedIndicator {
	/** From the title: lower case, a–z, digits and dashes (å, ä → a, ö → o). */
	id: string;
	title: string;
	unit: string;
	scale: GradeScale | null;
	source: string;
	values: IndicatorValue[];
}

export interface RowProblem {
	/** The row as a spreadsheet numbers it (the header is 1); 1 for a problem with the columns. */
	row: number;
	message: string;
}

export type IndicatorTableResult = { ok: true; indicators: ParsedIndicator[]; rows: number } | { ok: false; problems: RowProblem[] };

const COLUMNS = {
	indicator: ['indikator', 'indicator'],
	area: ['område', 'omrade', 'stadsdel', 'area', 'district'],
	year: ['år', 'ar', 'year'],
	value: ['värde', 'varde', 'value'],
	unit: ['enhet', 'unit'],
	source: ['källa', 'kalla', 'source'],
	note: ['anmärkning', 'anmarkning', 'not', 'note', 'kommentar'],
	scale: ['skala', 'scale']
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ['indicator', 'area', 'year', 'value', 'unit', 'source'];
const COLUMN_NAMES: Record<Column, string> = { indicator: 'indikator', area: 'område', year: 'år', value: 'värde', unit: 'enhet', source: 'källa', note: 'anmärkning', scale: 'skala' };

export const MAX_ROWS = 5000;

/** "Anmälda brott (antal)" → "anmalda-brott-antal". */
export function indicatorId(title: string): string {
	return title
		.toLowerCase()
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 80);
}

/**
 * A number as people write it: "12,5", "12.5", "1 204", "−3" (a Unicode minus), "1 204,5".
 * null: not a number.
 */
export function parseSwedishNumber(text: string): number | null {
	const compact = text.trim().replace(/[\u00a0\u202f ]/g, '').replace(/^\u2212/, '-');
	if (!/^[+-]?(\d+([.,]\d+)?|[.,]\d+)$/.test(compact)) return null;
	const value = Number(compact.replace(',', '.'));
	return Number.isFinite(value) ? value : null;
}

const clean = (text: unknown) => String(text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Reads the table. `areas` are the districts and larger areas a value may be for (matched without
 * regard to case; the table's spelling is replaced by the canonical one).
 */
export function parseIndicatorTable(text: string, areas: readonly string[]): IndicatorTableResult {
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t'] });
	const [header, ...body] = parsed.data;
	if (!header || body.length === 0) return { ok: false, problems: [{ row: 1, message: 'Tabellen är tom: första raden ska namnge kolumnerna och varje följande rad vara ett värde.' }] };
	if (body.length > MAX_ROWS) return { ok: false, problems: [{ row: 1, message: `Tabellen har ${body.length} rader; högst ${MAX_ROWS} går att läsa in på en gång. Dela upp den.` }] };
	const index = {} as Record<Column, number>;
	const names = header.map((h) => clean(h).toLowerCase());
	for (const column of Object.keys(COLUMNS) as Column[]) index[column] = names.findIndex((name) => (COLUMNS[column] as readonly string[]).includes(name));
	const missing = REQUIRED.filter((c) => index[c] < 0);
	if (missing.length) {
		return {
			ok: false,
			problems: [
				{
					row: 1,
					message: `Kolumnerna ${missing.map((c) => `”${COLUMN_NAMES[c]}”`).join(', ')} saknas. Första raden ska namnge kolumnerna: indikator, område, år, värde, enhet, källa (och gärna anmärkning, skala). Hittade: ${names.filter(Boolean).join(', ') || 'inga'}.`
				}
			]
		};
	}
	const canonical = new Map(areas.map((a) => [a.toLowerCase(), a]));
	const problems: RowProblem[] = [];
	const byId = new Map<string, ParsedIndicator & { firstRow: number }>();
	const seen = new Map<string, number>();

	body.forEach((cells, i) => {
		const row = i + 2;
		const cell = (column: Column) => (index[column] >= 0 ? clean(cells[index[column]]) : '');
		const rowProblems: string[] = [];
		const title = cell('indicator');
		if (!title) rowProblems.push('indikatorn saknar namn');
		const areaText = cell('area');
		const area = canonical.get(areaText.toLowerCase());
		if (!areaText) rowProblems.push('området saknas');
		else if (!area) rowProblems.push(`okänt område ”${areaText}” (kända: ${areas.join(', ')})`);
		const yearText = cell('year');
		const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
		if (!(year >= 1990 && year <= 2100)) rowProblems.push(`”${yearText}” är inget årtal (skriv till exempel 2023)`);
		const unit = cell('unit');
		if (!unit) rowProblems.push('enheten saknas (till exempel antal, procent eller bedömning)');
		const source = cell('source');
		if (!source) rowProblems.push('källan saknas');
		const scaleText = cell('scale');
		const levels = scaleText ? scaleText.split('<').map((l) => l.trim()).filter(Boolean) : [];
		if (scaleText && levels.length < 2) rowProblems.push(`skalan ”${scaleText}” ska ha minst två nivåer åtskilda med < (sämst först)`);
		const valueText = cell('value');
		let value: number | string | null = null;
		if (!valueText) rowProblems.push('värdet saknas');
		else if (levels.length >= 2) {
			value = levels.find((l) => l.toLowerCase() === valueText.toLowerCase()) ?? null;
			if (value === null) rowProblems.push(`”${valueText}” finns inte på skalan (${levels.join(' < ')})`);
		} else {
			value = parseSwedishNumber(valueText);
			if (value === null) rowProblems.push(`värdet ”${valueText}” är inget tal (skriv till exempel 12,5) och raden anger ingen skala`);
		}
		const id = title ? indicatorId(title) : '';
		if (title && !id) rowProblems.push(`indikatorns namn ”${title}” behöver bokstäver eller siffror`);
		if (id && area && year) {
			const key = `${id}\u0000${area}\u0000${year}`;
			const earlier = seen.get(key);
			if (earlier) rowProblems.push(`dubblett: ${title}, ${area}, ${year} finns redan på rad ${earlier}`);
			else seen.set(key, row);
		}
		if (id && unit && source) {
			const existing = byId.get(id);
			const scale: GradeScale | null = levels.length >= 2 ? { kind: 'grade', levels } : null;
			if (!existing) byId.set(id, { id, title, unit, scale, source, values: [], firstRow: row });
			else {
				if (existing.unit !== unit) rowProblems.push(`enheten ”${unit}” skiljer sig från ”${existing.unit}” på rad ${existing.firstRow} (samma indikator)`);
				if (existing.source !== source) rowProblems.push(`källan skiljer sig från den på rad ${existing.firstRow} (samma indikator ska ha en källa)`);
				if (JSON.stringify(existing.scale?.levels ?? null) !== JSON.stringify(scale?.levels ?? null)) rowProblems.push(`skalan skiljer sig från den på rad ${existing.firstRow} (samma indikator)`);
			}
		}
		if (rowProblems.length) {
			problems.push({ row, message: `Rad ${row}: ${rowProblems.join('; ')}.` });
			return;
		}
		const note = cell('note');
		byId.get(id)!.values.push({ area: area!, year, value: value!, ...(note ? { note } : {}) });
	});
	if (problems.length) return { ok: false, problems };
	const indicators = [...byId.values()].map(({ firstRow: _, ...indicator }) => indicator);
	return { ok: true, indicators, rows: body.length };
}
