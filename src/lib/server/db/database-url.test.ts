import { describe, expect, it } from 'vitest';
import { openAppDatabase } from '../services';
import { databaseFailure } from '../startup';
import { redact } from './pg/url';

describe('LAGESKARTA_DATABASE_URL and the app', () => {
	it('a database the app cannot open stops it with what to check, never the password', async () => {
		// A real attempt: nothing listens on port 1.
		const env = { LAGESKARTA_DATABASE_URL: 'postgres://lk:hemligt@127.0.0.1:1/lageskarta' };
		const refused = await openAppDatabase(env).catch((err: unknown) => err);
		expect(refused).toBeInstanceOf(Error);
		const message = databaseFailure(refused, env);
		expect(message).toMatch(/^Databasen i LAGESKARTA_DATABASE_URL \(postgres:\/\/lk:\*\*\*@127\.0\.0\.1:1\/lageskarta\) gick inte att öppna: PostgreSQL svarar inte där\. Kontrollera värd och port/);
		expect(message).not.toContain('hemligt');
		expect(databaseFailure(Object.assign(new Error('password authentication failed for user "lk"'), { code: '28P01' }), env)).toMatch(/vägrade inloggningen: kontrollera användare och lösenord/);
		expect(databaseFailure(Object.assign(new Error('database "lageskarta" does not exist'), { code: '3D000' }), env)).toMatch(/Databasen finns inte: skapa den/);
		// Not a PostgreSQL address: postgresUrl's own message, which says what one looks like.
		const wrong = { LAGESKARTA_DATABASE_URL: 'mysql://lk:hemligt@db/x' };
		const notPostgres = await openAppDatabase(wrong).catch((err: unknown) => err);
		expect(databaseFailure(notPostgres, wrong)).toMatch(/ska vara en PostgreSQL-adress \(postgres:\/\/användare:lösenord@värd:5432\/databas\)/);
		expect(databaseFailure(notPostgres, wrong)).not.toContain('hemligt');
	});
});

describe('a PostgreSQL address in messages and logs', () => {
	it('never shows its password: in the user part (even with an unencoded @) or as ?password=', () => {
		expect(redact('postgres://lk:hemligt@db:5432/lageskarta')).toBe('postgres://lk:***@db:5432/lageskarta');
		expect(redact('postgres://lk:hem@ligt@db/lageskarta')).toBe('postgres://lk:***@db/lageskarta');
		expect(redact('postgres://lk@db/lageskarta?password=hemligt&sslmode=require')).toBe('postgres://lk@db/lageskarta?password=***&sslmode=require');
		expect(redact('postgres://db/lageskarta')).toBe('postgres://db/lageskarta');
	});
});
