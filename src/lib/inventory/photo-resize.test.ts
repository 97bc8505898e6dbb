import { describe, expect, it } from 'vitest';
import { fitWithin } from './photo-resize';

describe('fitWithin', () => {
	it('a 4032×3024 phone photo becomes 1600×1200', () => {
		expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
	});
	it('a portrait photo is limited by its height', () => {
		expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
	});
	it('a small photo is not enlarged', () => {
		expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
	});
});
