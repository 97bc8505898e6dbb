/**
 * Roles, organisation kinds and an account as the API shows it: one definition for the server
 * (src/lib/server/auth) and the browser (session and admin pages). No imports: the admin CLI
 * reads it outside SvelteKit.
 */
export const ROLES = ['läsare', 'redaktör', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_KINDS = ['stadsdelsförvaltning', 'polis', 'fastighetsägare', 'annan'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** An account in the administration's list (`GET /api/admin/accounts`). */
export interface AccountSummary {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	organisationId: string;
	disabled: boolean;
	/** Made by the demo mode (shown as such, so nobody mistakes it for a real person). */
	demo: boolean;
	createdAt: string;
	lastLoginAt: string | null;
	activeSessions: number;
}
