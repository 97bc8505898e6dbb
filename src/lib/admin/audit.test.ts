import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '$lib/server/auth/audit-log';
import { actionLabel, auditQuery, detailText, filterProblem, NO_FILTERS } from './audit';

describe('auditQuery', () => {
	it('asks for the first page when nothing is filtered', () => {
		expect(auditQuery(NO_FILTERS)).toBe('?limit=100');
	});
	it('sends only the filters that are set, the username trimmed', () => {
		const query = auditQuery({ action: 'login-failed', username: '  anna ', from: '2026-01-01', to: '' });
		expect(query).toBe('?action=login-failed&username=anna&from=2026-01-01&limit=100');
	});
	it('asks for older entries with before', () => {
		expect(auditQuery({ ...NO_FILTERS, to: '2026-02-01' }, { before: 451 })).toBe('?to=2026-02-01&limit=100&before=451');
	});
	it('gives the CSV the same filters, without paging', () => {
		const filters = { action: 'layer-export', username: 'bo', from: '2026-01-01', to: '2026-01-31' };
		expect(auditQuery(filters, { format: 'csv', before: 12 })).toBe(
			'?action=layer-export&username=bo&from=2026-01-01&to=2026-01-31&format=csv'
		);
	});
	it('encodes a username with characters a URL reserves', () => {
		expect(auditQuery({ ...NO_FILTERS, username: 'å&b' })).toBe('?username=%C3%A5%26b&limit=100');
	});
});

describe('filterProblem', () => {
	it('refuses a from date after the to date', () => {
		expect(filterProblem({ ...NO_FILTERS, from: '2026-03-02', to: '2026-03-01' })).toMatch(/efter/);
	});
	it('accepts one day, or an open end', () => {
		expect(filterProblem({ ...NO_FILTERS, from: '2026-03-01', to: '2026-03-01' })).toBeNull();
		expect(filterProblem({ ...NO_FILTERS, from: '2026-03-01' })).toBeNull();
	});
});

describe('labels', () => {
	it('names actions in Swedish and shows an unknown one as it is', () => {
		expect(actionLabel('login-failed')).toBe('Misslyckad inloggning');
		expect(actionLabel('something-new')).toBe('something-new');
	});
	it('has a Swedish name for every action the server logs', () => {
		expect(AUDIT_ACTIONS.filter((action) => actionLabel(action) === action)).toEqual([]);
	});
	it('writes a detail object on one line', () => {
		expect(detailText({ reason: 'throttled', wait: 300 })).toBe('reason: throttled; wait: 300');
		expect(detailText({ before: null, after: ['polis-jarva', 'spanga-tensta'] })).toBe('before: inget; after: polis-jarva, spanga-tensta');
		expect(detailText(null)).toBe('');
	});
});
