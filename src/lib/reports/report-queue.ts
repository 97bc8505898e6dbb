/**
 * A report goes into the phone's outbox (src/lib/inventory/outbox.ts, the queue the field mode's
 * findings use) before it is sent, online or not: one entry of kind 'report-create', keyed by the
 * report's clientId, which the server uses to answer a resend with the stored report. The form
 * checks the report first (`reportProblem`), so nothing the server would refuse waits in the queue.
 */
import type { OutboxEntry, OutboxStore } from '$lib/inventory/outbox';
import type { NewReport } from './model';

export const REPORTS_URL = '/api/reports';

export async function queueReport(store: OutboxStore, { account, body, now = new Date() }: { account: string; body: NewReport; now?: Date }): Promise<OutboxEntry> {
	const entry: OutboxEntry = { id: body.clientId, kind: 'report-create', url: REPORTS_URL, method: 'POST', account, body, enqueuedAt: now.toISOString(), attempts: 0 };
	await store.put(entry);
	return entry;
}

/** The account's queued reports (held ones included), oldest first. */
export function queuedReports(entries: OutboxEntry[], account: string): (OutboxEntry & { body: NewReport })[] {
	return entries.filter((e): e is OutboxEntry & { kind: 'report-create'; body: NewReport } => e.kind === 'report-create' && e.account === account);
}
