import { describe, expect, it } from 'vitest';
import { databaseUrlRefusal } from './database';
import { redact } from './pg/url';

describe('LAGESKARTA_DATABASE_URL and the app', () => {
	it('the app refuses to start with a PostgreSQL URL (its stores run on SQLite only), and says what to do', () => {
		expect(databaseUrlRefusal({})).toBeNull();
		expect(databaseUrlRefusal({ LAGESKARTA_DATABASE_URL: '  ' })).toBeNull();
		expect(databaseUrlRefusal({ LAGESKARTA_DATABASE_URL: 'postgres://u:p@db/lageskarta' })).toMatch(/kör bara på SQLite.*db:migrate, db:copy, db:backup och db:restore.*Ta bort variabeln/);
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
