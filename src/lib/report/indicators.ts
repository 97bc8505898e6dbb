/**
 * Indicator series as the document shows them: checked (a grade must be on its scale, a number a
 * number, one value per area and year), written the same way in charts and tables, and laid out
 * as a table of areas × years.
 */
import { formatNumber } from '../format';
import type { IndicatorSeries, IndicatorValue } from './model';

/** Printed on every chart and table of an indicator with invented numbers. */
export const EXAMPLE_MARK = 'Exempel – påhittade siffror';

/** A value as the chart labels and the table cells write it: "1 234,5", or the grade's words. */
export function formatIndicatorValue(value: IndicatorValue['value']): string {
	return typeof value === 'number' ? formatNumber(value) : value;
}

/**
 * What is wrong with a series, in Swedish sentences that name the value; empty when nothing is.
 *
 * @example
 * indicatorProblems({ …, scale: { kind: 'grade', levels: ['negativ', 'positiv'] }, values: [{ area: 'Husby', year: 2023, value: 'bra' }] });
 * // ['Indikatorn "Polisens bedömning": Husby 2023 har värdet "bra", som inte finns på skalan (negativ, positiv).']
 */
export function indicatorProblems(series: IndicatorSeries): string[] {
	const problems: string[] = [];
	const say = (text: string) => problems.push(`Indikatorn "${series.title}": ${text}`);
	const seen = new Set<string>();
	for (const { area, year, value } of series.values) {
		const key = `${area}\u0000${year}`;
		if (seen.has(key)) say(`${area} ${year} finns mer än en gång.`);
		seen.add(key);
		if (!Number.isInteger(year)) say(`${area} har året ${JSON.stringify(year)}, som inte är ett årtal.`);
		if (series.scale) {
			if (typeof value !== 'string' || !series.scale.levels.includes(value)) {
				say(`${area} ${year} har värdet ${JSON.stringify(value)}, som inte finns på skalan (${series.scale.levels.join(', ')}).`);
			}
		} else if (typeof value !== 'number' || !Number.isFinite(value)) {
			say(`${area} ${year} har värdet ${JSON.stringify(value)}, som inte är ett tal.`);
		}
	}
	return problems;
}

/** The areas in the order the series first names them, and its years in order. */
export function areasAndYears(series: IndicatorSeries): { areas: string[]; years: number[] } {
	const areas = [...new Set(series.values.map((v) => v.area))];
	const years = [...new Set(series.values.map((v) => v.year))].sort((a, b) => a - b);
	return { areas, years };
}

export interface IndicatorTable {
	header: string[];
	rows: string[][];
}

/**
 * The series as a table: one row per area, one column per year; "–" where the series has no value.
 *
 * @example
 * indicatorTable(series); // { header: ['Område', '2021', '2023'], rows: [['Husby', '12', '9,5'], …] }
 */
export function indicatorTable(series: IndicatorSeries): IndicatorTable {
	const { areas, years } = areasAndYears(series);
	const cell = new Map(series.values.map((v) => [`${v.area}\u0000${v.year}`, formatIndicatorValue(v.value)]));
	return {
		header: ['Område', ...years.map(String)],
		rows: areas.map((area) => [area, ...years.map((year) => cell.get(`${area}\u0000${year}`) ?? '–')])
	};
}
