/**
 * The audit log as CSV: every entry that matches the filter (or the first `limit`), newest first,
 * streamed a page at a time. Used by GET /api/admin/audit?format=csv.
 */
import { csvStream, type Cell } from '../csv';
import type { AuditLog, AuditQuery } from './audit-log';

export const AUDIT_CSV_HEADER = ['löpnummer', 'tid', 'användare', 'organisation', 'händelse', 'objekt', 'utfall', 'adress', 'detaljer'] as const;

export function auditCsv(log: AuditLog, query: AuditQuery): ReadableStream<Uint8Array> {
	const { limit, ...filter } = query;
	function* rows(): Generator<Cell[][], void, undefined> {
		let left = limit ?? Number.POSITIVE_INFINITY;
		for (const page of log.all(filter)) {
			const taken = page.slice(0, Math.min(page.length, left));
			left -= taken.length;
			yield taken.map((e) => [e.seq, e.at, e.username, e.organisationId, e.action, e.target, e.outcome, e.ip, e.detail ? JSON.stringify(e.detail) : null]);
			if (left <= 0) return;
		}
	}
	return csvStream(AUDIT_CSV_HEADER, rows());
}
