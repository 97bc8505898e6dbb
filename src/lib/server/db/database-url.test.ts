import { describe, expect, it } from 'vitest';
import { databaseUrlRefusal } from './database';

describe('LAGESKARTA_DATABASE_URL and the app', () => {
	it('the app refuses to start with a PostgreSQL URL (its stores run on SQLite only), and says what to do', () => {
		expect(databaseUrlRefusal({})).toBeNull();
		expect(databaseUrlRefusal({ LAGESKARTA_DATABASE_URL: '  ' })).toBeNull();
		expect(databaseUrlRefusal({ LAGESKARTA_DATABASE_URL: 'postgres://u:p@db/lageskarta' })).toMatch(/kör bara på SQLite.*db:migrate, db:copy, db:backup och db:restore.*Ta bort variabeln/);
	});
});
