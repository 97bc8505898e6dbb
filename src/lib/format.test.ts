import { describe, expect, it } from 'vitest';
import { formatHectares, formatMetres, formatNumber, formatShare } from './format';

describe('Swedish number formats', () => {
	it('rounds distances as people say them', () => {
		expect(formatMetres(8.4)).toBe('8 m');
		expect(formatMetres(417.6)).toBe('420 m');
		expect(formatMetres(1234)).toBe('1,2 km');
	});

	it('writes areas in hectares and shares in percent with a decimal comma', () => {
		expect(formatHectares(28_698)).toBe('2,9 ha');
		expect(formatShare(0.3356)).toBe('34 %');
		expect(formatNumber(-0.0833)).toBe('−0,08');
	});

});
