import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/database';
import { AccountStore } from './account-store';
import { hashAccessToken, TokenStore } from './token-store';
import { BadParamError, NotFoundError } from '../errors';

let dir: string;
let db: Db;
let now: number;
let tokens: TokenStore;
let anna: number;
let bo: number;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'lageskarta-tokens-'));
	db = openDatabase(dir);
	now = Date.parse('2026-11-25T08:00:00Z');
	tokens = new TokenStore(db, () => now);
	const accounts = new AccountStore(db, () => now);
	anna = accounts.createAccount({ username: 'anna', displayName: 'Anna', organisationId: 'polis-jarva', role: 'läsare', passwordHash: 'h' }).id;
	bo = accounts.createAccount({ username: 'bo', displayName: 'Bo', organisationId: 'sdf-jarva', role: 'läsare', passwordHash: 'h' }).id;
});
afterEach(() => {
	db.close();
	rmSync(dir, { recursive: true, force: true });
});
const days = (n: number) => (now += n * 86_400_000);

describe('personal access tokens', () => {
	it('stores only the SHA-256 of the token, which is answered once', () => {
		const { token, accessToken } = tokens.create(anna, { name: ' QGIS ' });
		expect(token).toMatch(/^lk_[\w-]{43}$/);
		expect(accessToken).toMatchObject({ name: 'QGIS', state: 'active', lastUsedAt: null, revokedAt: null });
		const rows = db.prepare('SELECT * FROM access_tokens').all() as Record<string, unknown>[];
		expect(rows).toHaveLength(1);
		expect(rows[0]!.token_hash).toBe(hashAccessToken(token));
		expect(JSON.stringify(rows)).not.toContain(token.slice(3));
		expect(JSON.stringify(tokens.list(anna))).not.toContain(token.slice(3));
	});

	it('expires after 90 days by default, at most a year; a bad name or expiry is refused', () => {
		const { accessToken } = tokens.create(anna, { name: 'A' });
		expect(Date.parse(accessToken.expiresAt) - now).toBe(90 * 86_400_000);
		expect(Date.parse(tokens.create(anna, { name: 'B', expiresInDays: 365 }).accessToken.expiresAt) - now).toBe(365 * 86_400_000);
		for (const input of [{ name: '' }, { name: 5 }, { name: 'x'.repeat(81) }, { name: 'C', expiresInDays: 366 }, { name: 'C', expiresInDays: 0 }, { name: 'C', expiresInDays: 1.5 }, { name: 'C', expiresInDays: '30' }]) {
			expect(() => tokens.create(anna, input), JSON.stringify(input)).toThrow(BadParamError);
		}
		expect(tokens.list(anna)).toHaveLength(2);
	});

	it('checks a token: alive, unknown, expired, revoked; notes the last use at most once a minute', () => {
		const { token, accessToken } = tokens.create(anna, { name: 'A', expiresInDays: 2 });
		expect(tokens.check(token)).toEqual({ ok: true, accountId: anna, token: { id: accessToken.id, name: 'A' } });
		const first = tokens.list(anna)[0]!.lastUsedAt;
		expect(first).toBe(new Date(now).toISOString());
		now += 30_000;
		tokens.check(token);
		expect(tokens.list(anna)[0]!.lastUsedAt).toBe(first);
		now += 60_000;
		tokens.check(token);
		expect(tokens.list(anna)[0]!.lastUsedAt).not.toBe(first);
		expect(tokens.check('lk_nothing')).toEqual({ ok: false, reason: 'unknown' });
		days(2);
		expect(tokens.check(token)).toEqual({ ok: false, reason: 'expired' });
		expect(tokens.list(anna)[0]!.state).toBe('expired');
	});

	it('an account revokes only its own tokens; another account’s is not found', () => {
		const { token, accessToken } = tokens.create(anna, { name: 'A' });
		expect(() => tokens.revoke(bo, accessToken.id)).toThrow(NotFoundError);
		expect(tokens.check(token).ok).toBe(true);
		expect(tokens.revoke(anna, accessToken.id).state).toBe('revoked');
		expect(tokens.check(token)).toEqual({ ok: false, reason: 'revoked' });
		expect(tokens.revoke(anna, accessToken.id).state).toBe('revoked');
		expect(tokens.list(bo)).toEqual([]);
	});
});
