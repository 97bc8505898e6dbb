import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatLongDate, formatTime, stockholmDate, stockholmWallTime } from './dates';

// Every expectation holds whatever time zone the machine running the test is set to: the module
// always formats in Stockholm's (the CI machine runs in UTC, a laptop may not).
describe('dates in Stockholm time', () => {
	it('writes a timestamp as Swedes read it, in Stockholm time (summer UTC+2, winter UTC+1)', () => {
		expect(formatTime('2026-06-10T12:05:00Z')).toBe('2026-06-10 14:05');
		expect(formatTime('2026-11-25T13:05:00Z')).toBe('2026-11-25 14:05');
		expect(formatDateTime('2025-05-14T16:30:00Z')).toBe('14 maj 2025 kl. 18:30');
	});

	it('puts a late evening on the right day', () => {
		expect(formatDate('2025-05-31T22:30:00Z')).toBe('1 juni 2025');
		expect(formatTime('2025-12-31T23:30:00Z')).toBe('2026-01-01 00:30');
	});

	it('writes a calendar date in words, the same day whatever the time zone', () => {
		expect(formatDate('2023-11-30')).toBe('30 november 2023');
		expect(formatLongDate('2025-03-12')).toBe('onsdag 12 mars 2025');
		expect(formatLongDate('2026-11-27')).toBe('fredag 27 november 2026');
	});

	it('gives back what it cannot read rather than "Invalid Date"', () => {
		expect(formatTime('inte ett datum')).toBe('inte ett datum');
		expect(formatDate('2025-13-45')).toBe('2025-13-45');
	});

	it('gives the next day in Stockholm while it is still yesterday in UTC', () => {
		expect(stockholmDate(new Date('2025-05-31T22:30:00Z'))).toBe('2025-06-01');
	});

	it('follows winter time (UTC+1)', () => {
		expect(stockholmDate(new Date('2025-01-14T22:59:00Z'))).toBe('2025-01-14');
		expect(stockholmDate(new Date('2025-01-14T23:00:00Z'))).toBe('2025-01-15');
	});

	it('gives a spreadsheet the wall clock in Stockholm, across the change to summer time', () => {
		expect(stockholmWallTime(new Date('2026-03-29T00:30:00Z')).toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(stockholmWallTime(new Date('2026-03-29T01:30:00Z')).toISOString()).toBe('2026-03-29T03:30:00.000Z');
	});
});
