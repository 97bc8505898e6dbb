/**
 * The administration's requests (`/api/admin/...`, layer visibility and editing), one function each,
 * answered as request.ts's ApiResult: a 400 names its field, a 401 sends the page to the login form.
 */
import { get, json, request } from './request';
import type { LayerSummary } from '$lib/layers/catalog';
import type { AccountSummary, EditLevel } from '$lib/accounts';
import type { Organisation, Role } from '$lib/session-client';
import { auditQuery, type AuditEntry, type AuditFilters } from '$lib/admin/audit';

/** An account as the administration lists it. */
export type AdminAccount = AccountSummary;

export interface NewAccount {
	username: string;
	displayName: string;
	organisationId: string;
	role: Role;
	password: string;
}

export type AccountChange = Partial<Pick<AdminAccount, 'displayName' | 'role' | 'organisationId' | 'disabled'> & { password: string }>;

export interface AuditPage {
	entries: AuditEntry[];
	/** Every action the log knows, for the filter. */
	actions: string[];
	/** `before` for the next (older) page, or null at the end. */
	next: number | null;
}

const accountUrl = (id: number) => `/api/admin/accounts/${id}`;
const accountOf = (body: Record<string, unknown>) => body.account as AdminAccount;

export function createAccount(account: NewAccount) {
	return request('/api/admin/accounts', json('POST', account), accountOf);
}

export function updateAccount(id: number, change: AccountChange) {
	return request(accountUrl(id), json('PATCH', change), accountOf);
}

/** Ends every session of an account; answers how many there were. */
export function endSessions(id: number) {
	return request(`${accountUrl(id)}/sessions`, { method: 'DELETE' }, (body) => Number(body.ended ?? 0));
}

export function createOrganisation(name: string, kind: string) {
	return request('/api/admin/organisations', json('POST', { name, kind }), (body) => body.organisation as Organisation);
}

/** Organisation ids that may see the layer, or null for alla parter. */
export function setVisibility(layerId: string, visibleTo: string[] | null) {
	return request(`/api/layers/${encodeURIComponent(layerId)}/visibility`, json('PUT', { visibleTo }), (body) => body.layer as LayerSummary);
}

/** Which organisations besides the owner may edit ('edit') or contribute to ('contribute') a layer. */
export function setEditors(layerId: string, editors: { organisationId: string; level: EditLevel }[]) {
	return request(`/api/layers/${encodeURIComponent(layerId)}/editors`, json('PUT', { editors }), (body) => body.layer as LayerSummary);
}

export function fetchAudit(filters: AuditFilters, before: number | null) {
	return request(`/api/admin/audit${auditQuery(filters, { before })}`, get(), (body) => body as unknown as AuditPage);
}
