/**
 * The lägesbild page's requests (through the app's one client, api-client.ts): the years, the
 * summary and its history, and the PDF. Browser side; the server side is src/lib/server/report.
 */
import { call, json, type ApiResult } from '../api-client';
import type { ObjectVersion } from '../history';
import { noticeExpiry } from '../session-client';
import type { CollaborationArea, IndicatorSeries, ReportSection } from './model';

export interface ReportSummary {
	year: number;
	sections: ReportSection[];
	/** 0: never saved (the starting text). */
	version: number;
	updatedAt: string | null;
	updatedBy: string | null;
}

export interface SummarySnapshot {
	sections: ReportSection[];
}

const base = (year: number) => `/api/lagesbild/${year}`;
const summaryOf = (body: Record<string, unknown>) => body.summary as ReportSummary;

export const reportApi = {
	saveSummary: (year: number, baseVersion: number, sections: ReportSection[]): Promise<ApiResult<ReportSummary>> =>
		call(`${base(year)}/summary`, json('PUT', { baseVersion, sections }), summaryOf),
	summary: (year: number): Promise<ApiResult<ReportSummary>> => call(`${base(year)}/summary`, { method: 'GET' }, summaryOf),
	history: (year: number): Promise<ApiResult<{ history: ObjectVersion<SummarySnapshot>[] }>> =>
		call(`${base(year)}/summary/history`, { method: 'GET' }, (body) => ({ history: body.history as ObjectVersion<SummarySnapshot>[] })),
	restore: (year: number, version: number, baseVersion: number): Promise<ApiResult<ReportSummary>> =>
		call(`${base(year)}/summary/restore`, json('POST', { version, baseVersion }), summaryOf)
};

export const pdfUrl = (year: number) => `${base(year)}.pdf`;

/** The edition's PDF as a file, or the server's message (a PDF is not JSON, so not through `call`). */
export async function fetchPdf(year: number): Promise<{ ok: true; blob: Blob } | { ok: false; message: string }> {
	let response: Response;
	try {
		response = await fetch(pdfUrl(year), { cache: 'no-store' });
	} catch {
		return { ok: false, message: 'Servern svarar inte. Kontrollera anslutningen och försök igen.' };
	}
	if (response.ok) return { ok: true, blob: await response.blob() };
	noticeExpiry(response.status);
	const body = (await response.json().catch(() => ({}))) as { message?: string };
	return { ok: false, message: body.message ?? `Servern svarade ${response.status}.` };
}

/** An indicator as GET /api/indicators lists it: imported ones carry their provenance and version. */
export interface ListedIndicator extends IndicatorSeries {
	version?: number;
	file?: string | null;
	createdAt?: string;
	createdBy?: string;
	updatedAt?: string;
	updatedBy?: string;
}

export interface ImportEffect {
	id: string;
	title: string;
	isNew: boolean;
	added: number;
	changed: number;
	unchanged: number;
	describedAnew: boolean;
}

export type ImportResult =
	| { ok: true; effects: ImportEffect[]; rows: number | null }
	| { ok: false; message: string; problems: { row: number; message: string }[] };

/** Previews (`dryRun`) or imports a table of indicators; a refused table comes back with every row's problem. */
export async function importIndicators(csv: string, file: string | null, dryRun: boolean): Promise<ImportResult> {
	let response: Response;
	try {
		response = await fetch('/api/indicators/import', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ csv, file, dryRun }),
			cache: 'no-store'
		});
	} catch {
		return { ok: false, message: 'Servern svarar inte. Kontrollera anslutningen och försök igen.', problems: [] };
	}
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (response.ok) return { ok: true, effects: (body.preview ?? body.imported) as ImportEffect[], rows: typeof body.rows === 'number' ? body.rows : null };
	noticeExpiry(response.status);
	return {
		ok: false,
		message: typeof body.message === 'string' ? body.message : `Servern svarade ${response.status}.`,
		problems: Array.isArray(body.problems) ? (body.problems as { row: number; message: string }[]) : []
	};
}

export const indicatorApi = {
	history: (id: string): Promise<ApiResult<{ history: ObjectVersion<{ values: unknown[]; file: string | null; source: string }>[] }>> =>
		call(`/api/indicators/${encodeURIComponent(id)}/history`, { method: 'GET' }, (body) => ({ history: body.history as ObjectVersion<{ values: unknown[]; file: string | null; source: string }>[] })),
	restore: (id: string, version: number, baseVersion: number): Promise<ApiResult<ListedIndicator>> =>
		call(`/api/indicators/${encodeURIComponent(id)}/restore`, json('POST', { version, baseVersion }), (body) => body.indicator as ListedIndicator)
};

export interface PlanPlace {
	layerId: string;
	featureId: string;
	name: string;
}

/** One collaboration area of a year's action plan, as the reader sees it: the document's area, stored per year. */
export interface PlanArea extends Omit<CollaborationArea, 'priorities'> {
	year: number;
	priorities: { text: string; measures: { id: string; title: string; status: string }[]; places: PlanPlace[] }[];
	version: number;
	updatedAt: string | null;
	updatedBy: string | null;
}

export interface PlanAreaChange extends Pick<CollaborationArea, 'description' | 'collaborators' | 'goals' | 'workForms' | 'comment' | 'results'> {
	baseVersion: number;
	priorities: { text: string; measureIds: string[]; places: { layerId: string; featureId: string }[] }[];
}

const planBase = (year: number, id: string) => `/api/plan/${year}/areas/${encodeURIComponent(id)}`;
const areaOf = (body: Record<string, unknown>) => body.area as PlanArea;

export const planApi = {
	save: (year: number, id: string, change: PlanAreaChange): Promise<ApiResult<PlanArea>> => call(planBase(year, id), json('PUT', change), areaOf),
	history: (year: number, id: string): Promise<ApiResult<{ history: ObjectVersion<{ results: string[]; priorities: unknown[] }>[] }>> =>
		call(`${planBase(year, id)}/history`, { method: 'GET' }, (body) => ({ history: body.history as ObjectVersion<{ results: string[]; priorities: unknown[] }>[] })),
	restore: (year: number, id: string, version: number, baseVersion: number): Promise<ApiResult<PlanArea>> =>
		call(`${planBase(year, id)}/restore`, json('POST', { version, baseVersion }), areaOf)
};
