import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from './errors';
import { compareWeeks, type WeekReport } from './week-comparison';

const many = (n: number, report: WeekReport): WeekReport[] => Array.from({ length: n }, () => report);

/** Husby: 3, 4, 2, 5 in weeks 6–9 and 6 in week 10; Rinkeby: none, then 2; Kista: 4 a week, then none. */
const REPORTS: WeekReport[] = [
	...[3, 4, 2, 5, 6].flatMap((n, k) => many(n, { week: `2024-W${String(6 + k).padStart(2, '0')}`, category: 'skadegörelse', district: 'Husby' })),
	...many(2, { week: '2024-W10', category: 'narkotika', district: 'Rinkeby' }),
	...[6, 7, 8, 9].flatMap((w) => many(4, { week: `2024-W0${w}`, category: 'narkotika', district: 'Kista' }))
];

describe('compareWeeks', () => {
	it('compares the week with the mean of the four before it, per district, in numbers and per cent', () => {
		const husby = compareWeeks(REPORTS, '2024-W10').byDistrict.find((r) => r.district === 'Husby')!;
		expect(husby).toMatchObject({ current: 6, baseline: [3, 4, 2, 5], baselineMean: 3.5, change: 2.5, reading: 'up', smallNumbers: false });
		expect(husby.relativeChange).toBeCloseTo(2.5 / 3.5, 12);
		expect(husby.text).toBe('6 denna vecka mot i snitt 3,5 de 4 föregående (+2,5; +71 %).');
	});

	it('gives no relative change for a zero baseline, only the count, and flags the small number', () => {
		const rinkeby = compareWeeks(REPORTS, '2024-W10').byDistrict.find((r) => r.district === 'Rinkeby')!;
		expect(rinkeby).toMatchObject({ current: 2, baselineMean: 0, change: 2, relativeChange: null, reading: 'new', smallNumbers: true });
		expect(rinkeby.text).toContain('inga de 4 föregående');
		expect(rinkeby.text).toContain('Få rapporter');
	});

	it('reads a district that had reports before and none this week as "gone", −100 %', () => {
		const kista = compareWeeks(REPORTS, '2024-W10').byDistrict.find((r) => r.district === 'Kista')!;
		expect(kista).toMatchObject({ current: 0, baselineMean: 4, relativeChange: -1, reading: 'gone' });
	});

	it('counts per category and per category and district, and the total', () => {
		const result = compareWeeks(REPORTS, '2024-W10');
		expect(result.total).toMatchObject({ current: 8, baseline: [7, 8, 6, 9] });
		expect(result.byCategory.map((r) => [r.category, r.current, r.baselineMean])).toEqual([
			['narkotika', 2, 4],
			['skadegörelse', 6, 3.5]
		]);
		expect(result.byCategoryAndDistrict.map((r) => `${r.category}/${r.district}`)).toEqual(['narkotika/Kista', 'narkotika/Rinkeby', 'skadegörelse/Husby']);
	});

	it('lists the districts and categories asked for even without reports, as "none"', () => {
		const akalla = compareWeeks(REPORTS, '2024-W10', { districts: ['Akalla'] }).byDistrict.find((r) => r.district === 'Akalla')!;
		expect(akalla).toMatchObject({ current: 0, baselineMean: 0, relativeChange: null, reading: 'none' });
		expect(akalla.text).toBe('Inga rapporter denna vecka eller de 4 föregående.');
	});

	it('takes its baseline across the new year and leaves other weeks out, counting them', () => {
		const reports: WeekReport[] = [
			{ week: '2024-W52', category: 'a' },
			{ week: '2025-W01', category: 'a' },
			{ week: '2024-W40', category: 'a' }
		];
		const result = compareWeeks(reports, '2025-W02');
		expect(result.baselineWeeks).toEqual(['2024-W50', '2024-W51', '2024-W52', '2025-W01']);
		expect(result.total.baseline).toEqual([0, 0, 1, 1]);
		expect(result.otherWeeks).toBe(1);
	});

	it('groups reports without a category or district as "okänd"', () => {
		const result = compareWeeks([{ week: '2024-W10' }, { week: '2024-W10', district: '' }], '2024-W10');
		expect(result.byDistrict).toEqual([expect.objectContaining({ district: 'okänd', current: 2 })]);
	});

	it('refuses a malformed week, a bad baseline length and a category that is not text', () => {
		expect(() => compareWeeks([], '2024-10')).toThrow(AnalysisInputError);
		expect(() => compareWeeks([{ week: 'v. 10' }], '2024-W10')).toThrow('"v. 10"');
		expect(() => compareWeeks([], '2024-W10', { baselineWeeks: 0 })).toThrow('1–52');
		expect(() => compareWeeks([{ week: '2024-W10', category: 7 as never }], '2024-W10')).toThrow('Rapport 0');
	});
});
