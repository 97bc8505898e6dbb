import { json } from '@sveltejs/kit';
import { AUDIT_ACTIONS, type AuditQuery } from '$lib/server/auth/audit-log';
import { auditCsv, auditTable } from '$lib/server/auth/audit-csv';
import { tableResponse } from '$lib/server/table-export';
import { csvResponse } from '$lib/server/csv';
import { answer } from '$lib/server/http';
import { isSystemAdmin } from '$lib/server/auth/access';
import { requireRole } from '$lib/server/guard';
import { oneOf } from '$lib/server/params';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';
import { BadParamError } from '$lib/server/errors';

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
 * The audit log, newest first: `?action=&username=&from=YYYY-MM-DD&to=YYYY-MM-DD&limit=&before=&format=json|csv|xlsx`.
 * An organisation admin reads what its organisation's accounts did; the system administrator all
 * of it (failed logins for unknown usernames included).
 * JSON is one page (limit ≤ 1000, `next` for the following one); CSV and .xlsx are every matching entry.
 * Reading it is not itself logged as an export: it is the admin's own instrument.
 */
export const GET = ((event) =>
	answer(async () => {
		const admin = requireRole(event, 'admin');
		const { url } = event;
		const action = url.searchParams.get('action') || undefined;
		if (action && !(AUDIT_ACTIONS as readonly string[]).includes(action)) {
			throw new BadParamError('action', `Okänd händelse "${action.slice(0, 40)}".`, [...AUDIT_ACTIONS]);
		}
		const format = oneOf(url, 'format', ['json', 'csv', 'xlsx'], 'json');
		const query: AuditQuery = {
			action: action as AuditQuery['action'],
			username: url.searchParams.get('username')?.trim() || undefined,
			from: date(url, 'from'),
			to: date(url, 'to'),
			before: positive(url, 'before', Number.MAX_SAFE_INTEGER),
			organisation: isSystemAdmin(admin) ? undefined : admin.organisation.id,
			// The CSV holds every matching entry unless a limit is asked for; JSON is read a page at a time.
			limit: format !== 'json' ? positive(url, 'limit', Number.MAX_SAFE_INTEGER) : (positive(url, 'limit', 1000) ?? 100)
		};
		if (format === 'csv') return csvResponse('granskningslogg.csv', auditCsv(services().audit, query));
		if (format === 'xlsx') return tableResponse('xlsx', 'granskningslogg', [await auditTable(services().audit, query)]);
		const { entries, next } = await services().audit.query(query);
		return json({ entries, actions: AUDIT_ACTIONS, next });
	})) satisfies RequestHandler;
