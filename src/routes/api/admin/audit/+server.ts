import { json } from '@sveltejs/kit';
import { AUDIT_ACTIONS, type AuditQuery } from '$lib/server/auth/audit-log';
import { csvResponse, toCsv } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { requireRole } from '$lib/server/guard';
import { BadParamError, oneOf } from '$lib/server/params';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(url: URL, name: 'from' | 'to'): string | undefined {
	const value = url.searchParams.get(name);
	if (!value) return undefined;
	if (!DATE.test(value) || Number.isNaN(Date.parse(value))) throw new BadParamError(name, `${name} ska vara ett datum som 2026-11-25, inte "${value.slice(0, 40)}".`);
	return value;
}

function positive(url: URL, name: 'limit' | 'before', max: number): number | undefined {
	const value = url.searchParams.get(name);
	if (!value) return undefined;
	const n = Number(value);
	if (!/^\d+$/.test(value) || n < 1 || n > max) throw new BadParamError(name, `${name} ska vara ett heltal 1–${max}, inte "${value.slice(0, 40)}".`);
	return n;
}

/**
 * The audit log, newest first (admin): `?action=&username=&from=YYYY-MM-DD&to=YYYY-MM-DD&limit=&before=&format=json|csv`.
 * Reading it is not itself logged as an export: it is the admin's own instrument.
 */
export const GET = ((event) =>
	answer(() => {
		requireRole(event, 'admin');
		const { url } = event;
		const action = url.searchParams.get('action') || undefined;
		if (action && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
			throw new BadParamError('action', `Okänd händelse "${action.slice(0, 40)}".`, [...AUDIT_ACTIONS]);
		}
		const format = oneOf(url, 'format', ['json', 'csv'], 'json');
		const query: AuditQuery = {
			action: action as AuditQuery['action'],
			username: url.searchParams.get('username')?.trim() || undefined,
			from: date(url, 'from'),
			to: date(url, 'to'),
			before: positive(url, 'before', Number.MAX_SAFE_INTEGER),
			limit: positive(url, 'limit', format === 'csv' ? 100_000 : 1000) ?? (format === 'csv' ? 100_000 : 100)
		};
		const { entries, next } = services().audit.query(query);
		if (format === 'json') return json({ entries, actions: AUDIT_ACTIONS, next });
		return csvResponse(
			'granskningslogg.csv',
			toCsv(
				['löpnummer', 'tid', 'användare', 'organisation', 'händelse', 'objekt', 'utfall', 'adress', 'detaljer'],
				entries.map((e) => [e.seq, e.at, e.username, e.organisationId, e.action, e.target, e.outcome, e.ip, e.detail ? JSON.stringify(e.detail) : null])
			)
		);
	})) satisfies RequestHandler;
