/**
 * PostgreSQL's side of SQLite's migration 18: the login throttle's counters, in the table
 * rate-limiter-flexible's RateLimiterPostgres expects (its upsert is `INSERT INTO … VALUES ($1,
 * $2, $3)`, so the columns are `key`, `points`, `expire` in that order; `expire` is epoch
 * milliseconds). The library makes `key varchar(255)` itself; `text` here matches SQLite's TEXT
 * (pg/schema.test.ts) and takes any key. Made by the migration, never by the library at request
 * time (`tableCreated: true`).
 */
export const LOGIN_THROTTLE_MIGRATION = `
	CREATE TABLE login_throttle (
		key text NOT NULL PRIMARY KEY,
		points integer NOT NULL DEFAULT 0,
		expire bigint
	);
	CREATE INDEX login_throttle_by_expire ON login_throttle (expire);
`;
