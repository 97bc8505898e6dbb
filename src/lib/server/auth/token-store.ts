/**
 * Personal access tokens (migration 10): what a GIS client (QGIS, ArcGIS Pro, GDAL) sends as
 * `Authorization: Bearer …` to read the layers through OGC API – Features (/ogc). Read-only:
 * the hook lets a token through only for GET/HEAD on /ogc.
 *
 * - The token is `lk_` + 32 random bytes (base64url), shown once when made; only its SHA-256 is
 *   stored. A slow password hash (scrypt) is for secrets a person chose; 256 random bits cannot be
 *   guessed back from a fast hash, and the fast hash lets every request find its token by one
 *   index read.
 * - A token acts as its account *now*: the account is read at every check, so a disabled account,
 *   a new role or organisation, or a layer's changed visibility apply to the token at once.
 * - Expiry at most a year (default 90 days); a revoked or expired token is refused with a message
 *   that says which.
 * Relative imports only, like account-store.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Db } from '../db/database';
import { BadParamError, NotFoundError } from '../errors';

export const TOKEN_PREFIX = 'lk_';
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 365;
export const MAX_TOKEN_NAME = 80;
/** last_used_at is written at most this often per token (a write per request would cost the reads). */
const TOUCH_MS = 60_000;

export interface AccessToken {
	id: number;
	name: string;
	createdAt: string;
	expiresAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
	/** 'active' | 'expired' | 'revoked', as the list shows it. */
	state: 'active' | 'expired' | 'revoked';
}

interface Row {
	id: number;
	token_hash: string;
	account_id: number;
	name: string;
	created_at: string;
	expires_at: string;
	last_used_at: string | null;
	revoked_at: string | null;
}

export type TokenCheck =
	| { ok: true; accountId: number; token: { id: number; name: string } }
	| { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

export const hashAccessToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class TokenStore {
	readonly #db: Db;
	readonly #now: () => number;
	readonly #statements = new Map<string, Database.Statement>();

	constructor(db: Db, now: () => number = Date.now) {
		this.#db = db;
		this.#now = now;
	}

	#sql(text: string): Database.Statement {
		let statement = this.#statements.get(text);
		if (!statement) this.#statements.set(text, (statement = this.#db.prepare(text)));
		return statement;
	}

	#view(row: Row): AccessToken {
		const now = new Date(this.#now()).toISOString();
		return {
			id: row.id,
			name: row.name,
			createdAt: row.created_at,
			expiresAt: row.expires_at,
			lastUsedAt: row.last_used_at,
			revokedAt: row.revoked_at,
			state: row.revoked_at ? 'revoked' : row.expires_at <= now ? 'expired' : 'active'
		};
	}

	/**
	 * A new token for the account; the secret is in the answer and nowhere else.
	 * @throws BadParamError for an empty or over-long name, or an expiry outside 1–365 days.
	 */
	create(accountId: number, input: { name: unknown; expiresInDays?: unknown }): { token: string; accessToken: AccessToken } {
		const name = typeof input.name === 'string' ? input.name.trim() : '';
		if (!name) throw new BadParamError('name', 'Ge token ett namn, t.ex. ”QGIS på min dator”, så att du känner igen den i listan.');
		if (name.length > MAX_TOKEN_NAME) throw new BadParamError('name', `Namnet får vara högst ${MAX_TOKEN_NAME} tecken.`);
		const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
		if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
			throw new BadParamError('expiresInDays', `expiresInDays ska vara ett heltal mellan 1 och ${MAX_TOKEN_DAYS} (dagar); en token gäller högst ett år.`);
		}
		const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
		const now = this.#now();
		const info = this.#sql('INSERT INTO access_tokens (token_hash, account_id, name, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
			hashAccessToken(token),
			accountId,
			name,
			new Date(now).toISOString(),
			new Date(now + days * 86_400_000).toISOString()
		);
		return { token, accessToken: this.#view(this.#sql('SELECT * FROM access_tokens WHERE id = ?').get(info.lastInsertRowid) as Row) };
	}

	/** The account's own tokens, newest first (never the secret, which is not stored). */
	list(accountId: number): AccessToken[] {
		return (this.#sql('SELECT * FROM access_tokens WHERE account_id = ? ORDER BY id DESC').all(accountId) as Row[]).map((r) => this.#view(r));
	}

	/**
	 * Revokes one of the account's tokens (again: no change). @throws NotFoundError for another
	 * account's token and an unknown one alike.
	 */
	revoke(accountId: number, id: number): AccessToken {
		const row = this.#sql('SELECT * FROM access_tokens WHERE id = ? AND account_id = ?').get(id, accountId) as Row | undefined;
		if (!row) throw new NotFoundError(`Du har ingen token med id ${id}.`);
		if (!row.revoked_at) this.#sql('UPDATE access_tokens SET revoked_at = ? WHERE id = ?').run(new Date(this.#now()).toISOString(), id);
		return this.#view(this.#sql('SELECT * FROM access_tokens WHERE id = ?').get(id) as Row);
	}

	/** Which account a presented token acts for, if it is alive; its last use is noted (at most once a minute). */
	check(token: string): TokenCheck {
		const row = this.#sql('SELECT * FROM access_tokens WHERE token_hash = ?').get(hashAccessToken(token)) as Row | undefined;
		if (!row) return { ok: false, reason: 'unknown' };
		if (row.revoked_at) return { ok: false, reason: 'revoked' };
		const now = this.#now();
		if (Date.parse(row.expires_at) <= now) return { ok: false, reason: 'expired' };
		if (!row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_MS) {
			this.#sql('UPDATE access_tokens SET last_used_at = ? WHERE id = ?').run(new Date(now).toISOString(), row.id);
		}
		return { ok: true, accountId: row.account_id, token: { id: row.id, name: row.name } };
	}
}
