/**
 * Migration 18: the login throttle's counters in the database (issue 15), so that every app
 * instance on one database counts against one budget and a restart forgets nothing
 * (auth/throttle.ts). The table is the one rate-limiter-flexible's RateLimiterSQLite reads and
 * writes (`key`, `points`, `expire` in epoch milliseconds; its upsert names the columns and
 * conflicts on `key`): made here so the library never runs DDL while answering a login
 * (`tableCreated: true`). The three budgets share it, told apart by the key's prefix
 * (`pair:`, `username:`, `address:`). The index on `expire` serves the throttle's own cleanup of
 * expired counters. Self-contained SQL: never edit after shipping.
 */
export const LOGIN_THROTTLE_MIGRATION = `
	CREATE TABLE login_throttle (
		key TEXT NOT NULL PRIMARY KEY,
		points INTEGER NOT NULL DEFAULT 0,
		expire INTEGER
	) STRICT;
	CREATE INDEX login_throttle_by_expire ON login_throttle (expire);
`;
