/** The audit log in the administration: its filters as a query, its actions and details in Swedish. */

export interface AuditEntry {
	seq: number;
	at: string;
	username: string | null;
	organisationId: string | null;
	action: string;
	target: string | null;
	outcome: 'ok' | 'refused';
	ip: string | null;
	detail: Record<string, unknown> | null;
}

/** As the filter form holds them: empty means "any". Dates are YYYY-MM-DD (an input type=date). */
export interface AuditFilters {
	action: string;
	username: string;
	from: string;
	to: string;
}

export const NO_FILTERS: AuditFilters = { action: '', username: '', from: '', to: '' };
export const PAGE_SIZE = 100;

/**
 * The query string for GET /api/admin/audit: the filters that are set, then either a page
 * (`limit`, and `before` for older entries) or the whole selection as CSV or .xlsx.
 */
export function auditQuery(filters: AuditFilters, page: { before?: number | null; format?: 'csv' | 'xlsx' } = {}): string {
	const params = new URLSearchParams();
	if (filters.action) params.set('action', filters.action);
	if (filters.username.trim()) params.set('username', filters.username.trim());
	if (filters.from) params.set('from', filters.from);
	if (filters.to) params.set('to', filters.to);
	if (page.format) {
		params.set('format', page.format);
	} else {
		params.set('limit', String(PAGE_SIZE));
		if (page.before) params.set('before', String(page.before));
	}
	return `?${params}`;
}

/** What is wrong with the filters before asking (the server would refuse the same with a 400). */
export function filterProblem(filters: AuditFilters): string | null {
	if (filters.from && filters.to && filters.from > filters.to) return 'Från-datumet ligger efter till-datumet.';
	return null;
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
	login: 'Inloggning',
	'login-failed': 'Misslyckad inloggning',
	logout: 'Utloggning',
	'password-change': 'Byte av lösenord',
	'feature-create': 'Objekt skapat',
	'feature-update': 'Objekt ändrat',
	'feature-delete': 'Objekt borttaget',
	'feature-restore': 'Objekt återställt',
	'layer-create': 'Lager skapat',
	'layer-import': 'Import till lager',
	'layer-visibility': 'Lagrets synlighet ändrad',
	'layer-editors': 'Vem som får ändra i lagret ändrat',
	'layer-export': 'Lager exporterat',
	'layer-read': 'Skyddat lager läst',
	'history-export': 'Historik exporterad',
	'analysis-export': 'Analys exporterad',
	'account-create': 'Konto skapat',
	'account-update': 'Konto ändrat',
	'sessions-end': 'Sessioner avslutade',
	'organisation-create': 'Organisation skapad',
	'measure-create': 'Åtgärd skapad',
	'report-create': 'Rapport skapad',
	'report-import': 'Rapporter importerade (CSV)',
	'report-update': 'Rapport ändrad',
	'report-delete': 'Rapport borttagen',
	'report-export': 'Rapporter exporterade',
	'report-category-create': 'Rapportkategori tillagd',
	'report-category-update': 'Rapportkategori ändrad',
	'focus-place-create': 'Fokusplats vald (veckomötet)',
	'focus-place-update': 'Fokusplats ändrad',
	'focus-place-delete': 'Fokusplats borttagen',
	'focus-place-follow-up': 'Fokusplats följd upp',
	'focus-place-measure': 'Åtgärd för fokusplats',
	'measure-update': 'Åtgärd ändrad',
	'inventory-create': 'Inventering skapad',
	'inventory-update': 'Inventering ändrad',
	'inventory-restore': 'Inventering återställd',
	'finding-create': 'Fynd registrerat',
	'finding-update': 'Fynd ändrat',
	'finding-photo': 'Foto till fynd',
	'finding-measure': 'Fynd blev åtgärd',
	'finding-place': 'Fynd till otrygg plats',
	'meeting-create': 'Möte skapat',
	'meeting-update': 'Möte ändrat',
	'meeting-restore': 'Möte återställt',
	'agenda-item-create': 'Punkt på dagordningen tillagd',
	'agenda-item-update': 'Punkt på dagordningen ändrad',
	'agenda-item-delete': 'Punkt borttagen från dagordningen',
	'agenda-item-restore': 'Punkt återställd',
	'agenda-reorder': 'Dagordningen omordnad',
	'decision-create': 'Beslut fattat',
	'view-create': 'Vy sparad',
	'view-update': 'Vy ändrad',
	'view-restore': 'Vy återställd',
	'view-delete': 'Vy borttagen',
	'report-read': 'Lägesbild hämtad (PDF)',
	'report-summary-update': 'Lägesbildens sammanfattning ändrad',
	'report-summary-restore': 'Lägesbildens sammanfattning återställd',
	'indicator-import': 'Indikatorer importerade',
	'indicator-restore': 'Indikator återställd',
	'plan-area-update': 'Handlingsplanens samverkansområde ändrat',
	'plan-area-restore': 'Handlingsplanens samverkansområde återställt',
	'access-denied': 'Åtkomst nekad',
	'token-create': 'Åtkomsttoken skapad',
	'token-revoke': 'Åtkomsttoken återkallad',
	'token-use': 'Läsning med åtkomsttoken (GIS)'
};

/** An action the page does not know yet is shown as the server names it. */
export const actionLabel = (action: string) => AUDIT_ACTION_LABELS[action] ?? action;

const valueText = (value: unknown): string =>
	value === null ? 'inget' : Array.isArray(value) ? value.map(valueText).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** A detail object as one readable line: "reason: wrong-password; wait: 300". */
export function detailText(detail: Record<string, unknown> | null): string {
	if (!detail) return '';
	return Object.entries(detail)
		.map(([key, value]) => `${key}: ${valueText(value)}`)
		.join('; ');
}
