/**
 * The weekly reports' requests that are not the phone's queue (which sends new reports through
 * the outbox, $lib/inventory/outbox-send.ts): the import of a partner's file.
 */
import { json, request } from './request';

export interface ReportImportRequest {
	/** The file's bytes, base64: its encoding is the server's to find (UTF-8 or Windows-1252). */
	file: string;
	fileName: string;
	source: string;
	mapping: unknown;
	dryRun: boolean;
}

/**
 * Previews (`dryRun`) or imports a file of reports, all or nothing. A refused file is a 422 whose
 * `details` hold the preview with every row's problem.
 */
export function importReports<Outcome>(body: ReportImportRequest) {
	return request<Outcome>('/api/reports/import', json('POST', body));
}
