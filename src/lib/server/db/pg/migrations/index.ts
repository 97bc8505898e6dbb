/**
 * The PostgreSQL migrations, in order: a separate list from SQLite's (../../migrations), because
 * a PostgreSQL database starts at SQLite's schema of today (001) and the two schemas then grow
 * side by side: a SQLite migration that adds or changes a table needs a PostgreSQL one here in
 * the same change (pg/schema.test.ts fails until it has one). Run by pg/migrate.ts with Kysely's
 * Migrator, which records each name in `schema_migrations`. Never edit one that has shipped.
 */
import { sql, type Migration } from 'kysely';
import { SCHEMA_MIGRATION } from './001-schema';
import { FOCUS_PLACE_CHANGES_MIGRATION } from './002-focus-place-changes';
import { CHANGE_NOTIFY_MIGRATION } from './003-change-notify';
import { LOGIN_THROTTLE_MIGRATION } from './004-login-throttle';
import { ACCOUNT_CHANGES_MIGRATION } from './005-account-changes';
import { IMPORT_CHANGES_MIGRATION } from './006-import-changes';

const plain = (text: string): Migration => ({ up: async (db) => void (await sql.raw(text).execute(db)) });

export const PG_MIGRATIONS: Readonly<Record<string, Migration>> = {
	/* the SQLite store's schema at its migration 16 (16 entries in ../../migrations/index.ts) */ '001-schema': plain(SCHEMA_MIGRATION),
	/* SQLite's 17: focus places in the change trigger */ '002-focus-place-changes': plain(FOCUS_PLACE_CHANGES_MIGRATION),
	/* PostgreSQL only: each change NOTIFYs its seq (the live updates across instances) */ '003-change-notify': plain(CHANGE_NOTIFY_MIGRATION),
	/* SQLite's 18: the login throttle's counters (rate-limiter-flexible's table) */ '004-login-throttle': plain(LOGIN_THROTTLE_MIGRATION),
	/* SQLite's 19: the accounts' change counter and its triggers (AccountStore.fresh) */ '005-account-changes': plain(ACCOUNT_CHANGES_MIGRATION),
	/* SQLite's 20: an import is one change (layer_imports, changes_from_imports) */ '006-import-changes': plain(IMPORT_CHANGES_MIGRATION)
};

/** The newest migration's name: the schema version a migrated database is at. */
export const PG_LATEST = Object.keys(PG_MIGRATIONS).sort().at(-1)!;
