import { describe, expect, it } from 'vitest';
import { indicatorId, parseIndicatorTable, parseSwedishNumber } from './indicator-csv';

const AREAS = ['Akalla', 'Husby', 'Kista', 'Rinkeby', 'Tensta', 'Järva'];

describe('numbers as people write them', () => {
	it('takes a decimal comma or point, spaces between thousands and a Unicode minus', () => {
		expect(parseSwedishNumber('12,5')).toBe(12.5);
		expect(parseSwedishNumber('12.5')).toBe(12.5);
		expect(parseSwedishNumber('1 204')).toBe(1204);
		expect(parseSwedishNumber('1\u00a0204,75')).toBe(1204.75);
		expect(parseSwedishNumber('\u22123')).toBe(-3);
		for (const bad of ['', 'tolv', '12,5,1', '12 %', '1e3', 'NaN']) expect(parseSwedishNumber(bad)).toBeNull();
	});

	it('an indicator’s id comes from its name', () => {
		expect(indicatorId('Anmälda brott (antal) – Järva')).toBe('anmalda-brott-antal-jarva');
	});
});

describe('a table of indicators', () => {
	it('reads semicolons with decimal commas, and commas with quoted decimal commas, alike', () => {
		const semicolon = 'indikator;område;år;värde;enhet;källa;anmärkning\nAndel otrygga;husby;2022;31,5;procent;Stadens trygghetsmätning;\nAndel otrygga;Husby;2023;28;procent;Stadens trygghetsmätning;ny fråga\n';
		const comma = 'Indikator,Stadsdel,År,Värde,Enhet,Källa,Anmärkning\nAndel otrygga,Husby,2022,"31,5",procent,Stadens trygghetsmätning,\nAndel otrygga,Husby,2023,28,procent,Stadens trygghetsmätning,ny fråga\n';
		for (const text of [semicolon, `\uFEFF${comma}`]) {
			const result = parseIndicatorTable(text, AREAS);
			expect(result).toEqual({
				ok: true,
				rows: 2,
				indicators: [
					{
						id: 'andel-otrygga',
						title: 'Andel otrygga',
						unit: 'procent',
						scale: null,
						source: 'Stadens trygghetsmätning',
						values: [
							{ area: 'Husby', year: 2022, value: 31.5 },
							{ area: 'Husby', year: 2023, value: 28, note: 'ny fråga' }
						]
					}
				]
			});
		}
	});

	it('a grade names its scale, worst first, and its value is one of the levels', () => {
		const text = 'indikator;område;år;värde;enhet;källa;skala\nPolisens bedömning;Husby;2023;Positiv utveckling;bedömning;Polisen;negativ utveckling < oförändrad < positiv utveckling\n';
		const result = parseIndicatorTable(text, AREAS);
		expect(result.ok && result.indicators[0]).toMatchObject({ scale: { kind: 'grade', levels: ['negativ utveckling', 'oförändrad', 'positiv utveckling'] }, values: [{ value: 'positiv utveckling' }] });
	});

	it('every bad row is named with what is wrong, and nothing is returned to write', () => {
		const text = [
			'indikator;område;år;värde;enhet;källa;skala',
			'Brott;Husby;2022;12;antal;Polisen;',
			'Brott;Husby;2022;13;antal;Polisen;',
			'Brott;Gotham;2022;1;antal;Polisen;',
			'Brott;Kista;2022;tolv;antal;Polisen;',
			'Brott;Kista;22;1;antal;Polisen;',
			'Brott;Tensta;2022;1;procent;Polisen;',
			'Bedömning;Husby;2023;bra;bedömning;Polisen;dålig < god',
			';Akalla;2022;1;;;'
		].join('\n');
		const result = parseIndicatorTable(text, AREAS);
		expect(result.ok).toBe(false);
		const problems = result.ok ? [] : result.problems;
		expect(problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7, 8, 9]);
		expect(problems[0]!.message).toBe('Rad 3: dubblett: Brott, Husby, 2022 finns redan på rad 2.');
		expect(problems[1]!.message).toContain('okänt område ”Gotham”');
		expect(problems[2]!.message).toContain('värdet ”tolv” är inget tal');
		expect(problems[3]!.message).toContain('”22” är inget årtal');
		expect(problems[4]!.message).toContain('enheten ”procent” skiljer sig från ”antal” på rad 2');
		expect(problems[5]!.message).toContain('”bra” finns inte på skalan (dålig < god)');
		expect(problems[6]!.message).toMatch(/indikatorn saknar namn.*enheten saknas.*källan saknas/);
	});

	it('missing columns and an empty table are told at row 1', () => {
		expect(parseIndicatorTable('indikator;år;värde\nA;2022;1', AREAS)).toEqual({ ok: false, problems: [{ row: 1, message: expect.stringContaining('Kolumnerna ”område”, ”enhet”, ”källa” saknas') }] });
		expect(parseIndicatorTable('', AREAS)).toMatchObject({ ok: false, problems: [{ row: 1, message: expect.stringContaining('Tabellen är tom') }] });
	});
});
