import { describe, expect, it } from 'vitest';
import { AnalysisInputError } from './errors';
import { addWeeks, isoWeek, weekStart } from './iso-week';

describe('ISO weeks', () => {
	it('puts the days around new year in the week of their Thursday', () => {
		expect(isoWeek('2020-12-31')).toBe('2020-W53'); // 2020 has 53 weeks
		expect(isoWeek('2021-01-03')).toBe('2020-W53'); // a Sunday
		expect(isoWeek('2021-01-04')).toBe('2021-W01');
		expect(isoWeek('2024-12-30T10:00:00Z')).toBe('2025-W01');
		expect(isoWeek(new Date(Date.UTC(2024, 1, 29)))).toBe('2024-W09');
	});

	it('starts a week on its Monday', () => {
		expect(new Date(weekStart('2025-W01') * 86_400_000).toISOString().slice(0, 10)).toBe('2024-12-30');
	});

	it('steps across years, through a 53-week year', () => {
		expect(addWeeks('2021-W01', -1)).toBe('2020-W53');
		expect(addWeeks('2020-W53', 1)).toBe('2021-W01');
		expect(addWeeks('2025-W01', -1)).toBe('2024-W52');
		expect(addWeeks('2024-W10', -52)).toBe('2023-W10');
	});

	it('refuses a week that does not exist and a malformed one', () => {
		expect(() => weekStart('2023-W53')).toThrow('år 2023 har 52 veckor');
		expect(() => weekStart('2024-W00')).toThrow(AnalysisInputError);
		expect(() => weekStart('2024-10')).toThrow(AnalysisInputError);
		expect(() => isoWeek('igår')).toThrow('Ogiltig tidpunkt');
	});
});
