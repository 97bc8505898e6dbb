import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { eachDatabase, insertAccount } from '../../../../test/pg/each-database';
import { hashAccessToken, TokenStore } from './token-store';
import { BadParamError, NotFoundError } from '../errors';

describe('personal access tokens', () => {
	eachDatabase((database) => {
		let now: number;
		let tokens: TokenStore;
		let anna: number;
		let bo: number;
		beforeEach(async () => {
			now = Date.parse('2026-11-25T08:00:00Z');
			tokens = new TokenStore(database(), () => now);
			anna = await insertAccount(database(), { username: 'anna', organisationId: 'polis-jarva' });
			bo = await insertAccount(database(), { username: 'bo', organisationId: 'sdf-jarva' });
		});
		const days = (n: number) => (now += n * 86_400_000);

		it('stores only the SHA-256 of the token, which is answered once', async () => {
			const { token, accessToken } = await tokens.create(anna, { name: ' QGIS ' });
			expect(token).toMatch(/^lk_[\w-]{43}$/);
			expect(accessToken).toMatchObject({ name: 'QGIS', state: 'active', lastUsedAt: null, revokedAt: null });
			const { rows } = await sql<Record<string, unknown>>`SELECT * FROM access_tokens`.execute(database().query);
			expect(rows).toHaveLength(1);
			expect(rows[0]!.token_hash).toBe(hashAccessToken(token));
			expect(JSON.stringify(rows)).not.toContain(token.slice(3));
			expect(JSON.stringify(await tokens.list(anna))).not.toContain(token.slice(3));
		});

		it('expires after 90 days by default, at most a year; a bad name or expiry is refused', async () => {
			const { accessToken } = await tokens.create(anna, { name: 'A' });
			expect(Date.parse(accessToken.expiresAt) - now).toBe(90 * 86_400_000);
			expect(Date.parse((await tokens.create(anna, { name: 'B', expiresInDays: 365 })).accessToken.expiresAt) - now).toBe(365 * 86_400_000);
			for (const input of [{ name: '' }, { name: 5 }, { name: 'x'.repeat(81) }, { name: 'C', expiresInDays: 366 }, { name: 'C', expiresInDays: 0 }, { name: 'C', expiresInDays: 1.5 }, { name: 'C', expiresInDays: '30' }]) {
				await expect(tokens.create(anna, input), JSON.stringify(input)).rejects.toThrow(BadParamError);
			}
			expect(await tokens.list(anna)).toHaveLength(2);
		});

		it('checks a token: alive, unknown, expired, revoked; notes the last use at most once a minute', async () => {
			const { token, accessToken } = await tokens.create(anna, { name: 'A', expiresInDays: 2 });
			expect(await tokens.check(token)).toEqual({ ok: true, accountId: anna, token: { id: accessToken.id, name: 'A' } });
			const first = (await tokens.list(anna))[0]!.lastUsedAt;
			expect(first).toBe(new Date(now).toISOString());
			now += 30_000;
			await tokens.check(token);
			expect((await tokens.list(anna))[0]!.lastUsedAt).toBe(first);
			now += 60_000;
			await tokens.check(token);
			expect((await tokens.list(anna))[0]!.lastUsedAt).not.toBe(first);
			expect(await tokens.check('lk_nothing')).toEqual({ ok: false, reason: 'unknown' });
			days(2);
			expect(await tokens.check(token)).toEqual({ ok: false, reason: 'expired' });
			expect((await tokens.list(anna))[0]!.state).toBe('expired');
		});

		it('an account revokes only its own tokens; another account’s, an unknown or an impossible id is not found', async () => {
			const { token, accessToken } = await tokens.create(anna, { name: 'A' });
			await expect(tokens.revoke(bo, accessToken.id)).rejects.toThrow(NotFoundError);
			for (const id of [NaN, 2 ** 63, -1, 999]) await expect(tokens.revoke(anna, id), String(id)).rejects.toThrow(NotFoundError);
			expect((await tokens.check(token)).ok).toBe(true);
			expect((await tokens.revoke(anna, accessToken.id)).state).toBe('revoked');
			expect(await tokens.check(token)).toEqual({ ok: false, reason: 'revoked' });
			expect((await tokens.revoke(anna, accessToken.id)).state).toBe('revoked');
			expect(await tokens.list(bo)).toEqual([]);
		});

		it('a token made inside a write that fails is not kept', async () => {
			await expect(
				database().write(async () => {
					await tokens.create(anna, { name: 'A' });
					throw new Error('later step failed');
				})
			).rejects.toThrow('later step failed');
			expect(await tokens.list(anna)).toEqual([]);
		});
	});
});
