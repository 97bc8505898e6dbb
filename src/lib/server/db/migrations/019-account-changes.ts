/**
 * Migration 19: the accounts' change counter (issue 15). One row, `account_changes.counter`,
 * bumped by triggers in the same transaction as every change to what AccountStore keeps in memory
 * for every request: accounts (not their last login), organisations, ended sessions (a logout, an
 * expiry swept, an admin ending them; not a session's clock moving on), layer visibility, layer
 * editing grants and the operating organisation (settings 'operator_organisation'). An instance
 * reads the counter before it answers (AccountStore.fresh) and reloads its caches when it moved:
 * on PostgreSQL every request, since another instance may have written; on SQLite at most once a
 * second (the command line, e.g. `npm run admin:create`, writes from another process).
 * PostgreSQL's side is pg/migrations/005-account-changes.ts (same table and trigger names).
 * Self-contained SQL: never edit after shipping.
 */

/** The watched changes: table, event and, for an update, the columns that count. */
const WATCHED: readonly (readonly [table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', columns?: string])[] = [
	['accounts', 'INSERT'],
	['accounts', 'UPDATE', 'username, display_name, organisation_id, role, password_hash, disabled, demo'],
	['accounts', 'DELETE'],
	['organisations', 'INSERT'],
	['organisations', 'UPDATE'],
	['organisations', 'DELETE'],
	['sessions', 'DELETE'],
	['layer_visibility', 'INSERT'],
	['layer_visibility', 'UPDATE'],
	['layer_visibility', 'DELETE'],
	['layer_editors', 'INSERT'],
	['layer_editors', 'UPDATE'],
	['layer_editors', 'DELETE'],
	['settings', 'INSERT'],
	['settings', 'UPDATE'],
	['settings', 'DELETE']
];

const trigger = ([table, event, columns]: (typeof WATCHED)[number]) => {
	const row = event === 'DELETE' ? 'OLD' : 'NEW';
	const when = table === 'settings' ? ` WHEN ${row}.key = 'operator_organisation'` : '';
	return `CREATE TRIGGER account_changes_${table}_${event.toLowerCase()} AFTER ${event}${columns ? ` OF ${columns}` : ''} ON ${table}${when} BEGIN
		UPDATE account_changes SET counter = counter + 1;
	END;`;
};

export const ACCOUNT_CHANGES_MIGRATION = `
	CREATE TABLE account_changes (
		id INTEGER PRIMARY KEY CHECK (id = 1),
		counter INTEGER NOT NULL
	) STRICT;
	INSERT INTO account_changes (id, counter) VALUES (1, 0);
	${WATCHED.map(trigger).join('\n\t')}
`;
