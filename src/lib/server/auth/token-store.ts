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
 * Runs on SQLite and PostgreSQL alike (db/app-database.ts; token-store.test.ts runs on both).
 * Relative imports only, like account-store.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { AppDatabase } from '../db/app-database';
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
	readonly #database: AppDatabase;
	readonly #now: () => number;

	constructor(database: AppDatabase, now: () => number = Date.now) {
		this.#database = database;
		this.#now = now;
	}

	async #row(where: ReturnType<typeof sql>): Promise<Row | undefined> {
		const { rows } = await sql<Row>`SELECT * FROM access_tokens WHERE ${where}`.execute(this.#database.query);
		return rows[0];
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
	async create(accountId: number, input: { name: unknown; expiresInDays?: unknown }): Promise<{ token: string; accessToken: AccessToken }> {
		const name = typeof input.name === 'string' ? input.name.trim() : '';
		if (!name) throw new BadParamError('name', 'Ge token ett namn, t.ex. ”QGIS på min dator”, så att du känner igen den i listan.');
		if (name.length > MAX_TOKEN_NAME) throw new BadParamError('name', `Namnet får vara högst ${MAX_TOKEN_NAME} tecken.`);
		const days = input.expiresInDays ?? DEFAULT_TOKEN_DAYS;
		if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > MAX_TOKEN_DAYS) {
			throw new BadParamError('expiresInDays', `expiresInDays ska vara ett heltal mellan 1 och ${MAX_TOKEN_DAYS} (dagar); en token gäller högst ett år.`);
		}
		const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
		const now = this.#now();
		const { rows } = await sql<Row>`INSERT INTO access_tokens (token_hash, account_id, name, created_at, expires_at)
			VALUES (${hashAccessToken(token)}, ${accountId}, ${name}, ${new Date(now).toISOString()}, ${new Date(now + days * 86_400_000).toISOString()})
			RETURNING *`.execute(this.#database.query);
		return { token, accessToken: this.#view(rows[0]!) };
	}

	/** The account's own tokens, newest first (never the secret, which is not stored). */
	async list(accountId: number): Promise<AccessToken[]> {
		const { rows } = await sql<Row>`SELECT * FROM access_tokens WHERE account_id = ${accountId} ORDER BY id DESC`.execute(this.#database.query);
		return rows.map((r) => this.#view(r));
	}

	/**
	 * Revokes one of the account's tokens (again: no change). @throws NotFoundError for another
	 * account's token and an unknown one alike.
	 */
	async revoke(accountId: number, id: number): Promise<AccessToken> {
		const missing = () => new NotFoundError(`Du har ingen token med id ${id}.`);
		// An id past what the column holds (PostgreSQL's bigint refuses it) is as unknown as any.
		if (!Number.isSafeInteger(id)) throw missing();
		const row = await this.#row(sql`id = ${id} AND account_id = ${accountId}`);
		if (!row) throw missing();
		if (row.revoked_at) return this.#view(row);
		const { rows } = await sql<Row>`UPDATE access_tokens SET revoked_at = ${new Date(this.#now()).toISOString()} WHERE id = ${id} RETURNING *`.execute(
			this.#database.query
		);
		return this.#view(rows[0]!);
	}

	/** Which account a presented token acts for, if it is alive; its last use is noted (at most once a minute). */
	async check(token: string): Promise<TokenCheck> {
		const row = await this.#row(sql`token_hash = ${hashAccessToken(token)}`);
		if (!row) return { ok: false, reason: 'unknown' };
		if (row.revoked_at) return { ok: false, reason: 'revoked' };
		const now = this.#now();
		if (Date.parse(row.expires_at) <= now) return { ok: false, reason: 'expired' };
		if (!row.last_used_at || now - Date.parse(row.last_used_at) > TOUCH_MS) {
			await sql`UPDATE access_tokens SET last_used_at = ${new Date(now).toISOString()} WHERE id = ${row.id}`.execute(this.#database.query);
		}
		return { ok: true, accountId: row.account_id, token: { id: row.id, name: row.name } };
	}
}
