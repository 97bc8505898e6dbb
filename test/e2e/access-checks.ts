/**
 * The vocabulary of the access matrix (access.e2e.ts): who the nine demo accounts are, and what
 * each kind of route allows them. Route families add their checks in access-checks-*.ts.
 */
import type { ApiRoute } from './api-routes';

export type Org = 'sdf' | 'polis' | 'fastighet';
export type Role = 'läsare' | 'redaktör' | 'admin';
export interface Who {
	username: string;
	org: Org;
	role: Role;
}

/** One request and the status each account must get. 400 = let in (body refused), 403 = role too low, 404 = not there for you. */
export interface Check {
	route: string;
	method: ApiRoute['method'];
	path: string;
	body?: unknown;
	multipart?: Record<string, string>;
	expect: (w: Who) => number;
}

/**
 * The drug scenes are seen by the district and the police, not by property owners – their admin
 * included: an organisation admin sees what its organisation sees. (The system administrator,
 * demo-admin of the district, sees every layer.)
 */
export const seesScenes = (w: Who) => w.org !== 'fastighet';
export const scenes = (w: Who) => (seesScenes(w) ? 200 : 404);
/** Writes: a läsare is refused (403); others get `ok`. */
export const writes = (w: Who, ok = 400) => (w.role === 'läsare' ? 403 : ok);
export const admin = (w: Who, ok: number) => (w.role === 'admin' ? ok : 403);
/** demo-admin: an admin of the district administration, which operates the demo. */
export const isSystemAdmin = (w: Who) => w.role === 'admin' && w.org === 'sdf';
/** What only the system administrator does (add organisations): 403 for everyone else. */
export const system = (w: Who, ok: number) => (isSystemAdmin(w) ? ok : 403);
/**
 * What the admins of one organisation and the system administrator do (its accounts, its layers'
 * visibility and grants). Another organisation's admin gets `otherAdmin` (404 for an account it
 * may not see, 403 for a layer it sees), everyone else 403.
 */
export const adminOf = (org: Org, w: Who, ok: number, otherAdmin = 403) => (w.role !== 'admin' ? 403 : isSystemAdmin(w) || w.org === org ? ok : otherAdmin);
