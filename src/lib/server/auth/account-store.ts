/**
 * Organisations, accounts, sessions, layer visibility and editing grants, and the operating
 * organisation in the SQLite store (migrations 2 and 5).
 * Session tokens are 256 random bits; only their SHA-256 is stored. A session ends after
 * `idleMs` without requests or `absoluteMs` after login, whichever comes first.
 * Relative imports only: the admin CLI runs this outside SvelteKit.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { write, type Db } from '../db/database';
import type { AccountSummary } from '../../accounts';
import type { EditLevel, Organisation, OrganisationKind, Role, Viewer } from './access';
import { ConflictError, NotFoundError } from '../errors';

export interface Account extends Viewer {
	disabled: boolean;
	demo: boolean;
	createdAt: string;
	lastLoginAt: string | null;
}

export type { AccountSummary };

export interface SessionLimits {
	idleMs: number;
	absoluteMs: number;
}

export const DEFAULT_LIMITS: SessionLimits = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

/**
 * The longest a session may last: the defaults are also the ceiling. A configuration that asks for
 * more (a typo, or "a day is easier") gets these; shorter limits are allowed (tests shorten them).
 */
export const MAX_LIMITS: SessionLimits = DEFAULT_LIMITS;

/**
 * Limits from LAGESKARTA_SESSION_IDLE_MINUTES / LAGESKARTA_SESSION_MAX_HOURS, each clamped to at
 * most 30 minutes idle and 12 hours in all; a missing, zero, negative or non-numeric value means the
 * default. `warn` hears about a value that was lowered (the server logs it at start).
 */
export function sessionLimits(env: Record<string, string | undefined> = process.env, warn: (message: string) => void = () => {}): SessionLimits {
	const idle = Number(env.LAGESKARTA_SESSION_IDLE_MINUTES);
	const max = Number(env.LAGESKARTA_SESSION_MAX_HOURS);
	const idleMs = idle > 0 ? idle * 60_000 : DEFAULT_LIMITS.idleMs;
	const absoluteMs = max > 0 ? max * 3_600_000 : DEFAULT_LIMITS.absoluteMs;
	if (idleMs > MAX_LIMITS.idleMs) warn(`LAGESKARTA_SESSION_IDLE_MINUTES=${env.LAGESKARTA_SESSION_IDLE_MINUTES} är mer än högsta tillåtna ${MAX_LIMITS.idleMs / 60_000}; ${MAX_LIMITS.idleMs / 60_000} minuter gäller.`);
	if (absoluteMs > MAX_LIMITS.absoluteMs) warn(`LAGESKARTA_SESSION_MAX_HOURS=${env.LAGESKARTA_SESSION_MAX_HOURS} är mer än högsta tillåtna ${MAX_LIMITS.absoluteMs / 3_600_000}; ${MAX_LIMITS.absoluteMs / 3_600_000} timmar gäller.`);
	return { idleMs: Math.min(idleMs, MAX_LIMITS.idleMs), absoluteMs: Math.min(absoluteMs, MAX_LIMITS.absoluteMs) };
}

interface AccountRow {
	id: number;
	username: string;
	display_name: string;
	organisation_id: string;
	role: Role;
	password_hash: string;
	disabled: number;
	demo: number;
	created_at: string;
	last_login_at: string | null;
	org_name: string;
	org_kind: OrganisationKind;
}

const ACCOUNT_SELECT = `SELECT a.*, o.name AS org_name, o.kind AS org_kind FROM accounts a JOIN organisations o ON o.id = a.organisation_id`;

const toAccount = (row: AccountRow): Account => ({
	id: row.id,
	username: row.username,
	displayName: row.display_name,
	role: row.role,
	organisation: { id: row.organisation_id, name: row.org_name, kind: row.org_kind },
	disabled: row.disabled === 1,
	demo: row.demo === 1,
	createdAt: row.created_at,
	lastLoginAt: row.last_login_at
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type SessionCheck =
	| { ok: true; account: Account; touched: boolean }
	| { ok: false; reason: 'unknown' | 'idle' | 'absolute' | 'disabled' };

export class AccountStore {
	readonly #db: Db;
	readonly #now: () => number;
	/** Prepared once: the session check runs on every request. */
	readonly #statements = new Map<string, Database.Statement>();
	/** Layer visibility, read on every request; changed only through setVisibility (this process). */
	#visibilityCache: Map<string, string[]> | undefined;
	/** Layer editing grants, likewise (setEditors). */
	#editorsCache: Map<string, LayerEditor[]> | undefined;

	constructor(db: Db, now: () => number = Date.now) {
		this.#db = db;
		this.#now = now;
	}

	#sql(text: string): Database.Statement {
		let statement = this.#statements.get(text);
		if (!statement) this.#statements.set(text, (statement = this.#db.prepare(text)));
		return statement;
	}

	#iso = () => new Date(this.#now()).toISOString();

	/** Runs work as one transaction (other stores' writes inside it become savepoints). */
	transaction<T>(work: () => T): T {
		return write(this.#db, work);
	}

	// Organisations

	/** Read by every LayerView (names in messages and rights); changed only by createOrganisation here. */
	#organisationsCache: Organisation[] | undefined;

	organisations(): Organisation[] {
		if (this.#organisationsCache) return this.#organisationsCache;
		const organisations = this.#sql('SELECT id, name, kind FROM organisations ORDER BY name').all() as Organisation[];
		if (!this.#db.inTransaction) this.#organisationsCache = organisations;
		return organisations;
	}

	organisation(id: string): Organisation | undefined {
		return this.#sql('SELECT id, name, kind FROM organisations WHERE id = ?').get(id) as Organisation | undefined;
	}

	createOrganisation(name: string, kind: OrganisationKind): Organisation {
		const base = slug(name) || 'organisation';
		return write(this.#db, () => {
			if (this.#sql('SELECT 1 FROM organisations WHERE name = ?').get(name)) {
				throw new ConflictError(`Organisationen "${name}" finns redan.`);
			}
			let id = base;
			this.#organisationsCache = undefined;
			for (let n = 2; this.organisation(id); n++) id = `${base}-${n}`;
			this.#sql('INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run(id, name, kind, this.#iso());
			return this.organisation(id)!;
		});
	}

	/** An organisation with a fixed id (the demo's example partners), made if it is not there. */
	ensureOrganisation(id: string, name: string, kind: OrganisationKind): Organisation {
		return write(this.#db, () => {
			if (!this.organisation(id)) {
				this.#organisationsCache = undefined;
				this.#sql('INSERT INTO organisations (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run(id, name, kind, this.#iso());
			}
			return this.organisation(id)!;
		});
	}

	/**
	 * The organisation that runs this installation: its admins are system administrators. Set by
	 * `npm run admin:create -- --system` (or by the first admin made there), in demo mode sdf-jarva.
	 * Read with every session check (one indexed row, see sessionViewer): a change from the command
	 * line applies within a second.
	 */
	operator(): Organisation | null {
		const row = this.#sql("SELECT o.id, o.name, o.kind FROM settings s JOIN organisations o ON o.id = s.value WHERE s.key = 'operator_organisation'").get() as Organisation | undefined;
		return row ?? null;
	}

	setOperator(organisationId: string): void {
		if (!this.organisation(organisationId)) throw new NotFoundError(`Organisationen ${organisationId} finns inte.`);
		this.#forgetRecent();
		this.#sql("INSERT INTO settings (key, value) VALUES ('operator_organisation', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(organisationId);
	}

	/** The viewer an account acts as: with `systemAdmin` when it is an admin of the operating organisation. */
	viewer(account: Account): Viewer {
		return viewerOf(account, this.operator()?.id ?? null);
	}

	// Accounts

	account(id: number): Account | undefined {
		const row = this.#sql(`${ACCOUNT_SELECT} WHERE a.id = ?`).get(id) as AccountRow | undefined;
		return row && toAccount(row);
	}

	accountByUsername(username: string): (Account & { passwordHash: string }) | undefined {
		const row = this.#sql(`${ACCOUNT_SELECT} WHERE a.username = ?`).get(username) as AccountRow | undefined;
		return row && { ...toAccount(row), passwordHash: row.password_hash };
	}

	/** Every account, or only one organisation's (what its admins manage). */
	accounts(organisationId?: string): AccountSummary[] {
		const now = this.#now();
		const { idleMs, absoluteMs } = this.limits;
		const rows = this.#db
			.prepare(
				`${ACCOUNT_SELECT.replace('FROM', `, (SELECT count(*) FROM sessions s WHERE s.account_id = a.id AND s.last_seen_ms > @idle AND s.created_ms > @absolute) AS active FROM`)} ${organisationId === undefined ? '' : 'WHERE a.organisation_id = @organisation'} ORDER BY o.name, a.username`
			)
			.all({ idle: now - idleMs, absolute: now - absoluteMs, ...(organisationId === undefined ? {} : { organisation: organisationId }) }) as (AccountRow & { active: number })[];
		return rows.map((row) => summary(toAccount(row), row.active));
	}

	summary(id: number): AccountSummary {
		const found = this.accounts().find((a) => a.id === id);
		if (!found) throw new NotFoundError(`Kontot ${id} finns inte.`);
		return found;
	}

	/** `passwordHash` must already be hashed (hashing is async; the write is one transaction). */
	createAccount(input: { username: string; displayName: string; organisationId: string; role: Role; passwordHash: string; demo?: boolean }): Account {
		return write(this.#db, () => {
			if (!this.organisation(input.organisationId)) throw new NotFoundError(`Organisationen ${input.organisationId} finns inte.`);
			if (this.accountByUsername(input.username)) throw new ConflictError(`Användarnamnet ${input.username} är upptaget.`);
			const { lastInsertRowid } = this.#db
				.prepare(
					`INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, demo, created_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?)`
				)
				.run(input.username, input.displayName, input.organisationId, input.role, input.passwordHash, input.demo ? 1 : 0, this.#iso());
			return this.account(Number(lastInsertRowid))!;
		});
	}

	/** Changes what is given; disabling or a new password ends the account's sessions. */
	updateAccount(id: number, change: { displayName?: string; role?: Role; organisationId?: string; disabled?: boolean; passwordHash?: string }): Account {
		return write(this.#db, () => {
			if (!this.account(id)) throw new NotFoundError(`Kontot ${id} finns inte.`);
			if (change.organisationId !== undefined && !this.organisation(change.organisationId)) {
				throw new NotFoundError(`Organisationen ${change.organisationId} finns inte.`);
			}
			// The role, organisation or name a cached session acts with may change.
			this.#forgetRecent();
			const set = (column: string, value: unknown) => this.#sql(`UPDATE accounts SET ${column} = ? WHERE id = ?`).run(value, id);
			if (change.displayName !== undefined) set('display_name', change.displayName);
			if (change.role !== undefined) set('role', change.role);
			if (change.organisationId !== undefined) set('organisation_id', change.organisationId);
			if (change.disabled !== undefined) set('disabled', change.disabled ? 1 : 0);
			if (change.passwordHash !== undefined) set('password_hash', change.passwordHash);
			if (change.disabled || change.passwordHash !== undefined) this.#endSessions(id);
			return this.account(id)!;
		});
	}

	/**
	 * Replaces a hash of the same password with one made with stronger parameters, at login. No
	 * session ends (the password is unchanged); false when the stored hash changed meanwhile (a
	 * password change won the race and stays).
	 */
	upgradePasswordHash(id: number, previous: string, next: string): boolean {
		return this.#sql('UPDATE accounts SET password_hash = ? WHERE id = ? AND password_hash = ?').run(next, id, previous).changes === 1;
	}

	// Sessions

	limits: SessionLimits = DEFAULT_LIMITS;

	/** Starts a session; returns the token for the cookie (never stored). */
	startSession(accountId: number): string {
		const token = randomBytes(32).toString('base64url');
		const now = this.#now();
		write(this.#db, () => {
			this.#sql('INSERT INTO sessions (token_hash, account_id, created_ms, last_seen_ms) VALUES (?, ?, ?, ?)').run(hashToken(token), accountId, now, now);
			this.#sql('UPDATE accounts SET last_login_at = ? WHERE id = ?').run(this.#iso(), accountId);
			// Expired sessions are swept at each login rather than by a timer.
			this.#sql('DELETE FROM sessions WHERE last_seen_ms < ? OR created_ms < ?').run(now - this.limits.idleMs, now - this.limits.absoluteMs);
		});
		return token;
	}

	/**
	 * Sessions checked in the last second, by token hash: a page load or a map sends a burst of
	 * requests, and each would otherwise read the session, the account and the operator again.
	 * Whatever ends a session or changes an account (logout, ending sessions, disabling, a new
	 * password, a new role or organisation, the operator) forgets the cache at once, so only the
	 * limits are looser, by at most that second. One process; several instances would each keep
	 * their own, so an instance must also hear the others' (next: LISTEN/NOTIFY).
	 */
	readonly #recent = new Map<string, { until: number; check: SessionCheck & { ok: true }; viewer: Viewer }>();
	static readonly RECENT_MS = 1000;

	/**
	 * The account behind a token and the viewer it acts as, if its session is alive (null
	 * otherwise, see checkSession for why): what the hook asks on every request, from the cache
	 * above when it can. An ended session is deleted, unless `keepEnded` (the layer read's fast path,
	 * which hands such a request on to the hook: the hook must still find it to say why it ended).
	 */
	sessionViewer(token: string, { keepEnded = false } = {}): { check: SessionCheck; viewer: Viewer | null } {
		const now = this.#now();
		const hash = hashToken(token);
		const recent = this.#recent.get(hash);
		if (recent && recent.until > now) return { check: recent.check, viewer: recent.viewer };
		const check = this.#checkSession(hash, now, !keepEnded);
		if (!check.ok) {
			this.#recent.delete(hash);
			return { check, viewer: null };
		}
		const viewer = this.viewer(check.account);
		if (this.#recent.size >= 10_000) this.#recent.clear();
		this.#recent.set(hash, { until: now + AccountStore.RECENT_MS, check, viewer });
		return { check, viewer };
	}

	/**
	 * The viewer a session acts as now, or null when it has ended (logged out, expired, account
	 * disabled): for an open live-update stream, which asks at every event it sends. Unlike
	 * sessionViewer it neither moves the session's clock on (an open tab is not activity) nor
	 * caches.
	 */
	liveViewer(token: string): Viewer | null {
		const row = this.#sql('SELECT account_id, created_ms, last_seen_ms FROM sessions WHERE token_hash = ?').get(hashToken(token)) as
			| { account_id: number; created_ms: number; last_seen_ms: number }
			| undefined;
		const now = this.#now();
		if (!row || now - row.created_ms > this.limits.absoluteMs || now - row.last_seen_ms > this.limits.idleMs) return null;
		const account = this.account(row.account_id);
		return account && !account.disabled ? this.viewer(account) : null;
	}

	/** Forgets every recently checked session (an account or a session changed). */
	#forgetRecent(): void {
		this.#recent.clear();
	}

	/**
	 * The account behind a token, if its session is alive; the session's clock is moved on.
	 * `last_seen` is written at most every `touchMs` (a write per request would cost the reads).
	 */
	checkSession(token: string): SessionCheck {
		return this.#checkSession(hashToken(token), this.#now());
	}

	#checkSession(hash: string, now: number, deleteEnded = true): SessionCheck {
		const row = this.#sql('SELECT account_id, created_ms, last_seen_ms FROM sessions WHERE token_hash = ?').get(hash) as
			| { account_id: number; created_ms: number; last_seen_ms: number }
			| undefined;
		if (!row) return { ok: false, reason: 'unknown' };
		const end = (reason: 'idle' | 'absolute' | 'disabled') => {
			if (deleteEnded) this.#sql('DELETE FROM sessions WHERE token_hash = ?').run(hash);
			return { ok: false, reason } as const;
		};
		if (now - row.created_ms > this.limits.absoluteMs) return end('absolute');
		if (now - row.last_seen_ms > this.limits.idleMs) return end('idle');
		const account = this.account(row.account_id);
		if (!account || account.disabled) return end('disabled');
		const touchMs = Math.min(30_000, this.limits.idleMs / 4);
		const touched = now - row.last_seen_ms > touchMs;
		if (touched) this.#sql('UPDATE sessions SET last_seen_ms = ? WHERE token_hash = ?').run(now, hash);
		return { ok: true, account, touched };
	}

	endSession(token: string): void {
		this.#forgetRecent();
		this.#sql('DELETE FROM sessions WHERE token_hash = ?').run(hashToken(token));
	}

	/** Ends every session of an account; returns how many were alive. */
	endSessions(accountId: number): number {
		return write(this.#db, () => this.#endSessions(accountId));
	}

	#endSessions(accountId: number): number {
		this.#forgetRecent();
		const now = this.#now();
		const alive = this.#db
			.prepare('SELECT count(*) AS n FROM sessions WHERE account_id = ? AND last_seen_ms > ? AND created_ms > ?')
			.get(accountId, now - this.limits.idleMs, now - this.limits.absoluteMs) as { n: number };
		this.#sql('DELETE FROM sessions WHERE account_id = ?').run(accountId);
		return alive.n;
	}

	// Layer visibility

	/** Organisation ids that may see the layer, or null for all partners. */
	visibility(layerId: string): string[] | null {
		const rows = this.#sql('SELECT organisation_id FROM layer_visibility WHERE layer_id = ? ORDER BY organisation_id').all(layerId) as { organisation_id: string }[];
		return rows.length ? rows.map((r) => r.organisation_id) : null;
	}

	/** Every layer's visibility at once (one query per request instead of one per layer). */
	visibilities(): Map<string, string[]> {
		if (this.#visibilityCache) return this.#visibilityCache;
		const map = new Map<string, string[]>();
		for (const row of this.#sql('SELECT layer_id, organisation_id FROM layer_visibility ORDER BY organisation_id').all() as { layer_id: string; organisation_id: string }[]) {
			map.set(row.layer_id, [...(map.get(row.layer_id) ?? []), row.organisation_id]);
		}
		// Never kept from inside a transaction: a rollback would leave it holding what was never committed.
		if (!this.#db.inTransaction) this.#visibilityCache = map;
		return map;
	}

	/** Every layer's editing grants (organisations other than the owner that may write in it). */
	editors(): Map<string, LayerEditor[]> {
		if (this.#editorsCache) return this.#editorsCache;
		const map = new Map<string, LayerEditor[]>();
		const rows = this.#sql('SELECT e.layer_id, e.organisation_id, e.level, o.name FROM layer_editors e JOIN organisations o ON o.id = e.organisation_id ORDER BY o.name').all() as {
			layer_id: string;
			organisation_id: string;
			level: EditLevel;
			name: string;
		}[];
		for (const row of rows) map.set(row.layer_id, [...(map.get(row.layer_id) ?? []), { organisation: { id: row.organisation_id, name: row.name }, level: row.level }]);
		if (!this.#db.inTransaction) this.#editorsCache = map;
		return map;
	}

	/** Replaces a layer's editing grants. */
	setEditors(layerId: string, editors: readonly { organisationId: string; level: EditLevel }[]): void {
		write(this.#db, () => {
			for (const { organisationId } of editors) {
				if (!this.organisation(organisationId)) throw new NotFoundError(`Organisationen ${organisationId} finns inte.`);
			}
			this.#sql('DELETE FROM layer_editors WHERE layer_id = ?').run(layerId);
			const insert = this.#sql('INSERT INTO layer_editors (layer_id, organisation_id, level) VALUES (?, ?, ?)');
			for (const { organisationId, level } of editors) insert.run(layerId, organisationId, level);
		});
		this.#editorsCache = undefined;
	}

	setVisibility(layerId: string, organisationIds: readonly string[] | null): void {
		write(this.#db, () => {
			for (const id of organisationIds ?? []) {
				if (!this.organisation(id)) throw new NotFoundError(`Organisationen ${id} finns inte.`);
			}
			this.#sql('DELETE FROM layer_visibility WHERE layer_id = ?').run(layerId);
			const insert = this.#sql('INSERT INTO layer_visibility (layer_id, organisation_id) VALUES (?, ?)');
			for (const id of new Set(organisationIds ?? [])) insert.run(layerId, id);
			this.#visibilityCache = undefined;
		});
		this.#visibilityCache = undefined;
	}
}

function summary(account: Account, activeSessions: number): AccountSummary {
	return {
		id: account.id,
		username: account.username,
		displayName: account.displayName,
		role: account.role,
		organisationId: account.organisation.id,
		disabled: account.disabled,
		demo: account.demo,
		createdAt: account.createdAt,
		lastLoginAt: account.lastLoginAt,
		activeSessions
	};
}

/** `Fastighetsägare Husby AB` → `fastighetsagare-husby-ab`. */
export function slug(name: string): string {
	return name
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 50);
}

/** An organisation's grant to write in a layer it does not own. */
export interface LayerEditor {
	organisation: { id: string; name: string };
	level: EditLevel;
}

/**
 * The viewer part of an account (what endpoints get); `operatorId` is the operating organisation
 * (AccountStore.operator), whose admins are system administrators.
 */
export const viewerOf = (account: Account, operatorId: string | null): Viewer => ({
	id: account.id,
	username: account.username,
	displayName: account.displayName,
	role: account.role,
	organisation: account.organisation,
	systemAdmin: account.role === 'admin' && operatorId !== null && account.organisation.id === operatorId
});
