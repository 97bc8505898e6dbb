/**
 * The audit log: logins, failed logins, every change and every export, with who, when, from
 * where and on what. Append-only; an admin reads it filtered, newest first, a page at a time.
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; audit-log.test.ts runs on both).
 * Relative imports only: the admin CLI writes to it too.
 */
import { sql, type RawBuilder } from 'kysely';
import type { AppDatabase } from '../db/app-database';
import type { Viewer } from './access';

export const AUDIT_ACTIONS = [
	'login',
	'login-failed',
	'logout',
	'password-change',
	'feature-create',
	'feature-update',
	'feature-delete',
	'feature-restore',
	'layer-create',
	'layer-import',
	'layer-visibility',
	'layer-editors',
	'layer-export',
	'layer-read',
	'history-export',
	'analysis-export',
	'account-create',
	'account-update',
	'sessions-end',
	'organisation-create',
	'measure-create',
	'measure-update',
	'inventory-create',
	'inventory-update',
	'inventory-restore',
	'finding-create',
	'finding-update',
	'finding-photo',
	'finding-measure',
	'finding-place',
	'meeting-create',
	'meeting-update',
	'meeting-restore',
	'agenda-item-create',
	'agenda-item-update',
	'agenda-item-delete',
	'agenda-item-restore',
	'agenda-reorder',
	'decision-create',
	'view-create',
	'view-update',
	'view-restore',
	'view-delete',
	'report-read',
	'report-summary-update',
	'report-summary-restore',
	'indicator-import',
	'indicator-restore',
	'plan-area-update',
	'plan-area-restore',
	'access-denied',
	'token-create',
	'token-revoke',
	'token-use',
	'report-create',
	'report-import',
	'report-update',
	'report-delete',
	'report-export',
	'report-category-create',
	'report-category-update',
	'focus-place-create',
	'focus-place-update',
	'focus-place-delete',
	'focus-place-follow-up',
	'focus-place-measure'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * What is logged without changing anything stored (a login, a read, a refusal). Every other action
 * is a change, and its row is written inside the change's own transaction (`write`): both commit
 * or neither does.
 */
export const NON_CHANGE_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>(['login', 'login-failed', 'logout', 'layer-export', 'layer-read', 'history-export', 'analysis-export', 'report-read', 'report-export', 'access-denied', 'token-use']);

export interface AuditEntry {
	seq: number;
	at: string;
	username: string | null;
	organisationId: string | null;
	action: AuditAction;
	target: string | null;
	outcome: 'ok' | 'refused';
	ip: string | null;
	detail: Record<string, unknown> | null;
}

export interface AuditEvent {
	action: AuditAction;
	/** The account acting; for a failed login only the username that was tried. */
	who?: Viewer | { username: string } | null;
	target?: string | null;
	outcome?: 'ok' | 'refused';
	ip?: string | null;
	detail?: Record<string, unknown> | null;
}

export interface AuditQuery {
	action?: AuditAction;
	username?: string;
	/** Inclusive dates, YYYY-MM-DD (UTC). */
	from?: string;
	to?: string;
	/** Entries older than this seq (the next page). */
	before?: number;
	/**
	 * Only what accounts of this organisation did, and failed logins under their usernames (an
	 * organisation admin's view).
	 */
	organisation?: string;
	limit?: number;
}

interface Row {
	seq: number;
	at: string;
	username: string | null;
	organisation_id: string | null;
	action: AuditAction;
	target: string | null;
	outcome: 'ok' | 'refused';
	ip: string | null;
	detail: string | null;
}

export class AuditLog {
	readonly #database: AppDatabase;
	readonly #now: () => number;

	constructor(database: AppDatabase, now: () => number = Date.now) {
		this.#database = database;
		this.#now = now;
	}

	/**
	 * Records an event. Inside a write the row is written at the end of it, in its transaction (the
	 * change and its audit row commit together or not at all), and the caller need not wait; outside
	 * one (a login, an export, a refusal) it is written at once: await the promise.
	 * @throws Error when a change's row is recorded outside a write (a bug: wrap the change and its audit in `write`).
	 */
	record(event: AuditEvent): Promise<void> {
		const at = new Date(this.#now()).toISOString();
		if (this.#database.inWrite) {
			this.#database.defer(() => this.#insert(event, at));
			return Promise.resolve();
		}
		if (event.outcome !== 'refused' && !NON_CHANGE_ACTIONS.has(event.action)) {
			throw new Error(`The audit row of '${event.action}' must be written inside the change's transaction (write(…)).`);
		}
		return this.#insert(event, at);
	}

	async #insert(event: AuditEvent, at: string): Promise<void> {
		const who = event.who ?? null;
		const viewer = who && 'organisation' in who ? (who as Viewer) : null;
		// database.rows: on SQLite the kept statement at once, not through Kysely's executor (one per change).
		await this.#database.rows(sql`INSERT INTO audit_log (at, account_id, username, organisation_id, action, target, outcome, ip, detail)
			VALUES (${at}, ${viewer?.id ?? null}, ${who?.username ?? null}, ${viewer?.organisation.id ?? null}, ${event.action},
				${event.target ?? null}, ${event.outcome ?? 'ok'}, ${event.ip ?? null}, ${event.detail ? JSON.stringify(event.detail) : null})`);
	}

	/**
	 * Every matching entry, newest first, read a page of `pageSize` at a time (each page its own
	 * short query, so other requests are not held up between pages and no statement stays open
	 * while a download is written). Entries logged after the first page are not included.
	 */
	async *all(q: Omit<AuditQuery, 'limit'> = {}, pageSize = 1000): AsyncGenerator<AuditEntry[], void, undefined> {
		let before = q.before;
		for (;;) {
			const { entries, next } = await this.query({ ...q, before, limit: pageSize });
			if (entries.length > 0) yield entries;
			if (next === null) return;
			before = next;
		}
	}

	/** Newest first, at most 1000 a page; `next` is the `before` for the following page, or null at the end. */
	async query(q: AuditQuery = {}): Promise<{ entries: AuditEntry[]; next: number | null }> {
		const where: RawBuilder<unknown>[] = [];
		if (q.action) where.push(sql`action = ${q.action}`);
		if (q.username) where.push(sql`username = ${q.username} COLLATE nocase`);
		if (q.from) where.push(sql`at >= ${`${q.from}T00:00:00.000Z`}`);
		if (q.to) where.push(sql`at <= ${`${q.to}T23:59:59.999Z`}`);
		if (q.before) where.push(sql`seq < ${q.before}`);
		if (q.organisation) {
			// A refused login (throttled) is logged with only the username tried: it is the organisation's if the name is one of its accounts.
			where.push(
				sql`(organisation_id = ${q.organisation} OR (organisation_id IS NULL AND EXISTS (SELECT 1 FROM accounts a WHERE a.organisation_id = ${q.organisation} AND a.username = audit_log.username)))`
			);
		}
		const limit = Math.min(Math.max(q.limit ?? 100, 1), 1000);
		const { rows } = await sql<Row>`SELECT * FROM audit_log ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``} ORDER BY seq DESC LIMIT ${limit + 1}`.execute(
			this.#database.query
		);
		const page = rows.slice(0, limit);
		return {
			entries: page.map((r) => ({
				seq: r.seq,
				at: r.at,
				username: r.username,
				organisationId: r.organisation_id,
				action: r.action,
				target: r.target,
				outcome: r.outcome,
				ip: r.ip,
				detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null
			})),
			next: rows.length > limit ? page[page.length - 1]!.seq : null
		};
	}
}
