/**
 * The yearly lägesbild's requests: the summary and its history, the PDF, the indicators and the
 * action plan, answered as request.ts's ApiResult. The server side is src/lib/server/report.
 */
import type { ObjectVersion } from '$lib/history';
import type { CollaborationArea, IndicatorSeries, ReportSection } from '$lib/report/model';
import { download, get, json, request, type ApiResult } from './request';

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
		request(`${base(year)}/summary`, json('PUT', { baseVersion, sections }), summaryOf),
	summary: (year: number): Promise<ApiResult<ReportSummary>> => request(`${base(year)}/summary`, get(), summaryOf),
	history: (year: number): Promise<ApiResult<{ history: ObjectVersion<SummarySnapshot>[] }>> =>
		request(`${base(year)}/summary/history`, get(), (body) => ({ history: body.history as ObjectVersion<SummarySnapshot>[] })),
	restore: (year: number, version: number, baseVersion: number): Promise<ApiResult<ReportSummary>> =>
		request(`${base(year)}/summary/restore`, json('POST', { version, baseVersion }), summaryOf)
};

export const pdfUrl = (year: number) => `${base(year)}.pdf`;

/** The edition's PDF as a file, or the server's message. */
export const fetchPdf = (year: number) => download(pdfUrl(year));

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

export type ImportResult = ApiResult<{ effects: ImportEffect[]; rows: number | null }>;

/** Previews (`dryRun`) or imports a table of indicators; a refused table comes back with every row's problem (`problems`). */
export function importIndicators(csv: string, file: string | null, dryRun: boolean): Promise<ImportResult> {
	return request('/api/indicators/import', json('POST', { csv, file, dryRun }), (body) => ({
		effects: (body.preview ?? body.imported) as ImportEffect[],
		rows: typeof body.rows === 'number' ? body.rows : null
	}));
}

export const indicatorApi = {
	history: (id: string): Promise<ApiResult<{ history: ObjectVersion<{ values: unknown[]; file: string | null; source: string }>[] }>> =>
		request(`/api/indicators/${encodeURIComponent(id)}/history`, get(), (body) => ({ history: body.history as ObjectVersion<{ values: unknown[]; file: string | null; source: string }>[] })),
	restore: (id: string, version: number, baseVersion: number): Promise<ApiResult<ListedIndicator>> =>
		request(`/api/indicators/${encodeURIComponent(id)}/restore`, json('POST', { version, baseVersion }), (body) => body.indicator as ListedIndicator)
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
	save: (year: number, id: string, change: PlanAreaChange): Promise<ApiResult<PlanArea>> => request(planBase(year, id), json('PUT', change), areaOf),
	history: (year: number, id: string): Promise<ApiResult<{ history: ObjectVersion<{ results: string[]; priorities: unknown[] }>[] }>> =>
		request(`${planBase(year, id)}/history`, get(), (body) => ({ history: body.history as ObjectVersion<{ results: string[]; priorities: unknown[] }>[] })),
	restore: (year: number, id: string, version: number, baseVersion: number): Promise<ApiResult<PlanArea>> =>
		request(`${planBase(year, id)}/restore`, json('POST', { version, baseVersion }), areaOf)
};
