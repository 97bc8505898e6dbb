import { json, request } from './request';

/** The account's access tokens as GET /api/tokens lists them (never the secret). */
export interface AccessTokenView {
	id: number;
	name: string;
	createdAt: string;
	expiresAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
	state: 'active' | 'expired' | 'revoked';
}

export const STATE_LABELS: Record<AccessTokenView['state'], string> = { active: 'Gäller', expired: 'Har gått ut', revoked: 'Återkallad' };

/** A new token: the secret comes once, in this answer only. */
export function createToken(name: string, expiresInDays: number) {
	return request('/api/tokens', json('POST', { name, expiresInDays }), (b) => b as { token: string; accessToken: AccessTokenView });
}

export function revokeToken(id: number) {
	return request(`/api/tokens/${id}`, { method: 'DELETE' }, (b) => b.accessToken as AccessTokenView);
}
