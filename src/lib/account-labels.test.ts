import { describe, expect, it } from 'vitest';
import { formatWait, labelOf, ORGANISATION_KIND_LABELS, ROLE_LABELS } from './account-labels';

describe('formatWait', () => {
	it('says seconds under a minute, singular for one', () => {
		expect(formatWait(45)).toBe('45 sekunder');
		expect(formatWait(1)).toBe('1 sekund');
	});
	it('says whole minutes without seconds', () => {
		expect(formatWait(60)).toBe('1 minut');
		expect(formatWait(900)).toBe('15 minuter');
	});
	it('joins minutes and seconds with "och"', () => {
		expect(formatWait(245)).toBe('4 minuter och 5 sekunder');
		expect(formatWait(61)).toBe('1 minut och 1 sekund');
	});
	it('rounds up, so the user never tries too early', () => {
		expect(formatWait(59.2)).toBe('1 minut');
		expect(formatWait(0)).toBe('1 sekund');
	});
	it('falls back to a minute when the server gave no number', () => {
		expect(formatWait(Number.NaN)).toBe('1 minut');
	});
});

describe('labels', () => {
	it('names every role in Swedish', () => {
		expect(ROLE_LABELS).toEqual({ läsare: 'Läsare', redaktör: 'Redaktör', admin: 'Administratör' });
	});
	it('shows a kind the page does not know as the server wrote it', () => {
		expect(labelOf(ORGANISATION_KIND_LABELS, 'polis')).toBe('Polis');
		expect(labelOf(ORGANISATION_KIND_LABELS, 'region')).toBe('region');
	});
});
