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
