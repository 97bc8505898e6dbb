import { describe, expect, it } from 'vitest';
import { describeVersion } from './history';

describe('a version in words', () => {
	it('names the fields a change changed, in Swedish', () => {
		expect(describeVersion({ action: 'update', changed: ['title', 'organisationIds'] })).toBe('ändrad: rubrik, organisationer');
		expect(describeVersion({ action: 'restore', changed: ['stops'] })).toBe('återställd: stopp');
	});

	it('says a creation or deletion as such, and a field it does not know as it is', () => {
		expect(describeVersion({ action: 'create', changed: ['title', 'notes'] })).toBe('skapad');
		expect(describeVersion({ action: 'delete', changed: ['notes'] })).toBe('borttagen');
		expect(describeVersion({ action: 'update', changed: ['nytt'] })).toBe('ändrad: nytt');
		expect(describeVersion({ action: 'update', changed: [] })).toBe('ändrad (inget ändrat)');
	});
});
