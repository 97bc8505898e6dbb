import { describe, expect, it } from 'vitest';
import { compassWord, direction } from './compass';

describe('compassWord', () => {
	it('names the eight directions clockwise from north', () => {
		expect([0, 45, 90, 135, 180, 225, 270, 315].map(compassWord)).toEqual([
			'norr',
			'nordost',
			'öst',
			'sydost',
			'söder',
			'sydväst',
			'väst',
			'nordväst'
		]);
	});

	it('gives each word 45° centred on it, and wraps bearings outside 0–360', () => {
		expect([22.4, 22.5, 337.5, 359.9, 360, -45, 405].map(compassWord)).toEqual([
			'norr',
			'nordost',
			'norr',
			'norr',
			'norr',
			'nordväst',
			'nordost'
		]);
	});

	it('refuses a bearing that is not a number', () => {
		expect(() => compassWord(NaN)).toThrow('Invalid bearing NaN');
	});
});

describe('direction', () => {
	it('gives a point due east bearing 90° and öst', () => {
		expect(direction([0, 0], [250, 0])).toEqual({ distance: 250, bearing: 90, compass: 'öst' });
	});

	it('gives bearings clockwise from north in 0–360', () => {
		expect(direction([0, 0], [-10, -10]).bearing).toBeCloseTo(225, 12);
		expect(direction([0, 0], [0, -5]).compass).toBe('söder');
	});
});
