/**
 * The browser's view of the login session (`/api/session`): who is logged in, and what happens
 * when the server stops knowing them. A session ends on the server (30 min idle, 12 h at most)
 * without telling the page; the first request that then answers 401 is how the page finds out.
 * Every fetch wrapper passes its status to `noticeExpiry`, which tells the page once.
 */

import type { Role } from './accounts';

export { ORGANISATION_KINDS, ROLES, type OrganisationKind, type Role } from './accounts';

export interface Organisation {
	id: string;
	name: string;
	/** One of ORGANISATION_KINDS; a string so that a kind added on the server still shows. */
	kind: string;
}

export interface Account {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	organisation: Organisation;
	/** An admin of the organisation that operates the installation: administers every organisation. */
	systemAdmin?: boolean;
}

export interface Session {
	account: Account;
	demo: boolean;
	idleMinutes: number;
}

/** What the page needs to know before it can show anything: a session, or how to log in. */
export interface SessionState {
	session: Session | null;
	demo: boolean;
	/** Usernames to try in demo mode; empty otherwise. */
	demoAccounts: string[];
}

export const EXPIRED_MESSAGE = 'Du har loggats ut (sessionen gick ut). Logga in igen.';

/** Editing, import and new layers are for redaktör and admin. */
export const canEdit = (role: Role) => role === 'redaktör' || role === 'admin';

/**
 * GET /api/session. A 401 is an answer (not logged in), not a failure; any other non-200 throws,
 * so the page's load shows its error page.
 */
export async function readSession(fetcher: typeof fetch): Promise<SessionState> {
	const response = await fetcher('/api/session', { cache: 'no-store' });
	const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (response.ok) {
		const session = body as unknown as Session;
		return { session, demo: session.demo === true, demoAccounts: [] };
	}
	if (response.status === 401) {
		const demoAccounts = Array.isArray(body.demoAccounts) ? body.demoAccounts.filter((a): a is string => typeof a === 'string') : [];
		return { session: null, demo: body.demo === true, demoAccounts };
	}
	throw new Error(typeof body.message === 'string' ? body.message : `Servern svarade ${response.status}.`);
}

let notice: string | null = null;
let onExpired: () => void = () => {};
/** A page that keeps what was typed and asks for the password in place (the meeting view). */
let claimed: (() => void) | null = null;

/**
 * While a page holds the claim, an ended session is its to handle (e.g. a password dialog over
 * the meeting) instead of the page's data being reloaded into the login form. Returns the release.
 */
export function claimExpiry(handler: () => void): () => void {
	claimed = handler;
	return () => {
		if (claimed === handler) claimed = null;
	};
}

/** What to do when a session has ended under the page (the layout reloads the page's data). */
export function setExpiryHandler(handler: () => void): void {
	onExpired = handler;
}

/**
 * Call with the status of every API response made while logged in. True for a 401: the caller
 * should stop, the page is going back to the login form. Several requests failing together (the
 * analysis asks three at once) tell the page once.
 */
export function noticeExpiry(status: number): boolean {
	if (status !== 401) return false;
	if (notice !== EXPIRED_MESSAGE) {
		notice = EXPIRED_MESSAGE;
		(claimed ?? onExpired)();
	}
	return true;
}

/**
 * Leaves a message for the next page that shows one (the login form, the map). A message already
 * waiting stays: it is the first reason, e.g. "the session ended" before "log in as admin".
 */
export function leaveNotice(message: string): void {
	notice ??= message;
}

/** The message left for this page, once. */
export function takeNotice(): string | null {
	const taken = notice;
	notice = null;
	return taken;
}

/** A login succeeded: a notice left by a request of the old session is no longer true. */
export function sessionStarted(): void {
	notice = null;
}
