/**
 * Organisations, accounts, sessions, layer visibility and editing grants, and the operating
 * organisation (migrations 2, 5 and 19), on SQLite or PostgreSQL (db/app-database.ts;
 * account-store.test.ts runs on both, and with two instances on one PostgreSQL database).
 * Session tokens are 256 random bits; only their SHA-256 is stored. A session ends after
 * `idleMs` without requests or `absoluteMs` after login, whichever comes first.
 *
 * What every request reads stays in memory and synchronous for its callers (access checks,
 * LayerView, the live updates, the fast paths): the organisations, the operator, every layer's
 * visibility and editing grants, and the sessions checked in the last second. `fresh()` – called
 * once per request, before any of them is read – asks the database's change counter (one row,
 * `account_changes`, bumped by triggers on what those caches hold, migration 19) and reloads them
 * when it moved: on PostgreSQL at every request (another instance may have written), on SQLite at
 * most once a second (only the command line writes from another process). This instance's own
 * writes forget the recent sessions at once and reload the rest after they commit.
 * Relative imports only: the admin CLI runs this outside SvelteKit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDatabase } from '../db/app-database';
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
	disabled: number | boolean;
	demo: number | boolean;
	created_at: string;
	last_login_at: string | null;
	org_name: string;
	org_kind: OrganisationKind;
}

const ACCOUNT_COLUMNS = sql`a.id, a.username, a.display_name, a.organisation_id, a.role, a.password_hash, a.disabled, a.demo, a.created_at, a.last_login_at, o.name AS org_name, o.kind AS org_kind`;

const toAccount = (row: AccountRow): Account => ({
	id: Number(row.id),
	username: row.username,
	displayName: row.display_name,
	role: row.role,
	organisation: { id: row.organisation_id, name: row.org_name, kind: row.org_kind },
	disabled: Boolean(row.disabled),
	demo: Boolean(row.demo),
	createdAt: row.created_at,
	lastLoginAt: row.last_login_at
});

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type SessionCheck =
	| { ok: true; account: Account; touched: boolean }
	| { ok: false; reason: 'unknown' | 'idle' | 'absolute' | 'disabled' };

/** What is kept in memory between requests, as of one value of the change counter. */
interface Cached {
	counter: number;
	organisations: Organisation[];
	operator: Organisation | null;
	visibility: Map<string, string[]>;
	editors: Map<string, LayerEditor[]>;
}

interface SessionRow {
	account_id: number;
	created_ms: number;
	last_seen_ms: number;
}

export class AccountStore {
	readonly #database: AppDatabase;
	readonly #now: () => number;
	#cached: Cached | undefined;
	/** When the counter was last asked (Date.now, not the store's clock: the clock may be a test's). */
	#askedAt = -Infinity;
	/** A change of this instance's is waiting for its outer write to commit before the caches reload. */
	#stale = false;

	constructor(database: AppDatabase, now: () => number = Date.now) {
		this.#database = database;
		this.#now = now;
		// A change made inside another store's write (a layer made with its visibility) reloads once that write commits.
		database.onAfterCommit(() => {
			if (this.#stale) this.#reloadSoon();
		});
	}

	#iso = () => new Date(this.#now()).toISOString();

	get #query() {
		return this.#database.query;
	}

	/** Runs work as one write (other stores' writes inside it become savepoints); the caches are fresh when it returns. */
	async transaction<T>(work: () => T | Promise<T>): Promise<T> {
		const result = await this.#database.write(work);
		if (this.#stale && !this.#database.inWrite) await this.#reload();
		return result;
	}

	// The caches

	/**
	 * Makes the in-memory reads (organisations, operator, visibilities, editors, recent sessions)
	 * current: call once per request before them. One query for the change counter on PostgreSQL;
	 * on SQLite at most one a second. Reloads what is kept when the counter moved.
	 */
	async fresh(): Promise<void> {
		const sqlite = this.#database.dialect === 'sqlite';
		if (this.#cached && !this.#stale && sqlite && Date.now() - this.#askedAt < AccountStore.RECENT_MS) return;
		this.#askedAt = Date.now();
		const stale = this.#stale;
		const counter = await this.#counter();
		if (this.#cached && !stale && counter === this.#cached.counter) return;
		await this.#load(counter, stale);
	}

	/** The change counter (migration 19): moves with every committed change to what is cached. */
	async #counter(): Promise<number> {
		const { rows } = await sql<{ counter: number }>`SELECT counter FROM account_changes WHERE id = 1`.execute(this.#query);
		return Number(rows[0]?.counter ?? 0);
	}

	/**
	 * Reads everything kept, as of at least `counter` (read first: the rest is as new or newer).
	 * `force`: replace what is kept even when it says a higher counter (it was read inside a write that rolled back).
	 */
	async #load(counter: number, force = false): Promise<void> {
		this.#stale = false;
		const query = this.#query;
		const [organisations, operator, visibility, editors] = await Promise.all([
			sql<Organisation>`SELECT id, name, kind FROM organisations ORDER BY name`.execute(query),
			sql<Organisation>`SELECT o.id, o.name, o.kind FROM settings s JOIN organisations o ON o.id = s.value WHERE s.key = 'operator_organisation'`.execute(query),
			sql<{ layer_id: string; organisation_id: string }>`SELECT layer_id, organisation_id FROM layer_visibility ORDER BY organisation_id`.execute(query),
			sql<{ layer_id: string; organisation_id: string; level: EditLevel; name: string }>`SELECT e.layer_id, e.organisation_id, e.level, o.name FROM layer_editors e JOIN organisations o ON o.id = e.organisation_id ORDER BY o.name`.execute(query)
		]);
		const visibilityMap = new Map<string, string[]>();
		for (const row of visibility.rows) visibilityMap.set(row.layer_id, [...(visibilityMap.get(row.layer_id) ?? []), row.organisation_id]);
		const editorsMap = new Map<string, LayerEditor[]>();
		for (const row of editors.rows) editorsMap.set(row.layer_id, [...(editorsMap.get(row.layer_id) ?? []), { organisation: { id: row.organisation_id, name: row.name }, level: row.level }]);
		// Two loads side by side: the one that read the older counter never replaces the newer.
		if (!force && this.#cached && this.#cached.counter > counter) return;
		this.#cached = { counter, organisations: organisations.rows.map((o) => ({ id: o.id, name: o.name, kind: o.kind })), operator: operator.rows[0] ?? null, visibility: visibilityMap, editors: editorsMap };
		this.#recent.clear();
	}

	async #reload(): Promise<void> {
		await this.#load(await this.#counter(), true);
	}

	#reloadSoon(): void {
		this.#reload().catch((error: unknown) => {
			// The next request's fresh() tries again (#stale is still set).
			this.#stale = true;
			console.error('AccountStore: reloading the caches failed:', error);
		});
	}

	/**
	 * After a change of this instance's: the recent sessions are forgotten at once and the rest is
	 * reloaded. Inside a larger write (a layer made with its visibility, an admin's change with its
	 * audit row) it is read from that write's transaction – the write goes on to read what it
	 * changed – and read again once the write has committed (onAfterCommit) or, if it rolled back,
	 * at the next request's fresh(): until then requests running alongside may see the change.
	 */
	async #changed(): Promise<void> {
		this.#recent.clear();
		this.#stale = true;
		if (!this.#database.inWrite) return this.#reload();
		await this.#load(await this.#counter(), true);
		this.#stale = true;
	}

	#kept(): Cached {
		if (!this.#cached) throw new Error('AccountStore: await accounts.fresh() before reading organisations, the operator, visibility or editors.');
		return this.#cached;
	}

	// Organisations

	/** Every organisation, by name (kept in memory: see fresh()). */
	organisations(): Organisation[] {
		return this.#kept().organisations;
	}

	/** An organisation by id (kept in memory: see fresh()). */
	organisation(id: string): Organisation | undefined {
		return this.#kept().organisations.find((o) => o.id === id);
	}

	/** An organisation as the database has it now (inside a write: that write's). */
	async #organisationRow(id: string): Promise<Organisation | undefined> {
		const { rows } = await sql<Organisation>`SELECT id, name, kind FROM organisations WHERE id = ${id}`.execute(this.#query);
		return rows[0] && { id: rows[0].id, name: rows[0].name, kind: rows[0].kind };
	}

	async createOrganisation(name: string, kind: OrganisationKind): Promise<Organisation> {
		const base = slug(name) || 'organisation';
		const organisation = await this.#database.write(async () => {
			const { rows } = await sql`SELECT 1 FROM organisations WHERE name = ${name}`.execute(this.#query);
			if (rows.length) throw new ConflictError(`Organisationen "${name}" finns redan.`);
			let id = base;
			for (let n = 2; await this.#organisationRow(id); n++) id = `${base}-${n}`;
			await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES (${id}, ${name}, ${kind}, ${this.#iso()})`.execute(this.#query);
			return (await this.#organisationRow(id))!;
		});
		await this.#changed();
		return organisation;
	}

	/** An organisation with a fixed id (the demo's example partners), made if it is not there. */
	async ensureOrganisation(id: string, name: string, kind: OrganisationKind): Promise<Organisation> {
		const organisation = await this.#database.write(async () => {
			if (!(await this.#organisationRow(id))) {
				await sql`INSERT INTO organisations (id, name, kind, created_at) VALUES (${id}, ${name}, ${kind}, ${this.#iso()})`.execute(this.#query);
			}
			return (await this.#organisationRow(id))!;
		});
		await this.#changed();
		return organisation;
	}

	/**
	 * The organisation that runs this installation: its admins are system administrators. Set by
	 * `npm run admin:create -- --system` (or by the first admin made there), in demo mode sdf-jarva.
	 * Kept in memory (see fresh()): a change from the command line applies within a second.
	 */
	operator(): Organisation | null {
		return this.#kept().operator;
	}

	async setOperator(organisationId: string): Promise<void> {
		await this.#database.write(async () => {
			if (!(await this.#organisationRow(organisationId))) throw new NotFoundError(`Organisationen ${organisationId} finns inte.`);
			await sql`INSERT INTO settings (key, value) VALUES ('operator_organisation', ${organisationId}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`.execute(this.#query);
		});
		await this.#changed();
	}

	/** The viewer an account acts as: with `systemAdmin` when it is an admin of the operating organisation. */
	viewer(account: Account): Viewer {
		return viewerOf(account, this.operator()?.id ?? null);
	}

	// Accounts

	async account(id: number): Promise<Account | undefined> {
		// An id past what the column holds (PostgreSQL's bigint refuses it) is as unknown as any.
		if (!Number.isSafeInteger(id)) return undefined;
		const { rows } = await sql<AccountRow>`SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN organisations o ON o.id = a.organisation_id WHERE a.id = ${id}`.execute(this.#query);
		return rows[0] && toAccount(rows[0]);
	}

	async accountByUsername(username: string): Promise<(Account & { passwordHash: string }) | undefined> {
		const { rows } = await sql<AccountRow>`SELECT ${ACCOUNT_COLUMNS} FROM accounts a JOIN organisations o ON o.id = a.organisation_id WHERE a.username = ${username}`.execute(this.#query);
		return rows[0] && { ...toAccount(rows[0]), passwordHash: rows[0].password_hash };
	}

	/** Every account, or only one organisation's (what its admins manage). */
	async accounts(organisationId?: string): Promise<AccountSummary[]> {
		const now = this.#now();
		const { idleMs, absoluteMs } = this.limits;
		const { rows } = await sql<AccountRow & { active: number }>`SELECT ${ACCOUNT_COLUMNS},
				(SELECT count(*) FROM sessions s WHERE s.account_id = a.id AND s.last_seen_ms > ${now - idleMs} AND s.created_ms > ${now - absoluteMs}) AS active
			FROM accounts a JOIN organisations o ON o.id = a.organisation_id
			${organisationId === undefined ? sql`` : sql`WHERE a.organisation_id = ${organisationId}`}
			ORDER BY o.name, a.username`.execute(this.#query);
		return rows.map((row) => summary(toAccount(row), Number(row.active)));
	}

	/** @throws NotFoundError for an unknown id. */
	async summary(id: number): Promise<AccountSummary> {
		const found = (await this.accounts()).find((a) => a.id === id);
		if (!found) throw new NotFoundError(`Kontot ${id} finns inte.`);
		return found;
	}

	/** `passwordHash` must already be hashed (hashing is async and slow: before the write, never in it). */
	async createAccount(input: { username: string; displayName: string; organisationId: string; role: Role; passwordHash: string; demo?: boolean }): Promise<Account> {
		const account = await this.#database.write(async () => {
			if (!(await this.#organisationRow(input.organisationId))) throw new NotFoundError(`Organisationen ${input.organisationId} finns inte.`);
			if (await this.accountByUsername(input.username)) throw new ConflictError(`Användarnamnet ${input.username} är upptaget.`);
			const { rows } = await sql<{ id: number }>`INSERT INTO accounts (username, display_name, organisation_id, role, password_hash, demo, created_at)
				VALUES (${input.username}, ${input.displayName}, ${input.organisationId}, ${input.role}, ${input.passwordHash}, ${Boolean(input.demo)}, ${this.#iso()})
				RETURNING id`.execute(this.#query);
			return (await this.account(Number(rows[0]!.id)))!;
		});
		await this.#changed();
		return account;
	}

	/** Changes what is given; disabling or a new password ends the account's sessions. @throws NotFoundError for an unknown account or organisation. */
	async updateAccount(id: number, change: { displayName?: string; role?: Role; organisationId?: string; disabled?: boolean; passwordHash?: string }): Promise<Account> {
		const account = await this.#database.write(async () => {
			if (!(await this.account(id))) throw new NotFoundError(`Kontot ${id} finns inte.`);
			if (change.organisationId !== undefined && !(await this.#organisationRow(change.organisationId))) {
				throw new NotFoundError(`Organisationen ${change.organisationId} finns inte.`);
			}
			const set: Record<string, unknown> = {};
			if (change.displayName !== undefined) set.display_name = change.displayName;
			if (change.role !== undefined) set.role = change.role;
			if (change.organisationId !== undefined) set.organisation_id = change.organisationId;
			if (change.disabled !== undefined) set.disabled = change.disabled;
			if (change.passwordHash !== undefined) set.password_hash = change.passwordHash;
			if (Object.keys(set).length) await this.#query.updateTable('accounts').set(set).where('id', '=', id).execute();
			if (change.disabled || change.passwordHash !== undefined) await this.#endSessions(id);
			return (await this.account(id))!;
		});
		// The role, organisation or name a cached session acts with may have changed.
		await this.#changed();
		return account;
	}

	/**
	 * Replaces a hash of the same password with one made with stronger parameters, at login. No
	 * session ends (the password is unchanged); false when the stored hash changed meanwhile (a
	 * password change won the race and stays).
	 */
	async upgradePasswordHash(id: number, previous: string, next: string): Promise<boolean> {
		const changed = await this.#database.write(async () => {
			const { rows } = await sql<{ id: number }>`UPDATE accounts SET password_hash = ${next} WHERE id = ${id} AND password_hash = ${previous} RETURNING id`.execute(this.#query);
			return rows.length === 1;
		});
		await this.#changed();
		return changed;
	}

	// Sessions

	limits: SessionLimits = DEFAULT_LIMITS;

	/** Starts a session; returns the token for the cookie (never stored). */
	async startSession(accountId: number): Promise<string> {
		const token = randomBytes(32).toString('base64url');
		const now = this.#now();
		await this.#database.write(async () => {
			await sql`INSERT INTO sessions (token_hash, account_id, created_ms, last_seen_ms) VALUES (${hashToken(token)}, ${accountId}, ${now}, ${now})`.execute(this.#query);
			await sql`UPDATE accounts SET last_login_at = ${this.#iso()} WHERE id = ${accountId}`.execute(this.#query);
			// Expired sessions are swept at each login rather than by a timer.
			await sql`DELETE FROM sessions WHERE last_seen_ms < ${now - this.limits.idleMs} OR created_ms < ${now - this.limits.absoluteMs}`.execute(this.#query);
		});
		return token;
	}

	/**
	 * Sessions checked in the last second, by token hash: a page load or a map sends a burst of
	 * requests, and each would otherwise read the session, the account and the operator again.
	 * Whatever ends a session or changes an account (logout, ending sessions, disabling, a new
	 * password, a new role or organisation, the operator) forgets it: at once on this instance, and
	 * on every other at its next request (fresh() sees the change counter move), so only the limits
	 * are looser, by at most that second.
	 */
	readonly #recent = new Map<string, { until: number; check: SessionCheck & { ok: true }; viewer: Viewer }>();
	static readonly RECENT_MS = 1000;

	/**
	 * The account behind a token and the viewer it acts as, if its session is alive (null
	 * otherwise, see checkSession for why): what the hook asks on every request, after fresh(),
	 * from the cache above when it can. An ended session is deleted, unless `keepEnded` (the fast
	 * paths, which hand such a request on to the hook: the hook must still find it to say why it ended).
	 */
	async sessionViewer(token: string, { keepEnded = false } = {}): Promise<{ check: SessionCheck; viewer: Viewer | null }> {
		const known = this.recentViewer(token);
		if (known) return known;
		const now = this.#now();
		const hash = hashToken(token);
		const check = await this.#checkSession(hash, now, !keepEnded);
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
	 * A session checked in the last second, without asking the database (undefined: not known):
	 * the fast paths on SQLite answer with it synchronously. On PostgreSQL never known – another
	 * instance may have ended the session – until fresh() has run for this request.
	 */
	recentViewer(token: string): { check: SessionCheck & { ok: true }; viewer: Viewer } | undefined {
		const recent = this.#recent.get(hashToken(token));
		return recent && recent.until > this.#now() ? { check: recent.check, viewer: recent.viewer } : undefined;
	}

	/** Whether the in-memory reads may be used without fresh() first (SQLite, checked within a second, nothing pending). */
	get freshWithoutAsking(): boolean {
		return this.#database.dialect === 'sqlite' && this.#cached !== undefined && !this.#stale && Date.now() - this.#askedAt < AccountStore.RECENT_MS;
	}

	/**
	 * The viewer a session acts as now, or null when it has ended (logged out, expired, account
	 * disabled): for an open live-update stream, which asks at every event it sends. Unlike
	 * sessionViewer it neither moves the session's clock on (an open tab is not activity) nor
	 * caches.
	 */
	async liveViewer(token: string): Promise<Viewer | null> {
		const row = await this.#session(hashToken(token));
		const now = this.#now();
		if (!row || now - row.created_ms > this.limits.absoluteMs || now - row.last_seen_ms > this.limits.idleMs) return null;
		const account = await this.account(row.account_id);
		return account && !account.disabled ? this.viewer(account) : null;
	}

	async #session(hash: string): Promise<SessionRow | undefined> {
		const { rows } = await sql<SessionRow>`SELECT account_id, created_ms, last_seen_ms FROM sessions WHERE token_hash = ${hash}`.execute(this.#query);
		const row = rows[0];
		return row && { account_id: Number(row.account_id), created_ms: Number(row.created_ms), last_seen_ms: Number(row.last_seen_ms) };
	}

	/**
	 * The account behind a token, if its session is alive; the session's clock is moved on.
	 * `last_seen` is written at most every `touchMs` (a write per request would cost the reads).
	 */
	checkSession(token: string): Promise<SessionCheck> {
		return this.#checkSession(hashToken(token), this.#now());
	}

	async #checkSession(hash: string, now: number, deleteEnded = true): Promise<SessionCheck> {
		const row = await this.#session(hash);
		if (!row) return { ok: false, reason: 'unknown' };
		const end = async (reason: 'idle' | 'absolute' | 'disabled') => {
			if (deleteEnded) await this.#database.write(() => sql`DELETE FROM sessions WHERE token_hash = ${hash}`.execute(this.#query));
			return { ok: false, reason } as const;
		};
		if (now - row.created_ms > this.limits.absoluteMs) return end('absolute');
		if (now - row.last_seen_ms > this.limits.idleMs) return end('idle');
		const account = await this.account(row.account_id);
		if (!account || account.disabled) return end('disabled');
		const touchMs = Math.min(30_000, this.limits.idleMs / 4);
		const touched = now - row.last_seen_ms > touchMs;
		// Not a change the counter sees (migration 19): a session's clock moving on changes no cache.
		if (touched) await sql`UPDATE sessions SET last_seen_ms = ${now} WHERE token_hash = ${hash}`.execute(this.#query);
		return { ok: true, account, touched };
	}

	async endSession(token: string): Promise<void> {
		this.#recent.clear();
		await this.#database.write(() => sql`DELETE FROM sessions WHERE token_hash = ${hashToken(token)}`.execute(this.#query));
		await this.#changed();
	}

	/** Ends every session of an account; returns how many were alive. */
	async endSessions(accountId: number): Promise<number> {
		const alive = await this.#database.write(() => this.#endSessions(accountId));
		await this.#changed();
		return alive;
	}

	async #endSessions(accountId: number): Promise<number> {
		this.#recent.clear();
		const now = this.#now();
		const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM sessions WHERE account_id = ${accountId} AND last_seen_ms > ${now - this.limits.idleMs} AND created_ms > ${now - this.limits.absoluteMs}`.execute(this.#query);
		await sql`DELETE FROM sessions WHERE account_id = ${accountId}`.execute(this.#query);
		return Number(rows[0]!.n);
	}

	// Layer visibility

	/** Organisation ids that may see the layer, or null for all partners (kept in memory: see fresh()). */
	visibility(layerId: string): string[] | null {
		return this.#kept().visibility.get(layerId) ?? null;
	}

	/** Every layer's visibility at once (kept in memory: see fresh()). */
	visibilities(): Map<string, string[]> {
		return this.#kept().visibility;
	}

	/** Every layer's editing grants (organisations other than the owner that may write in it; kept in memory: see fresh()). */
	editors(): Map<string, LayerEditor[]> {
		return this.#kept().editors;
	}

	/** Replaces a layer's editing grants. @throws NotFoundError for an unknown organisation (nothing changed). */
	async setEditors(layerId: string, editors: readonly { organisationId: string; level: EditLevel }[]): Promise<void> {
		await this.#database.write(async () => {
			for (const { organisationId } of editors) {
				if (!(await this.#organisationRow(organisationId))) throw new NotFoundError(`Organisationen ${organisationId} finns inte.`);
			}
			await sql`DELETE FROM layer_editors WHERE layer_id = ${layerId}`.execute(this.#query);
			for (const { organisationId, level } of editors) {
				await sql`INSERT INTO layer_editors (layer_id, organisation_id, level) VALUES (${layerId}, ${organisationId}, ${level})`.execute(this.#query);
			}
		});
		await this.#changed();
	}

	/** Who may see a layer (null: all partners). @throws NotFoundError for an unknown organisation (nothing changed). */
	async setVisibility(layerId: string, organisationIds: readonly string[] | null): Promise<void> {
		await this.#database.write(async () => {
			for (const id of organisationIds ?? []) {
				if (!(await this.#organisationRow(id))) throw new NotFoundError(`Organisationen ${id} finns inte.`);
			}
			await sql`DELETE FROM layer_visibility WHERE layer_id = ${layerId}`.execute(this.#query);
			for (const id of new Set(organisationIds ?? [])) {
				await sql`INSERT INTO layer_visibility (layer_id, organisation_id) VALUES (${layerId}, ${id})`.execute(this.#query);
			}
		});
		await this.#changed();
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
