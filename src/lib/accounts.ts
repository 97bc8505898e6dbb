/**
 * Roles, organisation kinds and an account as the API shows it: one definition for the server
 * (src/lib/server/auth) and the browser (session and admin pages). No imports: the admin CLI
 * reads it outside SvelteKit.
 */
export const ROLES = ['läsare', 'redaktör', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The partners of the weekly lägesbild (EST): security and transport companies since migration 13. */
export const ORGANISATION_KINDS = ['stadsdelsförvaltning', 'polis', 'fastighetsägare', 'säkerhetsföretag', 'transportföretag', 'annan'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/**
 * What an organisation other than the owner may do in a layer: 'edit' every object (and replace
 * the layer by import), 'contribute' add objects and change or delete its own.
 */
export const EDIT_LEVELS = ['edit', 'contribute'] as const;
export type EditLevel = (typeof EDIT_LEVELS)[number];
export const EDIT_LEVEL_LABELS: Record<EditLevel, string> = { edit: 'redigera', contribute: 'bidra' };

/** An organisation's right in a layer: 'owner', one of EDIT_LEVELS, or null (may only see it). */
export type LayerRight = 'owner' | EditLevel | null;

/** Who owns a layer and who else may write in it, and what the asking account may do there. */
export interface LayerAccessInfo {
	owner: { id: string; name: string };
	editors: { organisation: { id: string; name: string }; level: EditLevel }[];
	/** The asker's organisation's right (whatever the asker's role). */
	right: LayerRight;
	/** Whether the asker decides who sees and edits the layer (the owner's admins, the system administrator). */
	administer: boolean;
}

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
