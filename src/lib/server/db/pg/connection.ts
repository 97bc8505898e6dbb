/**
 * PostgreSQL connections (issue 15): which database a deployment names, and a pg pool or a Kysely
 * instance on it that reads values the way better-sqlite3 does, so one query code gets the same
 * JavaScript values from both databases:
 * - bigint (ids, seq, epoch milliseconds) as a number, not pg's string (refused past 2^53);
 * - json as its text, not a parsed object (the stores JSON.parse what they read, as on SQLite).
 * booleans come back as true/false where SQLite gives 1/0: read them with Boolean().
 * Relative imports only: the db:* scripts run this file outside SvelteKit.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

export { postgresUrl, redact } from './url';

const INT8 = 20;
const JSON_OID = 114;
const JSONB = 3802;

function int8(text: string): number {
	const value = Number(text);
	if (!Number.isSafeInteger(value)) throw new Error(`Heltalet ${text} är större än JavaScript kan hålla exakt.`);
	return value;
}

export const pgTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === INT8) return int8;
		if (oid === JSON_OID || oid === JSONB) return (text: string) => text;
		return pg.types.getTypeParser(oid, format as 'text');
	}
} as pg.CustomTypesConfig;

export function openPool(url: string, options: pg.PoolConfig = {}): pg.Pool {
	const pool = new pg.Pool({ connectionString: url, types: pgTypes, max: 10, ...options });
	// An idle connection the server ends (a restart) must not crash the process: the pool drops it.
	pool.on('error', () => undefined);
	// Nor one in use (checked out by Kysely, which listens for no 'error'): pg emits the end of the
	// connection on the client as an event as well as failing its query. The query's rejection is
	// what reaches the caller (a 503, http.ts); the event, unheard, would stop the process.
	pool.on('connect', (client) => client.on('error', () => undefined));
	return pool;
}

/** A Kysely instance on its own pool; `destroy()` ends the pool. */
export function openKysely(url: string, options: pg.PoolConfig = {}): Kysely<any> {
	return new Kysely<any>({ dialect: new PostgresDialect({ pool: openPool(url, options) }) });
}
