/**
 * Who is asking, and what they may do. Roles are ranked (läsare < redaktör < admin); a layer is
 * seen by all partners or only by named organisations. Admins see every layer: they decide who
 * sees what, so they must see it.
 */
import type { OrganisationKind, Role } from '../../accounts';

export { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from '../../accounts';

export interface Organisation {
	id: string;
	name: string;
	kind: OrganisationKind;
}

/** The account behind a request, as the endpoints see it. */
export interface Viewer {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	organisation: Organisation;
}

const RANK: Record<Role, number> = { läsare: 0, redaktör: 1, admin: 2 };

export const hasRole = (viewer: Viewer, role: Role) => RANK[viewer.role] >= RANK[role];

/** `visibleTo` null: all partners. */
export function canSeeLayer(viewer: Viewer, visibleTo: readonly string[] | null): boolean {
	return viewer.role === 'admin' || visibleTo === null || visibleTo.includes(viewer.organisation.id);
}

/** No valid session: 401. */
export class UnauthenticatedError extends Error {
	constructor(message = 'Logga in först (POST /api/session med användarnamn och lösenord).') {
		super(message);
	}
}

/** Logged in, but not allowed: 403. */
export class ForbiddenError extends Error {}

export const ROLE_LABELS: Record<Role, string> = { läsare: 'Läsare', redaktör: 'Redaktör', admin: 'Administratör' };

export function requireRole(viewer: Viewer | null | undefined, role: Role): Viewer {
	if (!viewer) throw new UnauthenticatedError();
	if (!hasRole(viewer, role)) {
		throw new ForbiddenError(`Det här kräver rollen ${ROLE_LABELS[role].toLowerCase()}; ditt konto (${viewer.username}) är ${ROLE_LABELS[viewer.role].toLowerCase()}.`);
	}
	return viewer;
}
