import { describe, expect, it } from 'vitest';
import { formatValue, isInStockholm, isRealDate } from './fields';

describe('isRealDate', () => {
	it('follows the Gregorian leap years: 2000 and 2028 have 29 February, 1900 and 2025 do not', () => {
		expect(['2000-02-29', '2028-02-29', '1900-02-29', '2025-02-29'].map(isRealDate)).toEqual([true, true, false, false]);
	});

	it('refuses month 13, day 0 and day 31 of a 30-day month', () => {
		expect(['2025-13-01', '2025-05-00', '2025-04-31'].map(isRealDate)).toEqual([false, false, false]);
	});

	it('refuses anything but YYYY-MM-DD, including a date with a time', () => {
		expect(['2025-5-1', '20250501', '2025-05-01T00:00:00Z', ' 2025-05-01'].map(isRealDate)).toEqual([
			false,
			false,
			false,
			false
		]);
	});
});

describe('isInStockholm', () => {
	it('takes Järva and the city centre but not Uppsala', () => {
		expect([[17.93, 59.41], [18.07, 59.33], [17.64, 59.86]].map((p) => isInStockholm(p as [number, number]))).toEqual([
			true,
			true,
			false
		]);
	});
});

describe('formatValue', () => {
	it('shows NaN and Infinity inside arrays, which JSON would turn into null', () => {
		expect(formatValue([NaN, Infinity, 'a'])).toBe('[NaN, Infinity, "a"]');
	});

	it('shows undefined as undefined', () => {
		expect(formatValue(undefined)).toBe('undefined');
	});
});
